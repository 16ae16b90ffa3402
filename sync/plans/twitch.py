"""The Twitch sync plan: which endpoints feed which dataset, run concurrently, incrementally.

Followers come newest first, so a re-sync stops at the newest follower the last one counted
(sync/plans/follower_walk.py); only their counts per day are kept, not the list. Videos likewise. The
first follower walk (524 pages for a big channel) keeps a checkpoint every few pages and resumes
from it. View counts still move, so once a day (when that day's snapshot is due) the video and
clip lists are walked in full; otherwise clips are asked for only since the last sync. An
unchanged channel therefore costs one request per endpoint. A first subscriber walk stores the totals
with its first page and lands them early: the page shows them while the tiers are counted.
"""

import math
import threading
from dataclasses import replace
from datetime import UTC, date, datetime

from core.errors import NotAvailable, ProviderError
from core.units import DAY
from providers.twitch.client import PAGE, TwitchClient
from providers.twitch.records import (
    BitsBoards,
    Clip,
    FollowerDays,
    Goal,
    Profile,
    ScheduleSegment,
    SubscriberSummary,
    TwitchUser,
    Video,
)
from sync.cache.claims import SyncJob
from sync.cache.store import DataStore
from sync.database.archive import Archive
from sync.plans.follower_walk import FollowerTally, FollowerWalk
from sync.plans.plan import DatasetSync

PROVIDER = "twitch"
DATASETS = ("profile", "followers", "subscriptions", "bits", "videos", "clips", "schedule", "goals")
BITS_PERIODS = ("day", "week", "month", "year", "all")
NO_REVENUE = "Subscriptions and Bits come with Twitch Affiliate or Partner status; this channel has neither yet."
SCOPES = {
    "followers": "moderator:read:followers",
    "subscriptions": "channel:read:subscriptions",
    "bits": "bits:read",
    "goals": "channel:read:goals",
}
WEEKLY_DAYS = 7  # a collection round walks the long lists (subscribers, clips) in full this often
CHECKPOINT_EVERY_PAGES = 10  # a first follower walk cut short repeats at most this many pages
RECENT_FOLLOWS_DAYS = 31  # followers keep their followed_at this long: the 30-day stream panels count them
CLIP_OVERLAP_SECONDS = 3600  # clips are asked for from a bit before the last sync: Twitch indexes late


# What each dataset is stored as, for typed reads.
TYPES = {
    "profile": Profile,
    "follower_days": FollowerDays,
    "subscriptions": SubscriberSummary,
    "bits": BitsBoards,
    "videos": list[Video],
    "clips": list[Clip],
    "schedule": list[ScheduleSegment],
    "goals": list[Goal],
}


def _views(items) -> dict[str, int]:
    return {item.id: item.view_count for item in items}


def rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TwitchSync(DatasetSync):
    PROVIDER, DATASETS, TYPES = PROVIDER, DATASETS, TYPES

    def __init__(
        self,
        client: TwitchClient,
        store: DataStore,
        archive: Archive,
        account: str,
        job: SyncJob | None = None,
        now: datetime | None = None,
    ):
        super().__init__(client, store, archive, account, job, now)
        self._user: TwitchUser | None = None
        self._user_failed: ProviderError | None = None
        self._user_lock = threading.Lock()
        # A collection round (sync/collection/collect.py): walk long lists weekly, not at each run.
        self.economical = False

    def before_run(self) -> None:
        self.client.ensure_valid()

    # Helpers ---------------------------------------------------------------------------------------

    def user(self) -> TwitchUser:
        """The channel's user record: fetched once per sync, shared by the datasets that need it.

        A failure is remembered too: the datasets waiting on it fail at once instead of asking again in turn.
        """
        with self._user_lock:
            if self._user_failed is not None:
                raise self._user_failed
            if self._user is None:
                try:
                    self._user = self.client.own_user()
                except ProviderError as error:
                    self._user_failed = error
                    raise
            return self._user

    def _require_scope(self, dataset: str) -> None:
        granted = self.client.token.get("scopes")
        if granted is not None and SCOPES[dataset] not in granted:
            raise NotAvailable(
                PROVIDER, f"Your sign-in did not grant {SCOPES[dataset]}; sign out and sign in again to allow it."
            )

    def _require_revenue(self) -> None:
        if not self.user().earns_revenue:
            raise NotAvailable(PROVIDER, NO_REVENUE)

    # Datasets --------------------------------------------------------------------------------------

    def _sync_profile(self) -> None:
        user = self.user()
        channel = self.client.channel(self.account)
        stream = self.client.live_stream(self.account)
        self._put("profile", Profile(user, channel, stream))
        self._report("profile", 1, 1)

    def _sync_followers(self) -> None:
        self._require_scope("followers")
        stored = self._get("follower_days")
        if stored and stored.quarters and not stored.newest_ids:  # counted before the newest follower was kept
            stored = None
            self.store.delete(PROVIDER, self.account, "followers")  # the full list kept before
        first = not stored or not stored.newest_ids
        # The first walk is the long one. Its tally counts quarter hours (a checkpoint of day counts, kept
        # under "followers" before, is not resumed).
        checkpoint = self._tally_checkpoint("follower_quarters") if first else None
        resume_at, tally = checkpoint.resume(FollowerTally) if checkpoint else (None, None)
        walk = FollowerWalk(stored, tally, recent_since=int(self.now.timestamp()) - RECENT_FOLLOWS_DAYS * DAY)
        total = 0
        for total, followers, cursor in self.client.follower_pages(self.account, resume_at):
            reached_known = walk.add(followers)
            pages = walk.tally.pages
            if checkpoint and cursor and pages % CHECKPOINT_EVERY_PAGES == 0:
                checkpoint.save(cursor, walk.tally)
            self._report(
                "followers",
                pages,
                pages
                if reached_known
                else max(pages, math.ceil(max(total - (stored.total if stored else 0), 0) / PAGE)),
            )
            if reached_known:
                break
        self._put("follower_days", walk.merged(total))
        if checkpoint:
            checkpoint.clear()
        self.store.touch(PROVIDER, self.account, "followers")
        self._keep_counters(followers=total)

    def _sync_subscriptions(self) -> None:
        self._require_scope("subscriptions")
        self._require_revenue()
        stored = self._get("subscriptions")
        summary = SubscriberSummary()
        for page, (total, points, subs) in enumerate(self.client.subscription_pages(self.account), start=1):
            if page == 1:
                summary.total, summary.points, summary.first_page = total, points, [s.user_id for s in subs]
                first = (total, points, summary.first_page)
                if stored and stored.complete and (stored.total, stored.points, stored.first_page) == first:
                    summary = stored  # unchanged: one request was enough
                    break
                if stored and stored.complete and self._walked_lately("subscriptions"):
                    # A round's daily count needs the first page only; the tiers are walked weekly.
                    summary = SubscriberSummary(
                        total, points, stored.tiers, stored.gifted, stored.paid, summary.first_page
                    )
                    break
            for sub in subs:
                if sub.tier in (1, 2, 3):
                    summary.tiers[sub.tier - 1] += 1
                if sub.is_gift:
                    summary.gifted += 1
                else:
                    summary.paid += 1
            if page == 1 and total > len(subs):  # the totals are known now; the tiers take the whole walk
                self._put("subscriptions", replace(summary, tiers=list(summary.tiers), counted=len(subs)))
                self._land_early("subscriptions")
            self._report("subscriptions", page, max(page, math.ceil(total / PAGE)))
        else:  # no break: every page was walked
            self._mark_walked("subscriptions")
        self._put("subscriptions", summary)
        self._report("subscriptions", 1, 1)
        self._keep_counters(subscribers=summary.total, subscriber_points=summary.points)

    def _sync_bits(self) -> None:
        self._require_scope("bits")
        self._require_revenue()
        stored = self._get("bits")
        all_time = self.client.bits_leaderboard("all")
        if stored and stored.day == self.day.isoformat() and stored.boards.get("all") == all_time:
            self.store.touch(PROVIDER, self.account, "bits")
        else:
            now = rfc3339(self.now.timestamp())
            boards = {period: self.client.bits_leaderboard(period, now) for period in BITS_PERIODS[:-1]}
            self._put("bits", BitsBoards(self.day.isoformat(), {**boards, "all": all_time}))
        self._report("bits", 1, 1)

    def _sync_videos(self) -> None:
        stored = self._get("videos") or []
        full = not stored or not self._views_kept("video")
        known = {video.id for video in stored}
        fetched: list[Video] = []
        for pages, videos in enumerate(self.client.video_pages(self.account), start=1):
            fetched.extend(videos)
            self._report("videos", pages, pages + 1)
            if not full and any(video.id in known for video in videos):
                break
        if not full:
            seen = {video.id for video in fetched}
            fetched += [video for video in stored if video.id not in seen]
        fetched.sort(key=lambda video: video.created_at, reverse=True)
        self._put("videos", fetched)
        self._report("videos", 1, 1)
        if full:  # a full walk saw every VOD: the day's view counts, and their sum
            views = _views(fetched)
            if self._keep("VOD views", self.archive.record_changed_views, "video", self.account, self.day, views):
                self._mark_walked("video")
            self._keep_counters(vod_views=sum(video.view_count for video in fetched))

    def _sync_clips(self) -> None:
        stored = self._get("clips") or []
        # Clips: every view count once a day; in a collection round, once a week (a channel has thousands).
        full = not stored or not (self._walked_lately("clip") if self.economical else self._views_kept("clip"))
        window = {}
        if not full:
            status = self.store.status(PROVIDER, self.account).get("clips")
            since = (status.fetched_at if status and status.fetched_at else 0) - CLIP_OVERLAP_SECONDS
            window = {"started_at": rfc3339(since), "ended_at": rfc3339(self.now.timestamp())}
        fetched: list[Clip] = []
        for pages, clips in enumerate(self.client.clip_pages(self.account, **window), start=1):
            fetched.extend(clips)
            self._report("clips", pages, pages + 1)
        if not full:
            seen = {clip.id for clip in fetched}
            fetched += [clip for clip in stored if clip.id not in seen]
        fetched.sort(key=lambda clip: clip.view_count, reverse=True)
        self._put("clips", fetched)
        self._report("clips", 1, 1)
        if full:
            views = _views(fetched)
            if self._keep("clip views", self.archive.record_changed_views, "clip", self.account, self.day, views):
                self._mark_walked("clip")

    def _walked_on(self, kind: str) -> date | None:
        raw = self.store.client.get(self._walk_marker(kind))
        try:
            return date.fromisoformat(raw.decode()) if raw else None
        except ValueError:
            return None

    def _views_kept(self, kind: str) -> bool:
        """Whether the list was walked in full today (its view counts kept): else walk it in full."""
        return self._walked_on(kind) == self.day

    def _walked_lately(self, kind: str) -> bool:
        """In a collection round (``economical``): whether the list was walked in full within the week."""
        walked = self._walked_on(kind)
        return self.economical and walked is not None and 0 <= (self.day - walked).days < WEEKLY_DAYS

    def _mark_walked(self, kind: str) -> None:
        self.store.client.set(self._walk_marker(kind), self.day.isoformat(), ex=(WEEKLY_DAYS + 1) * DAY)

    def _walk_marker(self, kind: str) -> str:
        return f"{self.store.prefix}{PROVIDER}:{self.account}:{kind}-walked"

    def _sync_schedule(self) -> None:
        self._put("schedule", self.client.schedule(self.account))
        self._report("schedule", 1, 1)

    def _sync_goals(self) -> None:
        self._require_scope("goals")
        self._put("goals", self.client.goals(self.account))
        self._report("goals", 1, 1)
