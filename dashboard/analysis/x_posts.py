"""What an X creator asks of their posts beyond each one's numbers: which brought followers, how threads
hold their readers, which topics work, how followers grew against what was posted. Pure functions of the
API's posts (XPost), the analytics export's (ExportedPost, ExportedDay) and the daily snapshots."""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from dashboard.figures.common import day_in, in_window, local, readings
from providers.x.analytics_export import ExportedDay, ExportedPost
from providers.x.records import XPost

HASHTAG = re.compile(r"(?<!\w)#(\w+)")
MENTION = re.compile(r"(?<!\w)@(\w{1,15})")
LINK = re.compile(r"https?://\S+")
WITH_A_LINK = "posts with a link"  # X shortens every link to t.co: the links themselves tell nothing apart


@dataclass(frozen=True)
class PostReach:
    """A post's follows and profile visits as each source tells them; None where a source cannot say."""

    id: str
    created_at: datetime
    text: str
    new_follows: int | None  # X's export only: the API never tells follows per post
    profile_visits: int | None  # X's export
    profile_clicks: int | None  # X's API, fetched while it served them (a post's first 30 days)
    url_clicks: int | None = None  # X's export
    link_clicks: int | None = None  # X's API, as profile clicks (and only for posts with a link)

    @property
    def sources_differ(self) -> bool:
        return _differ(self.profile_visits, self.profile_clicks) or _differ(self.url_clicks, self.link_clicks)


def _differ(exported: int | None, fetched: int | None) -> bool:
    return None not in (exported, fetched) and exported != fetched


def post_reach(posts: Iterable[XPost], imported: Iterable[ExportedPost], window=None) -> list[PostReach]:
    """Every own post of the window known to either source, oldest first; the API's date wins where both know it."""
    api = {post.id: post for post in posts if post.kind != "repost" and post.created_at is not None}
    exported = {post.id: post for post in imported}
    rows = []
    for post_id in api.keys() | exported.keys():
        fetched, export = api.get(post_id), exported.get(post_id)
        made = fetched.created_at if fetched else export.created_at
        if window is not None and not in_window(made.timestamp(), window):
            continue
        clicks = links = None
        if fetched is not None:
            clicks = fetched.profile_clicks if fetched.profile_clicks is not None else fetched.organic_profile_clicks
            links = fetched.link_clicks if fetched.link_clicks is not None else fetched.organic_link_clicks
        rows.append(
            PostReach(
                post_id,
                made,
                (fetched.text if fetched else export.text) or "",
                export.new_follows if export else None,
                export.profile_visits if export else None,
                clicks,
                export.url_clicks if export else None,
                links,
            )
        )
    return sorted(rows, key=lambda row: row.created_at)


@dataclass(frozen=True)
class Thread:
    """A post and the creator's own replies to it, in order: read as one."""

    parts: tuple[XPost, ...]

    @property
    def impressions(self) -> list[int]:
        return [post.impressions or 0 for post in self.parts]

    @property
    def kept(self) -> float | None:
        """The last part's impressions as a share of the first's: how many readers stayed to the end."""
        first = self.impressions[0]
        return self.impressions[-1] / first if first else None


def threads(posts: Iterable[XPost], window=None) -> list[Thread]:
    """The window's threads (a root and at least one own reply in its conversation), oldest first."""
    own = [post for post in posts if post.kind != "repost" and post.created_at is not None]
    ids = {post.id for post in own}
    talks: dict[str, list[XPost]] = defaultdict(list)
    for post in own:
        if post.conversation_id in ids:
            talks[post.conversation_id].append(post)
    found = [
        Thread(tuple(sorted(parts, key=lambda post: post.created_at)))
        for root, parts in talks.items()
        if len(parts) > 1 and any(post.id == root for post in parts)
    ]
    return sorted(
        (t for t in found if window is None or in_window(t.parts[0].created_at.timestamp(), window)),
        key=lambda thread: thread.parts[0].created_at,
    )


def single_posts(posts: Iterable[XPost], window=None) -> list[XPost]:
    """Originals that start no thread, in the window."""
    posts = list(posts)
    rooted = {thread.parts[0].id for thread in threads(posts)}
    return [
        post
        for post in posts
        if post.kind == "original"
        and post.id not in rooted
        and post.created_at is not None
        and (window is None or in_window(post.created_at.timestamp(), window))
    ]


@dataclass(frozen=True)
class Topic:
    label: str  # "#dataviz", "@ana" or WITH_A_LINK
    posts: int
    median_engagements: float
    median_rate: float | None


def topics(posts: Iterable[XPost], window=None, least: int = 2) -> list[Topic]:
    """Hashtags, mentions and links, each with its posts' median engagements; topics of fewer than ``least``
    posts are left out (one post says nothing of a topic). Most posts first."""
    grouped: dict[str, list[XPost]] = defaultdict(list)
    for post in posts:
        if post.kind == "repost" or post.created_at is None:
            continue
        if window is not None and not in_window(post.created_at.timestamp(), window):
            continue
        labels = {f"#{tag.lower()}" for tag in HASHTAG.findall(post.text)}
        labels |= {f"@{name.lower()}" for name in MENTION.findall(post.text)}
        if LINK.search(post.text):
            labels.add(WITH_A_LINK)
        for label in labels:
            grouped[label].append(post)
    found = []
    for label, group in grouped.items():
        if len(group) < least:
            continue
        rates = [post.engagement_rate for post in group if post.engagement_rate is not None]
        found.append(Topic(label, len(group), median(p.engagements for p in group), median(rates) if rates else None))
    return sorted(found, key=lambda topic: (-topic.posts, topic.label))


def weekly_growth(
    snapshots: Mapping, days: Iterable[ExportedDay], posts: Iterable[XPost], window
) -> list[tuple[date, int | None, int]]:
    """(Monday, followers gained that week, posts made that week) for each week of the window, oldest first.

    Gains come from X's export (new follows less unfollows) where it has the day, else from the daily
    snapshots (the rise between two readings, counted on the later one's day); None: neither says."""
    gained: dict[date, int] = {}
    previous = None
    for day, followers in readings(snapshots, window):
        if previous is not None:
            gained[day] = followers - previous
        previous = followers
    for day in days:
        if day.new_follows is not None or day.unfollows is not None:
            gained[day.day] = (day.new_follows or 0) - (day.unfollows or 0)
    weeks: dict[date, list] = {}
    for day, gain in gained.items():
        if window is None or day_in(day, window):
            weeks.setdefault(_monday(day), [0, 0])[0] += gain
    for post in posts:
        if post.kind == "repost" or post.created_at is None:
            continue
        if window is not None and not in_window(post.created_at.timestamp(), window):
            continue
        weeks.setdefault(_monday(local(post.created_at, window).date()), [None, 0])[1] += 1
    return [(week, gain, made) for week, (gain, made) in sorted(weeks.items())]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


MEDIA_ORDER = ("text", "image", "video", "gif", "poll")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class MediaGroup:
    media_type: str
    posts: int
    median_engagements: float
    median_rate: float | None


def by_media_type(posts: Iterable[XPost], window=None) -> list[MediaGroup]:
    """Own posts grouped by what they carry (text, image, video, gif, poll), with their median engagement."""
    grouped: dict[str, list[XPost]] = defaultdict(list)
    for post in _own_in(posts, window):
        grouped[post.media_type].append(post)
    found = []
    for kind in (*MEDIA_ORDER, *sorted(set(grouped) - set(MEDIA_ORDER))):
        group = grouped.get(kind)
        if group:
            rates = [post.engagement_rate for post in group if post.engagement_rate is not None]
            found.append(
                MediaGroup(kind, len(group), median(p.engagements for p in group), median(rates) if rates else None)
            )
    return found


def videos(posts: Iterable[XPost], window=None) -> list[XPost]:
    """Own video posts whose playback quartiles were fetched (X serves them in a post's first 30 days), oldest first."""
    return sorted((post for post in _own_in(posts, window) if post.playback_0), key=lambda post: post.created_at)


@dataclass(frozen=True)
class Slot:
    weekday: int  # Monday 0
    hour: int
    posts: int
    median_engagements: float

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.hour:02d}:00"


def best_slots(posts: Iterable[XPost], window=None, least: int = 3, most: int = 3) -> tuple[list[Slot], int]:
    """The ``most`` day-and-hour slots with the highest median engagements among those holding at least ``least``
    posts (fewer say little), best first; and how many slots posted in hold fewer."""
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for post in _own_in(posts, window):
        moment = local(post.created_at, window)
        cells[moment.weekday(), moment.hour].append(post.engagements)
    sure = [Slot(day, hour, len(found), median(found)) for (day, hour), found in cells.items() if len(found) >= least]
    ranked = sorted(sure, key=lambda slot: (-slot.median_engagements, -slot.posts, slot.weekday, slot.hour))
    return ranked[:most], len(cells) - len(sure)


def _own_in(posts: Iterable[XPost], window) -> list[XPost]:
    return [
        post
        for post in posts
        if post.kind != "repost"
        and post.created_at is not None
        and (window is None or in_window(post.created_at.timestamp(), window))
    ]
