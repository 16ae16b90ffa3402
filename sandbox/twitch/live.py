"""Live streams: channels go live in their weekly slots, and their audience follows a curve of the clock.

A channel broadcasts in each of its slots (its public ``schedule``, or the unannounced
``broadcasts`` of a channel without one), starting a few minutes late and running a little over or
under, and now and then skips one. Each broadcast's audience ramps up, holds a plateau, fades in
the last quarter, and sometimes takes a raid: a spike that melts away. Everything derives from the
channel and the slot's date, so any process computes the same stream, id and count for a moment.

``viewer_count`` is the curve itself, a plain function, so tests can compute expected averages;
``broadcasts`` lists a channel's broadcasts in a time range.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .seed import GAMES, Account, Slot
from .timefmt import rfc3339

DAY = 86_400
WEEK = 7 * DAY
RAMP_SECONDS = 5 * 60  # viewers arrive over the first quarter-hour (95% by then)
FADE_SHARE = 0.25  # the last quarter of a stream loses viewers
FADE_DEPTH = 0.6  # ... down to 40% of the plateau at the end
WOBBLE = 0.05  # the plateau drifts by up to 5%
RAID_FADE_SECONDS = 10 * 60
SKIP_CHANCE = 0.1
RAID_CHANCE = 0.3
STREAM_ID_BASE = 40_100_000_000
SCHEDULED_STREAMS = 50_000_000  # offset of slot-driven stream ids within a channel's range


@dataclass(frozen=True)
class Broadcast:
    account: Account
    slot: Slot
    slot_index: int
    started: int
    ended: int
    peak: int  # the plateau's audience
    raid_at: int | None  # seconds after the start, or None without a raid
    raid_size: int

    @property
    def id(self) -> str:
        week = self.started // WEEK
        number = STREAM_ID_BASE + self.account.number * 100_000_000 + SCHEDULED_STREAMS
        return str(number + week * 16 + self.slot_index)

    def viewers(self, at: int) -> int:
        return viewer_count(self.peak, self.ended - self.started, at - self.started, self.raid_at, self.raid_size)


def viewer_count(peak: int, length: int, elapsed: float, raid_at: int | None = None, raid_size: int = 0) -> int:
    """Viewers ``elapsed`` seconds into a broadcast of ``length`` seconds whose plateau is ``peak``.

    Ramp-up, plateau with a slow drift, fade over the last quarter, and a raid's spike of
    ``raid_size`` viewers at ``raid_at`` that melts away over ten minutes. At least one viewer (the
    broadcaster's own tab) while live; 0 outside the broadcast.
    """
    if not 0 <= elapsed < length:
        return 0
    ramp = -math.expm1(-elapsed / RAMP_SECONDS)
    fade_from = length * (1 - FADE_SHARE)
    fade = 1.0 if elapsed < fade_from else 1 - FADE_DEPTH * (elapsed - fade_from) / (length - fade_from)
    drift = 1 + WOBBLE * math.sin(elapsed / 420)
    raid = 0.0
    if raid_at is not None and elapsed >= raid_at:
        raid = raid_size * math.exp(-(elapsed - raid_at) / RAID_FADE_SECONDS)
    return max(1, round(peak * ramp * fade * drift + raid))


def typical_audience(account: Account) -> int:
    """The plateau a channel's broadcasts hover around."""
    return account.live_viewers or max(2, account.followers // 60)


def slots(account: Account) -> tuple[Slot, ...]:
    return account.schedule or account.broadcasts


def broadcasts(account: Account, start: int, end: int, created: int | None = None) -> list[Broadcast]:
    """The channel's broadcasts that overlap ``start``..``end``, oldest first; none before ``created``."""
    found = []
    monday = _monday(start) - WEEK  # a slot late on Sunday can run into the week of ``start``
    while monday < end:
        for index, slot in enumerate(slots(account)):
            broadcast = _broadcast(account, index, slot, monday + slot.weekday * DAY + slot.hour * 3600)
            overlaps = broadcast and broadcast.started < end and broadcast.ended > start
            if overlaps and (created is None or broadcast.started >= created):
                found.append(broadcast)
        monday += WEEK
    return sorted(found, key=lambda broadcast: broadcast.started)


def on_air(account: Account, at: int, created: int | None = None) -> Broadcast | None:
    """The broadcast live at ``at``, if any."""
    live = broadcasts(account, at, at + 1, created)
    return live[0] if live else None


def stream(broadcast: Broadcast, at: int, static: str) -> dict:
    """Helix's stream object for ``broadcast`` as of ``at``; thumbnails under ``static``."""
    account, slot = broadcast.account, broadcast.slot
    return {
        "id": broadcast.id,
        "user_id": account.id,
        "user_login": account.login,
        "user_name": account.display_name,
        "game_id": slot.game_id,
        "game_name": GAMES.get(slot.game_id, ""),
        "type": "live",
        "title": slot.title,
        "viewer_count": broadcast.viewers(at),
        "started_at": rfc3339(broadcast.started),
        "language": account.language,
        "thumbnail_url": f"{static}/thumb/live/{account.login}-{{width}}x{{height}}.svg",
        "tag_ids": [],
        "tags": list(account.tags),
        "is_mature": False,
    }


def _broadcast(account: Account, index: int, slot: Slot, start: int) -> Broadcast | None:
    draws = _draws(f"{account.login}:{index}:{start}")
    if draws[0] < SKIP_CHANCE:
        return None
    started = start + int(draws[1] * 10 * 60)  # up to ten minutes late
    ended = start + slot.minutes * 60 + int((draws[2] - 0.3) * 40 * 60)  # 12 minutes short to 28 over
    peak = max(1, round(typical_audience(account) * (0.7 + 0.6 * draws[3])))
    raid_at = int((0.2 + 0.6 * draws[5]) * (ended - started)) if draws[4] < RAID_CHANCE else None
    raid_size = round(peak * (0.5 + 2 * draws[6])) if raid_at is not None else 0
    return Broadcast(account, slot, index, started, ended, peak, raid_at, raid_size)


def _draws(key: str) -> list[float]:
    """Eight numbers in [0, 1) fixed by ``key``: the same in every process."""
    digest = hashlib.sha256(key.encode()).digest()
    return [int.from_bytes(digest[i : i + 4], "big") / 2**32 for i in range(0, 32, 4)]


def _monday(at: int) -> int:
    day = datetime.fromtimestamp(at, UTC)
    return int((day - timedelta(days=day.weekday())).replace(hour=0, minute=0, second=0, microsecond=0).timestamp())
