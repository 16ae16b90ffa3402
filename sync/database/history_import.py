"""Carry the history earlier versions kept in Redis into the database: daily snapshots and X post archives.

Run once by `flask --app app history import-redis`; running it again adds nothing. It only reads
Redis (the keys stay until the sync plans write to the database) and only fills what the database
lacks, so values collected since are never replaced by older ones.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import msgspec
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.labels import PROVIDERS
from providers.twitch.records import Profile
from providers.x.records import PostArchive, XUser
from sync.cache.snapshots import Snapshots
from sync.cache.store import DataStore
from sync.database import history
from sync.database.models import ACCOUNT_DATA, TrackedAccount

log = logging.getLogger(__name__)

CARRIED_OVER = "Carried over from an earlier version; sign in again to resume collection."
# Snapshot counters kept in one field of daily_counters: (provider, snapshot counter) -> column.
COUNTER_COLUMNS = {
    ("twitch", "followers"): "followers",
    ("twitch", "subscribers"): "subscribers",
    ("twitch", "points"): "subscriber_points",
}
X_COUNTS = ("followers", "following", "posts", "listed")  # the X "counts" snapshot holds these four


@dataclass
class ImportReport:
    accounts: int = 0  # accounts with history in Redis
    new_accounts: int = 0  # of those, not tracked before
    added: dict[str, int] = field(default_factory=dict)  # rows added, by table
    not_understood: list[str] = field(default_factory=list)  # Redis keys left out, each named

    def summary(self) -> str:
        rows = ", ".join(f"{count} {table}" for table, count in self.added.items())
        return (
            f"Carried over from Redis: {self.accounts} accounts ({self.new_accounts} new); "
            f"rows added: {rows or 'none'}."
        )


def _account_keys(client: redis.Redis, key_prefix: str) -> dict[tuple[str, str], set[str]]:
    """(provider, account id) -> snapshot counters held, for every account with history in Redis."""
    found: dict[tuple[str, str], set[str]] = {}
    for key in client.scan_iter(match=f"{key_prefix}snap:*", count=1000):
        provider, *middle, counter = key.decode()[len(key_prefix) + len("snap:") :].split(":")
        found.setdefault((provider, ":".join(middle)), set()).add(counter)
    for key in client.scan_iter(match=f"{key_prefix}data:twitter:*:posts", count=1000):
        account = key.decode()[len(key_prefix) + len("data:twitter:") : -len(":posts")]
        found.setdefault(("twitter", account), set())
    return {account: counters for account, counters in found.items() if account[0] in PROVIDERS}


def _names(store: DataStore, provider: str, account: str) -> tuple[str, str]:
    """Username and display name from the stored profile, or the account id when there is none."""
    try:
        if provider == "twitter":
            user = store.get(provider, account, "profile", type=XUser)
            return (user.username, user.name) if user else (account, account)
        profile = store.get(provider, account, "profile", type=Profile)
        return (profile.user.login, profile.user.display_name) if profile else (account, account)
    except msgspec.MsgspecError:
        return account, account


def _row_counts(session: Session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model))
        for model in (TrackedAccount, *ACCOUNT_DATA)
    }


def import_from_redis(session: Session, client: redis.Redis, key_prefix: str) -> ImportReport:
    """Carry every account's snapshots and X posts over; the report says how many rows were added."""
    snapshots, store = Snapshots(client, key_prefix), DataStore(client, key_prefix)
    report, before = ImportReport(), _row_counts(session)
    for (provider, account), counters in sorted(_account_keys(client, key_prefix).items()):
        report.accounts += 1
        username, display_name = _names(store, provider, account)
        if history.ensure_tracked(
            session, provider, account, username=username, display_name=display_name, message=CARRIED_OVER
        ):
            report.new_accounts += 1
        for counter in sorted(counters):
            _import_snapshots(session, snapshots, provider, account, counter, report)
        if provider == "twitter":
            _import_posts(session, store, account, report)
    after = _row_counts(session)
    report.added = {table: after[table] - before[table] for table in after}
    return report


def _import_snapshots(
    session: Session, snapshots: Snapshots, provider: str, account: str, counter: str, report: ImportReport
) -> None:
    for day_text, value in snapshots.history(provider, account, counter).items():
        try:
            day = date.fromisoformat(day_text)
            _import_day(session, provider, account, counter, day, value)
        except (ValueError, TypeError, AttributeError):
            report.not_understood.append(f"snap:{provider}:{account}:{counter} {day_text}")


def _import_day(session: Session, provider: str, account: str, counter: str, day: date, value) -> None:
    """One day of one snapshot counter, into the table that keeps it; only what the day lacks is filled."""
    if provider == "twitter" and counter == "counts":
        counts = {name: _whole(value[name]) for name in X_COUNTS if name in value}
        history.record_daily_counters(session, provider, account, day, overwrite=False, **counts)
    elif (provider, counter) in COUNTER_COLUMNS:
        history.record_daily_counters(
            session, provider, account, day, overwrite=False, **{COUNTER_COLUMNS[provider, counter]: _whole(value)}
        )
    elif provider == "twitch" and counter in ("video_views", "clip_views"):
        views = {str(item): _whole(count) for item, count in value.items()}
        record = history.record_video_views if counter == "video_views" else history.record_clip_views
        record(session, account, day, views, overwrite=False)
        if counter == "video_views":  # the day's total, as the dashboard's card shows it
            history.record_daily_counters(
                session, provider, account, day, overwrite=False, vod_views=sum(views.values())
            )
    else:
        raise ValueError(f"snapshot counter {counter!r} is not known")


def _whole(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not a count: {value!r}")
    return value


def _import_posts(session: Session, store: DataStore, account: str, report: ImportReport) -> None:
    try:
        archive = store.get("twitter", account, "posts", type=PostArchive)
    except msgspec.MsgspecError:
        report.not_understood.append(f"data:twitter:{account}:posts")
        return
    if archive and archive.posts:
        fetched_at = store.status("twitter", account).get("posts")
        when = datetime.fromtimestamp(fetched_at.fetched_at, UTC) if fetched_at and fetched_at.fetched_at else None
        history.upsert_posts(session, account, archive.posts, fetched_at=when, overwrite=False)
