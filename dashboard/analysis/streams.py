"""Streams from live samples: what TwitchTracker and Twitch's Stream Summary show, computed from our own samples.

A sample is a look at a live stream (sampled_at, StreamSample). Samples of one stream id make one
stream. Each sample stands for the time until the next one (the last for one sampling interval,
the nominal gap), so average viewers are viewer-minutes over minutes, as Twitch computes them; with
evenly spaced samples that is their plain mean.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from providers.twitch.records import Clip, StreamSample, Video

SAMPLE_INTERVAL = timedelta(minutes=5)  # the sampler's default; a gap longer than 3 of them is not counted


@dataclass(frozen=True)
class GameSegment:
    game: str
    start: datetime
    end: datetime


@dataclass
class Stream:
    stream_id: str
    started_at: datetime
    last_seen: datetime
    viewers: list[tuple[datetime, int]]  # the samples: (time, viewer count), oldest first
    minutes: float = 0.0  # minutes covered by samples: what the average is taken over
    broadcast_minutes: float = 0.0  # from Twitch's started_at to the last sample's end: the stream's length
    viewer_minutes: float = 0.0
    peak: int = 0
    games: list[GameSegment] = field(default_factory=list)
    titles: list[tuple[datetime, str]] = field(default_factory=list)  # (from, title), each change
    live: bool = False  # the newest sample is this recent: still on air

    @property
    def average(self) -> float:
        return self.viewer_minutes / self.minutes if self.minutes else 0.0

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.broadcast_minutes)

    @property
    def hours_watched(self) -> float:
        """Average viewers over the whole broadcast, first sampled or not."""
        return self.average * self.broadcast_minutes / 60


def _weights(times: list[datetime], interval: timedelta) -> list[float]:
    """Minutes each sample stands for: until the next sample (a long gap counts one interval), the last one interval."""
    limit = interval * 3
    weights = []
    for at, following in zip(times, [*times[1:], None], strict=True):
        gap = (following - at) if following is not None else interval
        weights.append((gap if gap <= limit else interval).total_seconds() / 60)
    return weights


def group_streams(
    samples: list[tuple[datetime, StreamSample]], now: datetime | None = None, interval: timedelta = SAMPLE_INTERVAL
) -> list[Stream]:
    """Samples (any order) grouped into streams, newest stream first."""
    by_stream: dict[str, list[tuple[datetime, StreamSample]]] = defaultdict(list)
    for at, sample in samples:
        by_stream[sample.stream_id or f"started-{sample.started_at}"].append((at, sample))
    now = now or datetime.now(UTC)
    streams = [
        _summarise(stream_id, sorted(rows, key=lambda row: row[0]), now, interval)
        for stream_id, rows in by_stream.items()
    ]
    return sorted(streams, key=lambda stream: stream.started_at, reverse=True)


def _summarise(stream_id: str, rows: list[tuple[datetime, StreamSample]], now: datetime, interval: timedelta) -> Stream:
    times = [at for at, _ in rows]
    first = rows[0][1]
    started = datetime.fromtimestamp(first.started_at, UTC) if first.started_at else times[0]
    stream = Stream(stream_id, min(started, times[0]), times[-1], [(at, s.viewer_count) for at, s in rows])
    weights = _weights(times, interval)
    for (at, sample), minutes in zip(rows, weights, strict=True):
        stream.minutes += minutes
        stream.viewer_minutes += sample.viewer_count * minutes
        stream.peak = max(stream.peak, sample.viewer_count)
        if not stream.games or stream.games[-1].game != sample.game_name:
            stream.games.append(GameSegment(sample.game_name, at, at))
        stream.games[-1] = GameSegment(stream.games[-1].game, stream.games[-1].start, at)
        if not stream.titles or stream.titles[-1][1] != sample.title:
            stream.titles.append((at, sample.title))
    stream.broadcast_minutes = max(stream.minutes, (times[-1] - stream.started_at).total_seconds() / 60 + weights[-1])
    stream.live = now - times[-1] <= interval * 2
    return stream


def followers_during(stream: Stream, followed_at: list[int], after: timedelta = timedelta(hours=2)) -> tuple[int, int]:
    """(followers gained while live, in the ``after`` that followed), from each follower's followed_at (epoch)."""
    start, end = stream.started_at.timestamp(), stream.last_seen.timestamp()
    during = sum(1 for at in followed_at if start <= at <= end)
    later = sum(1 for at in followed_at if end < at <= end + after.total_seconds())
    return during, later


def viewers_by_weekday_hour(streams: list[Stream], tz=UTC) -> dict[tuple[int, int], tuple[float, int]]:
    """{(weekday, hour): (average viewers, samples)} over every sample: when the audience is there."""
    sums: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0])
    for stream in streams:
        for at, viewers in stream.viewers:
            local = at.astimezone(tz)
            cell = sums[(local.weekday(), local.hour)]
            cell[0] += viewers
            cell[1] += 1
    return {key: (total / count, int(count)) for key, (total, count) in sums.items()}


@dataclass(frozen=True)
class GameFigures:
    game: str
    hours: float
    average_viewers: float
    followers_per_hour: float | None  # None without follower times


def by_game(streams: list[Stream], followed_at: list[int] | None = None) -> list[GameFigures]:
    """Per game: hours streamed, average viewers (viewer-minutes over minutes) and followers gained per hour."""
    minutes: dict[str, float] = defaultdict(float)
    viewer_minutes: dict[str, float] = defaultdict(float)
    follows: dict[str, int] = defaultdict(int)
    times = sorted(followed_at or [])
    for stream in streams:
        weights = _weights([at for at, _ in stream.viewers], SAMPLE_INTERVAL)
        for (at, viewers), weight in zip(stream.viewers, weights, strict=True):
            game = next((g.game for g in stream.games if g.start <= at <= g.end), "") or "no game"
            minutes[game] += weight
            viewer_minutes[game] += viewers * weight
            if times:
                start, end = at.timestamp(), at.timestamp() + weight * 60
                follows[game] += sum(1 for epoch in times if start <= epoch < end)
    return sorted(
        (
            GameFigures(
                game,
                minutes[game] / 60,
                viewer_minutes[game] / minutes[game],
                follows[game] / (minutes[game] / 60) if times else None,
            )
            for game in minutes
            if minutes[game]
        ),
        key=lambda figures: -figures.hours,
    )


@dataclass(frozen=True)
class GoingLive:
    """Streams announced by an X post in the hour before they started, against streams that were not."""

    announced: list[Stream]
    unannounced: list[Stream]

    @staticmethod
    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None


def going_live_posts(
    streams: list[Stream], post_times: list[datetime], before: timedelta = timedelta(hours=1)
) -> GoingLive:
    """Split streams by whether the creator posted on X within ``before`` of going live."""
    posts = sorted(post_times)
    announced, unannounced = [], []
    for stream in streams:
        start = stream.started_at
        (announced if any(start - before <= at <= start for at in posts) else unannounced).append(stream)
    return GoingLive(announced, unannounced)


VOD_STARTS_WITHIN = timedelta(minutes=15)  # an archive VOD begins when its stream does


def vod_of(stream: Stream, videos: list[Video]) -> Video | None:
    """The archive VOD that recorded the stream: by Helix's stream_id, else the archive that began with it."""
    archives = [video for video in videos if video.type == "archive"]
    by_id = next((video for video in archives if video.stream_id and video.stream_id == stream.stream_id), None)
    if by_id:
        return by_id
    start = stream.started_at.timestamp()
    near = [v for v in archives if abs(v.created_at - start) <= VOD_STARTS_WITHIN.total_seconds()]
    return min(near, key=lambda video: abs(video.created_at - start), default=None)


def clips_during(stream: Stream, clips: list[Clip]) -> list[Clip]:
    """Clips made while the stream was on air, most viewed first."""
    start, end = stream.started_at.timestamp(), stream.last_seen.timestamp() + SAMPLE_INTERVAL.total_seconds()
    return sorted((clip for clip in clips if start <= clip.created_at <= end), key=lambda clip: -clip.view_count)
