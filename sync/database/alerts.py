"""Alerts, on the caller's session: recorded once each, as their (account, kind, subject) is unique, so a round run
again (or two at once) records nothing new; and an account's latest ones for its dashboard."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.database.history import find_tracked
from sync.database.models import AlertRecord


@dataclass(frozen=True)
class Alert:
    id: int
    kind: str
    subject: str
    text: str
    at: datetime


def record(session: Session, owner: int, kind: str, subject: str, text: str, at: datetime) -> Alert | None:
    """Keep the alert; None when it was kept before (it is not news twice)."""
    row = AlertRecord(account_id=owner, kind=kind, subject=subject[:100], text=text[:400], at=at, seen=False)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return Alert(row.id, row.kind, row.subject, row.text, row.at)


def latest(session: Session, provider: str, account_id: str, limit: int = 10) -> list[Alert]:
    """The account's newest alerts first; [] for an untracked account."""
    account = find_tracked(session, provider, account_id)
    if account is None:
        return []
    rows = session.execute(
        select(AlertRecord)
        .where(AlertRecord.account_id == account.id)
        .order_by(AlertRecord.at.desc(), AlertRecord.id.desc())
        .limit(limit)
    ).scalars()
    return [Alert(r.id, r.kind, r.subject, r.text, r.at) for r in rows]
