"""The reads each X account's collection used, per calendar month (UTC): what X bills, and what the
operator's cap (X_MONTHLY_READ_CAP) is measured against."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from providers.x.pricing import MonthlyReads
from sync.database.history import tracked_row, upsert
from sync.database.models import XMonthlyReads

PROVIDER = "twitter"


def add_reads(session: Session, account_id: str, used: MonthlyReads) -> None:
    """Add a sync's reads to its month's."""
    row = {
        "account_id": tracked_row(session, PROVIDER, account_id).id,
        "month": used.month,
        "post_reads": used.post_reads,
        "user_reads": used.user_reads,
        "requests": used.requests,
    }
    upsert(
        session, XMonthlyReads.__table__, [row], ("account_id", "month"), added=("post_reads", "user_reads", "requests")
    )


def monthly_reads(session: Session, account_id: str, since: date = date.min) -> list[MonthlyReads]:
    """The account's reads per month from ``since``'s month on, oldest first."""
    owner = tracked_row(session, PROVIDER, account_id).id
    query = (
        select(XMonthlyReads)
        .where(XMonthlyReads.account_id == owner, XMonthlyReads.month >= since.replace(day=1))
        .order_by(XMonthlyReads.month)
    )
    return [MonthlyReads(row.month, row.post_reads, row.user_reads, row.requests) for row in session.scalars(query)]
