"""A stream's report: its figures beside the channel's 30-day medians, and the moments that moved its curve.

Pure: streams (from samples) and their stories (from EventSub) in, plain values out. Nothing is
estimated that the API cannot say: unique viewers and how long each stayed are Twitch's alone.
"""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from dashboard.analysis.streams import Stream
from providers.twitch.records import StreamStory

MEDIAN_DAYS = 30
NEAR = 6 * 60  # seconds: an event this close before a sample explains its change
MOMENTS = 3


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    median: float | None  # of the channel's other streams of the 30 days before; None without any
    unit: str = ""  # "h" for hours, "" for counts

    @property
    def against(self) -> float | None:
        """The change against the median, as a share (0.25: a quarter above); None without a median above 0."""
        return None if not self.median else self.value / self.median - 1


@dataclass(frozen=True)
class Moment:
    at: float  # epoch seconds of the sample after the change
    change: int  # viewers gained (or lost) since the sample before
    viewers: int
    because: str  # what happened just before, as far as EventSub told; "" when nothing did


def figures_of(stream: Stream, story: StreamStory) -> dict[str, float]:
    messages = sum(messages for _, messages, _, _ in story.chat)
    return {
        "Average viewers": stream.average,
        "Peak viewers": stream.peak,
        "Hours watched": stream.hours_watched,
        "New followers": story.count("follow"),
        "Subs (gifts counted)": story.count("subscribe") + story.count("resub") + story.total("gift"),
        "Bits": story.total("cheer"),
        "Chatters": story.chatters,
        "Chat messages": messages,
        "Raids in": story.count("raid_in"),
        "Ad minutes": story.total("ad_break") / 60,
    }


def report_figures(stream: Stream, story: StreamStory, earlier: list[tuple[Stream, StreamStory]]) -> list[Figure]:
    """Each figure of the stream, with its median over the channel's streams of the 30 days before it."""
    since = stream.started_at - timedelta(days=MEDIAN_DAYS)
    others = [figures_of(s, t) for s, t in earlier if since <= s.started_at < stream.started_at]
    return [
        Figure(
            label, value, median(o[label] for o in others) if others else None, "h" if label == "Hours watched" else ""
        )
        for label, value in figures_of(stream, story).items()
    ]


def moments(stream: Stream, story: StreamStory) -> list[Moment]:
    """The MOMENTS biggest viewer changes between samples, biggest first, each with what came just before it."""
    steps = [
        (after.timestamp(), count - before_count, count)
        for (_, before_count), (after, count) in zip(stream.viewers, stream.viewers[1:], strict=False)
    ]
    biggest = sorted(steps, key=lambda step: -abs(step[1]))[:MOMENTS]
    return [Moment(at, change, viewers, _because(story, at)) for at, change, viewers in biggest if change]


def _because(story: StreamStory, at: float) -> str:
    told = {
        "raid_in": lambda amount, actor: f"a raid from {actor} with {amount:,} viewers",
        "raid_out": lambda amount, actor: f"a raid out to {actor}",
        "ad_break": lambda amount, _actor: f"an ad break of {amount // 60}:{amount % 60:02d}",
        "update": lambda _amount, _actor: "a change of title or game",
        "hype_train_begin": lambda amount, _actor: "a hype train",
    }
    near = [e for e in story.events if e[0] in told and at - NEAR <= e[1] <= at]
    return "; ".join(told[kind](amount, actor or "someone") for kind, _at, amount, actor, _ in near)
