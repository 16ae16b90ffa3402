"""A week in numbers, for the weekly digest: the same readings the dashboards draw (daily counter snapshots placed on
the reader's clock, streams grouped from samples, the posts kept), cut to a week and the week before it.

Pure: records in, numbers out; digest/gather.py loads the records, digest/letter.py writes the mail.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from dashboard.analysis.milestones import affiliate_path, last_30_days, partner_path
from dashboard.analysis.streams import Stream
from dashboard.figures.common import Window, readings
from providers.x.records import XPost

# A follower count that passes one of these is a milestone worth a line.
FOLLOWER_MILESTONES = (10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000)


@dataclass(frozen=True)
class Week:
    start: datetime  # local midnight of its first day (aware), end exclusive
    end: datetime

    @property
    def window(self) -> Window:
        return Window(int(self.start.timestamp()), int(self.end.timestamp()), self.start.tzinfo)

    @property
    def before(self) -> "Week":
        return Week(self.start - timedelta(days=7), self.start)

    def holds(self, at: datetime) -> bool:
        return self.start <= at < self.end


def week_before(day: date, zone: tzinfo) -> Week:
    """The seven whole days (on ``zone``'s clock) that ended as ``day`` began."""
    end = datetime(day.year, day.month, day.day, tzinfo=zone)
    return Week(end - timedelta(days=7), end)


@dataclass(frozen=True)
class WeekNumbers:
    followers: int | None  # the last reading of the week
    gained: int | None  # its rise over the week (from the last reading before it, else its first)
    posts: int = 0
    engagements: int = 0
    impressions: int = 0
    streams: int = 0
    hours_streamed: float = 0.0
    average_viewers: float = 0.0  # minute-weighted, as the dashboard's 30-day figure
    peak_viewers: int = 0


@dataclass(frozen=True)
class Digest:
    week: Week
    this: WeekNumbers
    before: WeekNumbers
    daily_followers: list[tuple[date, int]]  # the two weeks' readings, oldest first (the chart)
    best_post: XPost | None = None
    best_stream: Stream | None = None
    week_streams: list[Stream] = field(default_factory=list)  # oldest first
    milestones: list[str] = field(default_factory=list)


def _followers(series: list[tuple[date, int]], week: Week) -> tuple[int | None, int | None]:
    first_day, last_day = week.start.date(), (week.end - timedelta(days=1)).date()
    inside = [value for day, value in series if first_day <= day <= last_day]
    if not inside:
        return None, None
    earlier = [value for day, value in series if day < first_day]
    return inside[-1], inside[-1] - (earlier[-1] if earlier else inside[0])


def _own_posts(posts: Iterable[XPost], week: Week) -> list[XPost]:
    return [p for p in posts if p.kind != "repost" and p.created_at is not None and week.holds(p.created_at)]


def _stream_numbers(streams: list[Stream]) -> dict:
    minutes = sum(s.broadcast_minutes for s in streams)
    weighted = sum(s.average * s.broadcast_minutes for s in streams)
    return {
        "streams": len(streams),
        "hours_streamed": round(minutes / 60, 1),
        "average_viewers": round(weighted / minutes, 1) if minutes else 0.0,
        "peak_viewers": max((s.peak for s in streams), default=0),
    }


def _numbers(series, posts: list[XPost], streams: list[Stream], week: Week) -> WeekNumbers:
    followers, gained = _followers(series, week)
    return WeekNumbers(
        followers,
        gained,
        posts=len(posts),
        engagements=sum(p.engagements for p in posts),
        impressions=sum(p.impressions or 0 for p in posts),
        **_stream_numbers(streams),
    )


def milestones(before: int | None, after: int | None) -> list[int]:
    """The follower milestones crossed between two counts."""
    if before is None or after is None:
        return []
    return [mark for mark in FOLLOWER_MILESTONES if before < mark <= after]


def weekly_digest(
    week: Week, counters: Mapping, posts: Iterable[XPost] = (), streams: Iterable[Stream] = (), now=None
) -> Digest:
    """The week's numbers against the week before's; ``counters`` is {UTC day: {counter: value, "read_at": ...}}."""
    posts, streams = list(posts), list(streams)
    # Every reading up to the week's end, on the reader's clock: the week's rise counts from the last one before it.
    series = readings(counters, Window(0, int(week.end.timestamp()), week.start.tzinfo))
    this_posts, last_posts = _own_posts(posts, week), _own_posts(posts, week.before)
    this_streams = sorted((s for s in streams if week.holds(s.started_at)), key=lambda s: s.started_at)
    last_streams = [s for s in streams if week.before.holds(s.started_at)]
    this, before = (
        _numbers(series, this_posts, this_streams, week),
        _numbers(series, last_posts, last_streams, week.before),
    )
    reached = [f"{mark:,} followers" for mark in milestones((this.followers or 0) - (this.gained or 0), this.followers)]
    if streams:
        window = last_30_days(streams, now or week.end)
        for path in (affiliate_path(window, this.followers or 0), partner_path(window)):
            if path.met:
                reached.append(f"{path.title.removeprefix('Path to ')} criteria met over the last 30 days")
    return Digest(
        week,
        this,
        before,
        [(d, v) for d, v in series if d >= week.before.start.date()],
        best_post=max(this_posts, key=lambda p: (p.engagements, p.impressions or 0), default=None),
        best_stream=max(this_streams, key=lambda s: (s.average, s.peak), default=None),
        week_streams=this_streams,
        milestones=reached,
    )
