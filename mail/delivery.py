"""The outbox as senders use it: queue a composed message once per (account, kind, period), and send what is due,
each message in three short transactions (claim, send outside any, record), so a slow server holds no lock.

A server that refuses for now or is away: the message waits 1, 2, 4 ... minutes (at most 6 hours) and is tried
again, up to ``MAX_ATTEMPTS``; a server that refuses for good: failed at once. Nothing is dropped from the table.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy.orm import Session, sessionmaker

from mail.transport import Refused, TryLater
from sync.database import outbox

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # about a day and a half of tries
LEASE = timedelta(minutes=5)  # a claim older than this belongs to a sender that died
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
KEPT = timedelta(days=14)  # sent mail is kept this long (what was sent, for a question), then pruned


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try."""
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def queue_message(session: Session, owner: int, kind: str, period: str, message: EmailMessage, now=None) -> bool:
    """Keep the message to send (unless one of its key is there); True when it is new."""
    now = now or datetime.now(UTC)
    body = message.as_bytes()
    return outbox.queue(session, owner, kind, period, message["To"], message["Message-ID"], body, now)


@dataclass
class Delivered:
    sent: int = 0
    waiting: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def deliver_due(sessions: sessionmaker[Session], transport, sender: str, now=None, limit: int = 500) -> Delivered:
    """Send every message whose time has come (at most ``limit``); returns what became of them."""
    now = now or datetime.now(UTC)
    report = Delivered()
    with sessions.begin() as session:
        outbox.prune(session, now - KEPT)
        due = outbox.due_ids(session, now, limit)
    for message_id in due:
        with sessions.begin() as session:
            message = outbox.claim(session, message_id, now, LEASE)
        if message is None:
            continue  # another sender has it
        try:
            transport.send(sender, message.recipient, message.body, message.message_id)
        except (TryLater, Refused) as error:
            give_up = isinstance(error, Refused) or message.attempts >= MAX_ATTEMPTS
            with sessions.begin() as session:
                outbox.retry_later(session, message.id, now + backoff(message.attempts), str(error), give_up=give_up)
            report.failed += give_up
            report.waiting += not give_up
            report.errors.append(str(error))
            log.warning("Mail %d not sent (try %d): %s", message.id, message.attempts, error)
            continue
        with sessions.begin() as session:
            outbox.mark_sent(session, message.id, datetime.now(UTC))
        report.sent += 1
    return report
