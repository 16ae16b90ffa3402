"""Counting new followers per quarter hour on a walk of Twitch's follower list, newest first, without keeping the list.

A walk stops where the last one began: at the first follower who followed before the newest
follower it counted, or in that same second with an id it counted. Twitch lists followers by
``followed_at``, newest first, so everyone before that point is new. A first walk has no such
point and counts everyone.
"""

from dataclasses import dataclass, field

from core.units import QUARTER_HOUR
from providers.twitch.records import Follower, FollowerDays


@dataclass
class FollowerTally:
    """What a walk has counted so far: also what its checkpoint keeps, to resume a long first walk."""

    counts: dict[int, int] = field(default_factory=dict)  # epoch quarter hour -> new followers in it
    newest_at: int = 0
    newest_ids: list[str] = field(default_factory=list)
    pages: int = 0
    recent: list[int] = field(default_factory=list)  # followed_at of the new followers since ``recent_since``


class FollowerWalk:
    def __init__(self, known: FollowerDays | None, tally: FollowerTally | None = None, recent_since: int = 0):
        known = known or FollowerDays()
        self.recent_since = recent_since  # followers since then keep their time, for the stream panels
        self.known = known
        self.stop_at, self.stop_ids = known.newest_at, set(known.newest_ids)
        self.tally = tally or FollowerTally()
        self.reached_known = False

    def add(self, followers: list[Follower]) -> bool:
        """Count one page's new followers; True once the walk reached followers counted before."""
        tally = self.tally
        tally.pages += 1
        for follower in followers:
            at = follower.followed_at
            if self.stop_ids and (at < self.stop_at or (at == self.stop_at and follower.user_id in self.stop_ids)):
                self.reached_known = True
                return True
            quarter = at // QUARTER_HOUR
            tally.counts[quarter] = tally.counts.get(quarter, 0) + 1
            if at >= self.recent_since:
                tally.recent.append(at)
            if not tally.newest_ids or at > tally.newest_at:
                tally.newest_at, tally.newest_ids = at, [follower.user_id]
            elif at == tally.newest_at:
                tally.newest_ids.append(follower.user_id)
        return False

    @property
    def new(self) -> int:
        return sum(self.tally.counts.values())

    def merged(self, total: int) -> FollowerDays:
        """The stored aggregate with this walk's new followers added, and Twitch's ``total``."""
        counts = dict(zip(self.known.quarters, self.known.counts))
        for quarter, count in self.tally.counts.items():
            counts[quarter] = counts.get(quarter, 0) + count
        newest_at, newest_ids = self.known.newest_at, list(self.known.newest_ids)
        if self.tally.newest_ids:
            if self.tally.newest_at == newest_at:  # new followers in the very second of the last newest
                newest_ids += self.tally.newest_ids
            else:
                newest_at, newest_ids = self.tally.newest_at, list(self.tally.newest_ids)
        quarters = sorted(counts)
        recent = [at for at in self.tally.recent + self.known.recent if at >= self.recent_since]
        return FollowerDays(total, quarters, [counts[q] for q in quarters], newest_at, newest_ids, recent)
