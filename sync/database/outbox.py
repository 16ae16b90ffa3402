"""The mail outbox, on the caller's session: a row per message, unique per (account, kind, period), so queueing a
message twice keeps one; claiming a row is one conditional UPDATE, so two senders never both take it.

A row goes queued -> sending (claimed, with a lease) -> sent, or back to queued with a later try, or failed after
the last try. A sender killed while sending leaves its row "sending" until the lease runs out; then it is claimed
again (at most one more delivery of the same Message-ID, which mail clients show once).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.database.models import OutboxMessage

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"


@dataclass(frozen=True)
class Queued:
    id: int
    recipient: str
    message_id: str
    body: bytes
    attempts: int


def queue(
    session: Session, owner: int, kind: str, period: str, recipient: str, message_id: str, body: bytes, at: datetime
) -> bool:
    """Add a message unless one of its (account, kind, period) is there; True when added."""
    try:
        with session.begin_nested():
            session.add(
                OutboxMessage(
                    account_id=owner,
                    kind=kind,
                    period=period,
                    recipient=recipient,
                    message_id=message_id,
                    body=body,
                    status=QUEUED,
                    attempts=0,
                    next_attempt_at=at,
                    last_error="",
                    created_at=at,
                )
            )
        return True
    except IntegrityError:
        return False


def is_queued(session: Session, owner: int, kind: str, period: str) -> bool:
    found = select(OutboxMessage.id).where(
        OutboxMessage.account_id == owner, OutboxMessage.kind == kind, OutboxMessage.period == period
    )
    return session.execute(found).first() is not None


def due_ids(session: Session, now: datetime, limit: int) -> list[int]:
    """Messages waiting whose time has come, and claims whose lease ran out (their sender died), oldest first."""
    waiting = or_(OutboxMessage.status == QUEUED, OutboxMessage.status == SENDING)
    query = (
        select(OutboxMessage.id)
        .where(waiting, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def claim(session: Session, message: int, now: datetime, lease: timedelta) -> Queued | None:
    """Take the message for sending until ``now + lease``; None when another sender has it or it is done."""
    taken = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message,
            or_(OutboxMessage.status == QUEUED, OutboxMessage.status == SENDING),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(status=SENDING, next_attempt_at=now + lease, attempts=OutboxMessage.attempts + 1)
    ).rowcount
    if not taken:
        return None
    row = session.get(OutboxMessage, message)
    return Queued(row.id, row.recipient, row.message_id, row.body, row.attempts)


def mark_sent(session: Session, message: int, at: datetime) -> None:
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message).values(status=SENT, sent_at=at, last_error="")
    )


def retry_later(session: Session, message: int, at: datetime, error: str, *, give_up: bool) -> None:
    status = FAILED if give_up else QUEUED
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message, OutboxMessage.status == SENDING)
        .values(status=status, next_attempt_at=at, last_error=error[:400])
    )


def cancel_waiting(session: Session, owner: int, reason: str) -> int:
    """Mail of the account not sent yet is not to be sent (its owner unsubscribed): failed, with the reason."""
    return session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.account_id == owner, OutboxMessage.status == QUEUED)
        .values(status=FAILED, last_error=reason)
    ).rowcount


def prune(session: Session, before: datetime) -> int:
    """Forget messages sent or given up on before ``before``: their periods are past, so no round queues them again."""
    return session.execute(
        delete(OutboxMessage).where(
            or_(OutboxMessage.status == SENT, OutboxMessage.status == FAILED), OutboxMessage.created_at < before
        )
    ).rowcount


def counts(session: Session, owner: int | None = None) -> dict[str, int]:
    """{status: messages}, of one account or all."""
    query = select(OutboxMessage.status)
    if owner is not None:
        query = query.where(OutboxMessage.account_id == owner)
    found: dict[str, int] = {}
    for status in session.execute(query).scalars():
        found[status] = found.get(status, 0) + 1
    return found
