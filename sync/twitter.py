"""The X sync plan: the profile (users/me) and the timeline, fetched concurrently, incrementally.

The first sync walks the whole timeline (to X's 3,200-post cap). A re-sync asks only for the
posts of the refresh window (their metrics still move) with ``start_time``; when even the newest
stored post is older than the window, ``since_id`` is the smaller ask, and it covers the window
too. So an unchanged account costs users/me plus the pages that hold posts of the window. Once a
week the whole timeline is walked again, for the slow drift of older posts' public counts.

X serves impressions and clicks only for a post's first 30 days; merging keeps every value
fetched while it was served, so the history outlives X's window.
"""
import math
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from providers.errors import ProviderError
from providers.twitter.client import PAGE_SIZE, TwitterClient
from providers.twitter.records import XPost, XUser

from .jobs import SyncJob
from .plan import DatasetSync
from .snapshots import Snapshots
from .store import DataStore

PROVIDER = "twitter"
DATASETS = ("profile", "posts")
TIMELINE_CAP = 3200  # X serves the newest 3,200 posts of a timeline, no more
REFRESH_WINDOW = timedelta(days=30)  # as long as X serves private metrics: the metrics that move most
FULL_WALK_SECONDS = 7 * 86_400
COUNTERS = ("followers", "following", "posts", "listed")
EPOCH = datetime.fromtimestamp(0, timezone.utc)


@dataclass
class PostArchive:
    """Every post ever fetched, newest first; posts past X's cap or window stay with what was fetched."""
    posts: list[XPost] = field(default_factory=list)
    walked_at: float | None = None  # when the timeline was last walked to its end; None: never finished


TYPES = {"profile": XUser, "posts": PostArchive}


def merge(stored: list[XPost], fetched: list[XPost], dropped_after: datetime | None = None) -> list[XPost]:
    """Fetched posts over stored ones, keeping earlier private metrics; newest first.

    ``dropped_after``: the fetch covered every post since then, so a stored post of that span the
    fetch did not return was deleted on X.
    """
    earlier = {post.id: post for post in stored}
    merged = {post.id: post.keeping_private_from(earlier[post.id]) if post.id in earlier else post
              for post in fetched}
    for post in stored:
        deleted = dropped_after is not None and post.created_at is not None and post.created_at >= dropped_after
        if post.id not in merged and not deleted:
            merged[post.id] = post
    return sorted(merged.values(), key=lambda post: int(post.id), reverse=True)


class TwitterSync(DatasetSync):
    PROVIDER, DATASETS, TYPES = PROVIDER, DATASETS, TYPES

    def __init__(self, client: TwitterClient, store: DataStore, snapshots: Snapshots, account: str,
                 username: str, job: SyncJob | None = None):
        super().__init__(client, store, snapshots, account, job)
        self.username = username
        self._post_count: int | None = None  # from users/me, to size the progress bar; arrives concurrently
        self._lock = threading.Lock()

    def _sync_profile(self) -> None:
        user = self.client.me()
        with self._lock:
            self._post_count = user.posts
        self._put("profile", user)
        self.snapshots.record(PROVIDER, self.account, "counts", {name: getattr(user, name) for name in COUNTERS})
        self._report("profile", 1, 1)

    def _sync_posts(self) -> None:
        archive = self._get("posts") or PostArchive()
        now = time.time()
        full = archive.walked_at is None or now - archive.walked_at > FULL_WALK_SECONDS
        window_start = datetime.fromtimestamp(now, timezone.utc) - REFRESH_WINDOW
        ask, dropped_after = {}, None
        if not full:
            newest = archive.posts[0] if archive.posts else None
            if newest is not None and newest.created_at is not None and newest.created_at < window_start:
                ask = {"since_id": newest.id}
            else:
                ask, dropped_after = {"start_time": window_start}, window_start
        checkpoint = self._checkpoint("posts") if full else None  # a full walk is the long one
        cursor, fetched, resumed = checkpoint.resume(XPost) if checkpoint else (None, [], 0)
        try:
            for pages, page in enumerate(self.client.timeline(self.account, self.username, pagination_token=cursor,
                                                              **ask), start=resumed + 1):
                fetched.extend(page.posts)
                if checkpoint and page.next_token:
                    checkpoint.save(page.next_token, page.posts)
                self._report("posts", pages, self._expected_pages(pages, full) if page.next_token else pages)
        except ProviderError:
            if fetched:  # keep the pages we have (a 429 mid-walk); the next sync walks in full again
                self._put("posts", PostArchive(merge(archive.posts, fetched), None))
            raise
        if full:  # a finished walk saw every post down to the cap: the others it did not see were deleted
            dropped_after = fetched[-1].created_at if len(fetched) >= TIMELINE_CAP else EPOCH
        self._put("posts", PostArchive(merge(archive.posts, fetched, dropped_after),
                                       now if full else archive.walked_at))
        if checkpoint:
            checkpoint.clear()

    def _expected_pages(self, done: int, full: bool) -> int:
        """Pages a walk will take: known for a full walk once users/me has answered, else one more."""
        with self._lock:
            count = self._post_count
        if not full or count is None:
            return done + 1
        return max(done + 1, math.ceil(min(count, TIMELINE_CAP) / PAGE_SIZE))
