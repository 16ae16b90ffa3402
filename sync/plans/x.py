"""The X sync plan: the profile (users/me) and the timeline, fetched concurrently, incrementally.

The first sync walks the whole timeline (to X's 3,200-post cap). A re-sync asks only for the
posts of the refresh window (their metrics still move) with ``start_time``; when even the newest
stored post is older than the window, ``since_id`` is the smaller ask, and it covers the window
too. So an unchanged account costs users/me plus the pages that hold posts of the window, twice
(see below). Once a week the whole timeline is walked again, for the slow drift of older posts'
public counts.

X serves impressions and clicks only for a post's first 30 days, and a request that asks for them
gets only the posts of those 30 days back. So the walks ask for public fields only, and the private
metrics are asked for separately, from inside the 30 days, beside the walk once it meets posts that young
(they need none of its cursors, so a first sync takes about as long as the walk alone).
Merging keeps every value fetched while it was served, so the history outlives X's window.
"""

import math
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import redis

from core.errors import ProviderError, SpendingCapReached
from providers.x.client import PAGE_SIZE, XClient, private_metrics_start
from providers.x.pricing import MonthlyReads
from providers.x.records import PostArchive, XPost, XUser
from sync.cache.checkpoint import WalkCheckpoint
from sync.cache.claims import SyncJob
from sync.cache.daily_reads import newly_read
from sync.cache.store import DataStore
from sync.database.archive import Archive, HistoryUnavailable
from sync.plans.plan import DatasetSync

PROVIDER = "twitter"
DATASETS = ("profile", "posts")
TIMELINE_CAP = 3200  # X serves the newest 3,200 posts of a timeline, no more
REFRESH_WINDOW = timedelta(days=30)  # as long as X serves private metrics: the metrics that move most
FULL_WALK_SECONDS = 7 * 86_400
COUNTERS = ("followers", "following", "posts", "listed")
EPOCH = datetime.fromtimestamp(0, UTC)


TYPES = {"profile": XUser, "posts": PostArchive}


def merge(stored: list[XPost], fetched: list[XPost], dropped_after: datetime | None = None) -> list[XPost]:
    """Fetched posts over stored ones, keeping earlier private metrics; newest first.

    ``dropped_after``: the fetch covered every post since then, so a stored post of that span the
    fetch did not return was deleted on X.
    """
    earlier = {post.id: post for post in stored}
    merged = {post.id: post.keeping_private_from(earlier[post.id]) if post.id in earlier else post for post in fetched}
    for post in stored:
        deleted = dropped_after is not None and post.created_at is not None and post.created_at >= dropped_after
        if post.id not in merged and not deleted:
            merged[post.id] = post
    return sorted(merged.values(), key=_newest_first, reverse=True)


def _newest_first(post: XPost) -> tuple:
    """Sort key by time, then id: 2.167 types ids as plain strings, so no number format is assumed
    (among numeric ids of one time, the longer is the newer)."""
    return post.created_at or EPOCH, len(post.id), post.id


def _increment(stored: list[XPost], window_start: datetime) -> dict:
    """A re-sync's ask: the refresh window, or only newer posts when even the newest stored one is older."""
    newest = stored[0] if stored else None
    if newest is not None and newest.created_at < window_start:
        # X's since_id must be numeric: a post with an id of another shape is found by its time.
        return {"since_id": newest.id} if newest.id.isdigit() else {"start_time": newest.created_at}
    return {"start_time": window_start}


def _full_walk_cutoff(fetched: list[XPost], finished: bool) -> datetime | None:
    """After a full walk: stored posts made since then that the walk did not return were deleted on X."""
    if finished and len(fetched) < TIMELINE_CAP:
        return EPOCH  # X said there was no more: the walk saw every post
    # Stopped at X's cap, or by our bound on pages: older posts are only out of reach.
    return fetched[-1].created_at if fetched else None


class XSync(DatasetSync):
    PROVIDER, DATASETS, TYPES = PROVIDER, DATASETS, TYPES

    def __init__(
        self,
        client: XClient,
        store: DataStore,
        archive: Archive,
        account: str,
        username: str,
        job: SyncJob | None = None,
        now: datetime | None = None,
        read_cap: int = 0,
    ):
        super().__init__(client, store, archive, account, job, now)
        self.username = username
        self._post_count: int | None = None  # from users/me, to size the progress bar; arrives concurrently
        self._lock = threading.Lock()
        # X bills per read: the operator's monthly cap (0: none) is checked before each request of a run.
        self.read_cap = read_cap
        self._rate_budget = client.budget
        self._month, self._read_before_run, self._counted = self.day.replace(day=1), 0, (0, 0, 0)
        if read_cap:
            client.budget = self._within_read_cap

    def run(self, datasets=None) -> dict[str, str]:
        """Sync as every plan does, and count the run's reads (what X bills) in the month's."""
        self._month = (self._given_now or datetime.now(UTC)).date().replace(day=1)
        self._read_before_run = self._reads_of_month() if self.read_cap else 0
        self._counted = (self.client.posts_read, self.client.users_read, self.client.requests)
        already = set(self.client.read)
        try:
            return super().run(datasets)
        finally:
            self._count_reads(self.client.read - already)

    def _count_reads(self, returned: set[str]) -> None:
        """Keep the run's billed reads: what X returned that it had not returned yet today (X bills once a day)."""
        requests = self.client.requests - self._counted[2]
        if not requests:
            return
        day = (self._given_now or datetime.now(UTC)).date()
        try:
            posts = newly_read(self.store, PROVIDER, self.account, day, {r for r in returned if r.startswith("post:")})
            users = newly_read(self.store, PROVIDER, self.account, day, {r for r in returned if r.startswith("user:")})
        except redis.RedisError:  # no record of today's reads: every one returned counts (the high side)
            posts, users = sum(r.startswith("post:") for r in returned), sum(r.startswith("user:") for r in returned)
        self._keep("reads", self.archive.add_x_reads, self.account, MonthlyReads(self._month, posts, users, requests))

    def _reads_of_month(self) -> int:
        try:
            return sum(month.reads for month in self.archive.x_reads(self.account, self._month))
        except HistoryUnavailable:  # the cap cannot be told: collection goes on rather than stopping blind
            return 0

    def _within_read_cap(self, path: str) -> None:
        # Everything returned this run counts here, billed or not: the cap errs on the side of stopping.
        run = self.client.posts_read - self._counted[0] + self.client.users_read - self._counted[1]
        if self._read_before_run + run >= self.read_cap:
            resumes = (self._month + timedelta(days=32)).replace(day=1)
            raise SpendingCapReached(
                PROVIDER,
                f"Collection is held back: this account used its {self.read_cap:,} X reads for "
                f"{self._month:%B} (the operator's monthly cap); it resumes on {resumes:%-d %B}.",
            )
        if self._rate_budget:
            self._rate_budget(path)

    def _sync_profile(self) -> None:
        user = self.client.me()
        with self._lock:
            self._post_count = user.posts
        self._put("profile", user)
        self._keep_counters(**{name: getattr(user, name) for name in COUNTERS})
        self._report("profile", 1, 1)

    def _sync_posts(self) -> None:
        archive = self._get("posts") or self._kept_posts()
        now = self.now.timestamp()
        full = archive.walked_at is None or now - archive.walked_at > FULL_WALK_SECONDS
        ask = {} if full else _increment(archive.posts, datetime.fromtimestamp(now, UTC) - REFRESH_WINDOW)
        checkpoint = self._checkpoint("posts") if full else None  # a full walk is the long one: resumable
        cursor, fetched, resumed = checkpoint.resume(XPost) if checkpoint else (None, [], 0)
        private = _PrivateMetrics(self.client, self.account, self.username, private_metrics_start(self.now))
        try:
            timeline = self.client.timeline(
                self.account, self.username, pagination_token=cursor, pages_done=resumed, **ask
            )
            pages, finished = self._walk(timeline, fetched, full, checkpoint, resumed, private)
            dropped_after = _full_walk_cutoff(fetched, finished) if full else ask.get("start_time")
            fetched = self._with_private_metrics(fetched, pages, private)
        except ProviderError:
            if fetched:  # keep the pages we have (a 429 mid-walk); the next sync walks in full again
                self._put("posts", PostArchive(merge(archive.posts, fetched), None))
                self._keep("posts", self.archive.upsert_posts, self.account, fetched)
            raise
        merged = merge(archive.posts, fetched, dropped_after)
        # The page draws the posts now; a full walk counts as done only once the history has them too, so a sync
        # cut short in between walks in full again.
        self._put("posts", PostArchive(merged, None if full else archive.walked_at))
        self._land_early("posts")
        # Every metric fetched, kept for ever: X serves the private ones for 30 days only.
        kept = self._keep("posts", self.archive.upsert_posts, self.account, fetched)
        if full and kept:
            self._put("posts", PostArchive(merged, now))
        if checkpoint:
            checkpoint.clear()

    def _kept_posts(self) -> PostArchive:
        """Nothing cached: start from the posts the database kept (their private metrics outlive X's 30 days)."""
        try:
            return PostArchive(self.archive.stored_posts(self.account), None)
        except HistoryUnavailable:
            return PostArchive()

    def _walk(
        self,
        pages,
        fetched: list[XPost],
        full: bool,
        checkpoint: WalkCheckpoint | None = None,
        resumed: int = 0,
        private: "_PrivateMetrics | None" = None,
    ) -> tuple[int, bool]:
        """Add the walk's posts to ``fetched``; returns the pages taken and whether X said there were no more.

        The private metrics need no cursor of the walk: they are fetched beside it from the first page that
        shows posts young enough to have them (the walk goes newest first).
        """
        done, next_token = resumed, None
        try:
            for done, page in enumerate(pages, start=resumed + 1):
                fetched.extend(page.posts)
                next_token = page.next_token
                if private:
                    private.start_if_any_young(page.posts)
                if checkpoint and next_token:
                    checkpoint.save(next_token, page.posts)
                # A step more than the timeline's pages: the private metrics may take a request.
                self._report("posts", done, (self._expected_pages(done, full) if next_token else done) + 1)
        except BaseException:
            if private:
                private.cancel()
            raise
        return done, not next_token

    def _with_private_metrics(self, fetched: list[XPost], walked: int, private: "_PrivateMetrics") -> list[XPost]:
        """The walk's posts; those of X's 30 days as fetched again with their private metrics."""
        private.start_if_any_young(fetched)  # a resumed walk's young posts came from its checkpoint
        with_private, pages = private.result()
        if pages:
            fetched = [with_private.pop(post.id, post) for post in fetched]
            fetched += with_private.values()  # young posts the walk did not cover (since_id) or that came since
        self._report("posts", walked + pages, walked + pages)
        return fetched

    def _expected_pages(self, done: int, full: bool) -> int:
        """Pages a walk will take: known for a full walk once users/me has answered, else one more."""
        with self._lock:
            count = self._post_count
        if not full or count is None:
            return done + 1
        return max(done + 1, math.ceil(min(count, TIMELINE_CAP) / PAGE_SIZE))


class _PrivateMetrics:
    """The private metrics of X's 30 days, fetched in a thread of their own beside the timeline's walk."""

    def __init__(self, client: XClient, account: str, username: str, start: datetime):
        self.client, self.account, self.username, self.start = client, account, username, start
        self._pool: ThreadPoolExecutor | None = None
        self._future: Future | None = None
        self._cancelled = threading.Event()

    def start_if_any_young(self, posts: list[XPost]) -> None:
        """Begin once posts young enough to have private metrics show up (else X would have none to give)."""
        if self._future is None and any(post.created_at >= self.start for post in posts):
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="x-private-metrics")
            self._future = self._pool.submit(self._fetch)

    def _fetch(self) -> tuple[dict[str, XPost], int]:
        with_private: dict[str, XPost] = {}
        pages = 0
        for page in self.client.private_metrics(self.account, self.username, self.start):
            with_private.update((post.id, post) for post in page.posts)
            pages += 1
            if self._cancelled.is_set():  # the walk failed: spend no more requests
                break
        return with_private, pages

    def result(self) -> tuple[dict[str, XPost], int]:
        """The posts with their private metrics by id, and the pages taken; raises what the fetch raised."""
        if self._future is None:
            return {}, 0
        try:
            return self._future.result()
        finally:
            self._pool.shutdown(wait=False)

    def cancel(self) -> None:
        self._cancelled.set()
        if self._pool:
            self._pool.shutdown(wait=False)
