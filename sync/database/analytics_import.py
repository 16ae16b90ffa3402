"""X's analytics export into the history database: checked against the account, then kept apart from what
the API fetched (x_post_imports, x_import_days), and read back for the dashboard.

An import is one transaction (the archive's): a file refused, or one of several, leaves nothing behind.
Numbers a later export gives replace the earlier ones; an empty cell never replaces a number, and
nothing here writes to the API's tables. The same file imported twice so changes nothing.
"""

from dataclasses import dataclass, fields
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from providers.x.analytics_export import CONTENT, AnalyticsExport, ExportedDay, ExportedPost, ExportRefused
from sync.database.history import tracked_row, upsert
from sync.database.models import XImportDay, XPostImport, XPostRecord, utc_now

PROVIDER = "twitter"
POST_COLUMNS = tuple(f.name for f in fields(ExportedPost) if f.name != "id")
DAY_COLUMNS = tuple(f.name for f in fields(ExportedDay) if f.name != "day")
# Enough of the API's posts inside a file's days to be sure the file should share some of them.
POSTS_TO_COMPARE = 3


@dataclass(frozen=True)
class ImportSummary:
    posts: int = 0  # posts the files held
    posts_beyond_api: int = 0  # of those, posts the API never gave (older than its reach, or since deleted)
    days: int = 0  # overview days the files held

    def sentence(self) -> str:
        said = []
        if self.posts:
            said.append(f"{self.posts:,} posts ({self.posts_beyond_api:,} of them beyond what X's API gave)")
        if self.days:
            said.append(f"{self.days:,} days of the account overview")
        return "Imported " + " and ".join(said) + "." if said else "Nothing to import."


def import_exports(session: Session, account_id: str, username: str, exports: list[tuple[str, AnalyticsExport]]):
    """Keep every (file name, export) given, after checking each is this account's; ExportRefused otherwise."""
    owner = tracked_row(session, PROVIDER, account_id).id
    summary = ImportSummary()
    for name, export in exports:
        if export.kind == CONTENT:
            _check_owner(session, owner, username, name, export)
            beyond = _unknown_to_api(session, owner, [post.id for post in export.posts])
            _keep_posts(session, owner, export.posts)
            summary = ImportSummary(summary.posts + len(export.posts), summary.posts_beyond_api + beyond, summary.days)
        else:
            _keep_days(session, owner, export.days)
            summary = ImportSummary(summary.posts, summary.posts_beyond_api, summary.days + len(export.days))
    return summary


def _check_owner(session: Session, owner: int, username: str, name: str, export: AnalyticsExport) -> None:
    """The file's post links name the account, and its posts are the ones the API gave for those days."""
    others = sorted(export.handles - {username.lower()})
    if others:
        raise ExportRefused(
            f"{name} is the export of @{others[0]}, not of @{username}: sign in as that account to import it."
        )
    first, last = export.span
    known = set(
        session.scalars(
            select(XPostRecord.post_id).where(
                XPostRecord.account_id == owner,
                XPostRecord.kind != "repost",
                XPostRecord.created_at >= datetime.combine(first - timedelta(days=1), time(), UTC),
                XPostRecord.created_at < datetime.combine(last + timedelta(days=2), time(), UTC),
            )
        )
    )
    if len(known) >= POSTS_TO_COMPARE and not known & {post.id for post in export.posts}:
        raise ExportRefused(
            f"None of the {len(export.posts):,} posts in {name} is among the {len(known):,} posts X's API gave for "
            f"@{username} in those days: the file is another account's export."
        )


def _unknown_to_api(session: Session, owner: int, post_ids: list[str]) -> int:
    known = session.scalar(
        select(func.count()).where(XPostRecord.account_id == owner, XPostRecord.post_id.in_(post_ids))
    )
    return len(post_ids) - known


def _keep_posts(session: Session, owner: int, posts) -> None:
    now = utc_now()
    rows = [
        {"account_id": owner, "post_id": post.id, "imported_at": now, **{c: getattr(post, c) for c in POST_COLUMNS}}
        for post in posts
    ]
    upsert(
        session,
        XPostImport.__table__,
        rows,
        ("account_id", "post_id"),
        latest_known=POST_COLUMNS,
        first_known=("imported_at",),
    )


def _keep_days(session: Session, owner: int, days) -> None:
    rows = [{"account_id": owner, "day": day.day, **{c: getattr(day, c) for c in DAY_COLUMNS}} for day in days]
    upsert(session, XImportDay.__table__, rows, ("account_id", "day"), latest_known=DAY_COLUMNS)


def imported_posts(session: Session, account_id: str) -> list[ExportedPost]:
    """Every post imported for the account, newest first."""
    owner = tracked_row(session, PROVIDER, account_id).id
    query = (
        select(XPostImport)
        .where(XPostImport.account_id == owner)
        .order_by(XPostImport.created_at.desc(), func.length(XPostImport.post_id).desc(), XPostImport.post_id.desc())
    )
    return [ExportedPost(row.post_id, **{c: getattr(row, c) for c in POST_COLUMNS}) for row in session.scalars(query)]


def imported_days(session: Session, account_id: str) -> list[ExportedDay]:
    """Every overview day imported for the account, oldest first."""
    owner = tracked_row(session, PROVIDER, account_id).id
    query = select(XImportDay).where(XImportDay.account_id == owner).order_by(XImportDay.day)
    return [ExportedDay(row.day, **{c: getattr(row, c) for c in DAY_COLUMNS}) for row in session.scalars(query)]


def import_version(session: Session, account_id: str) -> str:
    """Changes whenever an import adds or changes a row: what the panels drawn from imports are kept by."""
    owner = tracked_row(session, PROVIDER, account_id).id
    posts = session.execute(
        select(
            func.count(),
            *(
                func.coalesce(func.sum(getattr(XPostImport, c)), 0)
                for c in ("impressions", "new_follows", "profile_visits")
            ),
        ).where(XPostImport.account_id == owner)
    ).one()
    days = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(XImportDay.impressions), 0),
            func.coalesce(func.sum(XImportDay.new_follows), 0),
        ).where(XImportDay.account_id == owner)
    ).one()
    return ":".join(str(value) for value in (*posts, *days))
