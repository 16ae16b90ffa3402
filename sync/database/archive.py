"""The history archive as the rest of the app uses it: one transaction per call, failures as one error type.

``sync/database/history.py`` holds the queries on a caller's session; this wraps each in its own short
transaction, seals credentials with the app's key ring, and turns a database that is away into
``HistoryUnavailable``, whose text a page may show. Reads for the dashboards come back as the
plain shapes the figure builders take ({day: value}).
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import TypeVar

from cryptography.fernet import MultiFernet
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from providers.twitch.records import StreamStory
from providers.x.analytics_export import AnalyticsExport, ExportedDay, ExportedPost
from providers.x.pricing import MonthlyReads
from providers.x.records import XPost
from sync.cache.view_memo import ViewMemo, samples_key, tracked_key
from sync.database import analytics_import, history, x_reads
from sync.database.analytics_import import ImportSummary
from sync.database.history import Account
from sync.database.models import TrackedAccount
from sync.database.stream_story import chat_by_stream, stream_span, stream_stories, stream_story

log = logging.getLogger(__name__)

T = TypeVar("T")
UNAVAILABLE = "The history database cannot be reached just now; your history is safe and comes back with it."


class HistoryUnavailable(Exception):
    """The database is away or refused the work; ``str()`` is safe to show."""


class Archive:
    def __init__(self, sessions: sessionmaker[Session], fernet: MultiFernet, memo: ViewMemo | None = None):
        self.sessions, self.fernet, self.memo = sessions, fernet, memo

    def _memoized(self, key: str, load: Callable[[], T], kind) -> T:
        return self.memo.read(key, load, kind) if self.memo else load()

    def _write(self, work: Callable[[Session], T], *changed: str) -> T:
        """Run a write, then drop the memo's answers it changed (after the commit: no read keeps the old one)."""
        try:
            return self._run(work)
        finally:
            if self.memo:
                self.memo.forget(*changed)

    def _run(self, work: Callable[[Session], T]) -> T:
        try:
            with self.sessions.begin() as session:
                return work(session)
        except history.UnknownAccount:
            raise
        except SQLAlchemyError as error:
            log.warning("History database: %s", type(error).__name__)
            raise HistoryUnavailable(UNAVAILABLE) from error

    # Accounts --------------------------------------------------------------------------------------

    def enrol(self, provider: str, account_id: str, username: str, display_name: str, credentials: Mapping) -> Account:
        return self._write(
            lambda s: history.enrol_account(
                s,
                self.fernet,
                provider,
                account_id,
                username=username,
                display_name=display_name,
                credentials=credentials,
            ),
            tracked_key(provider, account_id),
            samples_key(account_id),
        )

    def account(self, provider: str, account_id: str) -> Account | None:
        def find(session: Session) -> Account | None:
            row = history.find_tracked(session, provider, account_id)
            return Account.of(row) if row else None

        return self._memoized(tracked_key(provider, account_id), lambda: self._run(find), Account | None)

    def credentials(self, provider: str, account_id: str) -> dict | None:
        return self._run(lambda s: history.account_credentials(s, self.fernet, provider, account_id))

    def save_credentials(self, provider: str, account_id: str, credentials: Mapping) -> None:
        """New credentials for a tracked account (a refreshed Twitch token); untracked accounts are left alone."""

        def save(session: Session) -> None:
            if history.find_tracked(session, provider, account_id) is not None:
                history.store_credentials(session, self.fernet, provider, account_id, credentials)

        self._write(save, tracked_key(provider, account_id))

    def needs_sign_in(self, provider: str, account_id: str, message: str) -> Account:
        return self._write(
            lambda s: history.mark_needs_sign_in(s, provider, account_id, message), tracked_key(provider, account_id)
        )

    def set_collecting(self, provider: str, account_id: str, collecting: bool) -> Account:
        return self._write(
            lambda s: history.set_collecting(s, provider, account_id, collecting), tracked_key(provider, account_id)
        )

    def collected(self, provider: str, account_id: str, at) -> None:
        """A round finished for the account at ``at`` (aware UTC)."""

        self._write(lambda s: history.mark_collected(s, provider, account_id, at), tracked_key(provider, account_id))

    def collecting_accounts(self) -> list[tuple[Account, object]]:
        """(account, last collected at) of every account a scheduler should collect: on, and signed in."""
        accounts = self._run(lambda s: history.tracked_accounts(s, collecting_only=True))
        return [(account, account.last_collected_at) for account in accounts]

    def is_empty(self) -> bool:
        """No account was ever tracked here (a first start)."""
        return self._run(lambda s: s.query(TrackedAccount.id).first() is None)

    def delete_everything(self, provider: str, account_id: str) -> dict[str, int]:
        return self._write(
            lambda s: history.delete_account_data(s, provider, account_id),
            tracked_key(provider, account_id),
            samples_key(account_id),
        )

    # Writing history -------------------------------------------------------------------------------

    def record_counters(self, provider: str, account_id: str, read_at: datetime, **counters: int | None) -> None:
        """The counters as read at ``read_at``: its UTC day's row."""
        day = read_at.astimezone(UTC).date()
        self._run(lambda s: history.record_daily_counters(s, provider, account_id, day, read_at=read_at, **counters))

    def record_changed_views(self, kind: str, account_id: str, day: date, views: Mapping[str, int]) -> int:
        """Keep the day's count of each VOD (or clip) whose count changed since the last one kept; returns how many.

        An old VOD's count rarely moves: a row per VOD per day would be mostly repeats.
        """

        def record(session: Session) -> int:
            if history.find_tracked(session, "twitch", account_id) is None:
                return 0
            kept = history.latest_views(session, account_id, kind)
            changed = {item: count for item, count in views.items() if kept.get(item) != count}
            writer = {"video": history.record_video_views, "clip": history.record_clip_views}[kind]
            return writer(session, account_id, day, changed) if changed else 0

        return self._run(record)

    def upsert_posts(self, account_id: str, posts: Iterable[XPost]) -> int:
        return self._run(lambda s: history.upsert_posts(s, account_id, posts))

    def import_x_exports(
        self, account_id: str, username: str, exports: list[tuple[str, AnalyticsExport]]
    ) -> ImportSummary:
        """Keep X analytics exports (file name, export) in one transaction: all of them, or (ExportRefused) none."""
        return self._run(lambda s: analytics_import.import_exports(s, account_id, username, exports))

    def add_x_reads(self, account_id: str, used: MonthlyReads) -> None:
        """Count a sync's X reads in its month's."""
        self._run(lambda s: x_reads.add_reads(s, account_id, used))

    def x_reads(self, account_id: str, since: date = date.min) -> list[MonthlyReads]:
        """The X account's reads per month from ``since``'s month on, oldest first; [] for an untracked account."""
        return self._x_import_read(lambda s, a: x_reads.monthly_reads(s, a, since), account_id, [])

    def record_stream_samples(self, sampled_at: datetime, samples) -> int:
        samples = list(samples)
        return self._write(
            lambda s: history.record_stream_samples(s, sampled_at, samples),
            *{samples_key(sample.user_id) for sample in samples},
        )

    # Reading history -------------------------------------------------------------------------------

    def stream_samples(self, account_id: str, start: datetime, end: datetime) -> list:
        """[(sampled_at, StreamSample)] of the channel, oldest first; [] for an untracked channel."""

        def read(session: Session) -> list:
            if history.find_tracked(session, "twitch", account_id) is None:
                return []
            return history.stream_samples(session, account_id, start, end)

        return self._run(read)

    def stream_story(self, account_id: str, stream_id: str, start: datetime, end: datetime) -> StreamStory:
        """What EventSub told of a stream (events and chat between ``start`` and ``end``); empty when untracked."""

        def read(session: Session) -> StreamStory:
            if history.find_tracked(session, "twitch", account_id) is None:
                return StreamStory()
            return stream_story(session, account_id, stream_id, start, end)

        return self._run(read)

    def chat_by_stream(self, account_id: str, streams: list[tuple[str, datetime, datetime]]) -> dict:
        """{stream id: (messages, chatters, first-timers)} of the streams given as (id, start, end); {} untracked."""

        def read(session: Session) -> dict:
            if history.find_tracked(session, "twitch", account_id) is None:
                return {}
            return chat_by_stream(session, account_id, streams)

        return self._run(read)

    def stream_stories(self, account_id: str, streams: list[tuple[str, datetime, datetime]]) -> dict:
        """{stream id: its StreamStory, without top lists} of the streams given as (id, start, end); {} untracked."""

        def read(session: Session) -> dict:
            if history.find_tracked(session, "twitch", account_id) is None:
                return {}
            return stream_stories(session, account_id, streams)

        return self._run(read)

    def stream_span(self, account_id: str, stream_id: str) -> tuple[datetime, datetime] | None:
        """When a stream's first and last samples were taken; None for one never sampled (or untracked)."""

        def read(session: Session):
            if history.find_tracked(session, "twitch", account_id) is None:
                return None
            return stream_span(session, account_id, stream_id)

        return self._run(read)

    def stored_posts(self, account_id: str) -> list[XPost]:
        """Every X post kept for the account, newest first; [] for an untracked account."""

        def read(session: Session) -> list[XPost]:
            if history.find_tracked(session, "twitter", account_id) is None:
                return []
            return history.stored_posts(session, account_id)

        return self._run(read)

    def imported_posts(self, account_id: str) -> list[ExportedPost]:
        """The posts imported from X's analytics export, newest first; [] for an untracked account."""
        return self._x_import_read(analytics_import.imported_posts, account_id, [])

    def imported_days(self, account_id: str) -> list[ExportedDay]:
        """The overview days imported from X's analytics export, oldest first; [] for an untracked account."""
        return self._x_import_read(analytics_import.imported_days, account_id, [])

    def import_version(self, account_id: str) -> str:
        """A stamp that changes with every import that changes something ("" for an untracked account)."""
        return self._x_import_read(analytics_import.import_version, account_id, "")

    def _x_import_read(self, query, account_id: str, untracked):
        def read(session: Session):
            if history.find_tracked(session, "twitter", account_id) is None:
                return untracked
            return query(session, account_id)

        return self._run(read)

    def counters_by_day(self, provider: str, account_id: str, start: date, end: date) -> dict[str, dict[str, int]]:
        """{ISO day: {counter: value}} of the days that have any counter, oldest first; {} for an untracked account."""

        def read(session: Session) -> dict[str, dict[str, int]]:
            if history.find_tracked(session, provider, account_id) is None:
                return {}
            return history.counters_by_day(session, provider, account_id, start, end)

        return self._run(read)

    def stream_samples_version(self, account_id: str) -> tuple[int, str | None]:
        """(samples kept of the channel, when the newest was taken); (0, None) for an untracked channel."""

        return self._memoized(
            samples_key(account_id),
            lambda: self._run(lambda session: history.stream_samples_version(session, account_id)),
            tuple[int, str | None],
        )
