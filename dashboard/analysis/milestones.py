"""The path to Affiliate and to Partner: Twitch's published thresholds over the rolling last 30 days,
measured from the streams we sampled (a lower bound: a stream we never saw live does not count).

Affiliate: at least 50 followers, 500 minutes broadcast on 7 unique days, 3 average concurrent
viewers. Partner ("Path to Partner" achievement): 25 hours broadcast on 12 unique days, 75
average viewers. The window rolls: a stream counts for 30 days after it aired.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dashboard.analysis.streams import Stream

WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Goal:
    name: str
    have: float
    need: float
    unit: str

    @property
    def met(self) -> bool:
        return self.have >= self.need

    @property
    def share(self) -> float:
        return min(self.have / self.need, 1.0) if self.need else 1.0


@dataclass(frozen=True)
class Path:
    title: str
    goals: list[Goal]

    @property
    def met(self) -> bool:
        return all(goal.met for goal in self.goals)


@dataclass(frozen=True)
class Last30Days:
    minutes: float
    days: int
    average_viewers: float
    streams: int


def last_30_days(streams: list[Stream], now: datetime | None = None) -> Last30Days:
    """Minutes broadcast, unique broadcast days (UTC) and average viewers (minute-weighted) of the last 30 days."""
    now = now or datetime.now(UTC)
    recent = [stream for stream in streams if stream.last_seen >= now - WINDOW]
    minutes = sum(stream.broadcast_minutes for stream in recent)
    days = {at.date() for stream in recent for at, _viewers in stream.viewers if at >= now - WINDOW}
    # Average concurrent viewers over the month: each stream's average, weighted by its length.
    weighted = sum(stream.average * stream.broadcast_minutes for stream in recent)
    return Last30Days(minutes, len(days), weighted / minutes if minutes else 0.0, len(recent))


def affiliate_path(window: Last30Days, followers: int) -> Path:
    return Path(
        "Path to Affiliate",
        [
            Goal("Followers", followers, 50, "followers"),
            Goal("Minutes broadcast", round(window.minutes), 500, "minutes"),
            Goal("Unique broadcast days", window.days, 7, "days"),
            Goal("Average viewers", round(window.average_viewers, 1), 3, "viewers"),
        ],
    )


def partner_path(window: Last30Days) -> Path:
    return Path(
        "Path to Partner",
        [
            Goal("Hours broadcast", round(window.minutes / 60, 1), 25, "hours"),
            Goal("Unique broadcast days", window.days, 12, "days"),
            Goal("Average viewers", round(window.average_viewers, 1), 75, "viewers"),
        ],
    )
