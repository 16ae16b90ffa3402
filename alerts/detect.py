"""What is news in an account's history, as (kind, subject, text): follower milestones crossed, Affiliate or Partner
criteria met, a stream above the channel's 30-day average, a post well above the account's usual engagement, and
collection paused. Pure: the subject names the event, so the same event found again is the same alert."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from dashboard.analysis.digest import milestones
from dashboard.analysis.milestones import affiliate_path, last_30_days, partner_path
from dashboard.analysis.streams import Stream
from dashboard.figures.common import readings
from providers.x.records import XPost

RECENT = timedelta(days=7)  # events older than this when first seen are history, not news
POST_FACTOR = 3  # "well above usual": this many times the median engagement of the posts before it
LEAST_POSTS = 5  # a usual needs at least this many earlier posts
LEAST_ENGAGEMENTS = 10


@dataclass(frozen=True)
class Found:
    kind: str
    subject: str
    text: str


def follower_milestones(counters: Mapping, now: datetime) -> list[Found]:
    """Milestones crossed between the reading a week ago (or the oldest since) and the latest."""
    series = readings(counters, None)
    if len(series) < 2:
        return []
    start = [value for day, value in series if day <= (now - RECENT).date()] or [series[0][1]]
    return [
        Found("followers", str(mark), f"You passed {mark:,} followers.")
        for mark in milestones(start[-1], series[-1][1])
    ]


def twitch_paths(streams: list[Stream], followers: int | None, now: datetime) -> list[Found]:
    window = last_30_days(streams, now)
    found = []
    if affiliate_path(window, followers or 0).met:
        found.append(Found("affiliate", "affiliate", "You meet Twitch's Affiliate criteria over the last 30 days."))
    if partner_path(window).met:
        found.append(Found("partner", "partner", "You meet the Path to Partner criteria over the last 30 days."))
    return found


def streams_above_average(streams: list[Stream], now: datetime, zone) -> list[Found]:
    """Each stream that ended lately with more average viewers than the 30 days of streams before it."""
    found = []
    for stream in streams:
        if stream.live or now - stream.last_seen > RECENT:
            continue
        earlier = [s for s in streams if s.started_at < stream.started_at]
        usual = last_30_days(earlier, stream.started_at)
        if usual.streams and stream.average > usual.average_viewers:
            day = stream.started_at.astimezone(zone).strftime("%a %d %b")
            text = (
                f"Your stream of {day} averaged {stream.average:.1f} viewers, "
                f"above your 30-day {usual.average_viewers:.1f}."
            )
            found.append(Found("stream", stream.stream_id, text))
    return found


def posts_above_usual(posts: list[XPost], now: datetime) -> list[Found]:
    """Each recent post with several times the median engagements of the account's 30 days of posts before it."""
    own = sorted((p for p in posts if p.kind != "repost" and p.created_at), key=lambda p: p.created_at)
    found = []
    for post in own:
        if now - post.created_at > RECENT:
            continue
        before = [p.engagements for p in own if post.created_at - timedelta(days=30) <= p.created_at < post.created_at]
        if len(before) < LEAST_POSTS:
            continue
        usual = median(before)
        if post.engagements >= LEAST_ENGAGEMENTS and post.engagements > POST_FACTOR * usual:
            text = (
                f"Your post {post.text[:60]!r} has {post.engagements:,} engagements, "
                f"{POST_FACTOR}× your usual {usual:.0f}."
            )
            found.append(Found("post", post.id, text))
    return found


def collection_paused(status: str, message: str, since: datetime | None) -> list[Found]:
    """Collection stopped for want of a new sign-in: once per pause (the last round before it names the pause)."""
    if status != "needs sign-in":
        return []
    subject = f"paused:{since.isoformat() if since else 'never'}"
    return [Found("paused", subject, f"Collection is paused: sign in again. {message}".strip())]
