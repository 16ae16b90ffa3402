"""A channel's streaming schedule: its weekly slots unrolled into dated segments.

Segments are computed from the time asked about, so the schedule is always upcoming however long
the app has been running. Vacation and the one cancelled segment sit at fixed offsets from the
anchor, like the rest of the generated data.
"""

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

from .seed import GAMES, Account
from .timefmt import rfc3339

DAY = 86_400
WEEK = 7 * DAY
WEEKS_AHEAD = 8  # how far a recurring schedule is unrolled
_NAMESPACE = uuid.UUID("7b0f3a56-5d0e-4c55-9a43-1f1e1c7a7a01")


def _vacation_window(account: Account, anchor: int) -> tuple[int, int]:
    """A week off starting two weeks after the anchor; (0, 0) for channels without one."""
    if not account.vacation:
        return 0, 0
    start = anchor - anchor % DAY + 14 * DAY
    return start, start + 7 * DAY


def vacation(account: Account, anchor: int) -> dict | None:
    start, end = _vacation_window(account, anchor)
    return {"start_time": rfc3339(start), "end_time": rfc3339(end)} if start else None


def _segment_id(account: Account, slot_index: int, start: int) -> str:
    """Twitch's segment ids are base64 JSON naming the recurring segment and its ISO week."""
    year, week, _ = datetime.fromtimestamp(start, UTC).isocalendar()
    segment = str(uuid.uuid5(_NAMESPACE, f"{account.login}:{slot_index}"))
    raw = json.dumps({"segmentID": segment, "isoYear": year, "isoWeek": week}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


def segments(account: Account, since: int, anchor: int) -> list[dict]:
    """Segments that end after ``since``, soonest first, up to ``WEEKS_AHEAD`` weeks on."""
    day = datetime.fromtimestamp(since, UTC)
    monday = int((day - timedelta(days=day.weekday())).replace(hour=0, minute=0, second=0).timestamp())
    away_from, away_until = _vacation_window(account, anchor)
    # One slot of the week after the anchor is cancelled, as broadcasters do now and then.
    cancelled_week = datetime.fromtimestamp(anchor + WEEK, UTC).isocalendar()[:2]
    found = []
    for week in range(WEEKS_AHEAD + 1):
        for index, slot in enumerate(account.schedule):
            start = monday + week * WEEK + slot.weekday * DAY + slot.hour * 3600
            end = start + slot.minutes * 60
            if end <= since or start >= since + WEEKS_AHEAD * WEEK or (away_from <= start < away_until):
                continue
            week_of_start = datetime.fromtimestamp(start, UTC).isocalendar()[:2]
            cancelled = index == 1 and week_of_start == cancelled_week
            found.append(
                {
                    "id": _segment_id(account, index, start),
                    "start_time": rfc3339(start),
                    "end_time": rfc3339(end),
                    "title": slot.title,
                    "canceled_until": rfc3339(end) if cancelled else None,
                    "category": {"id": slot.game_id, "name": GAMES[slot.game_id]},
                    "is_recurring": True,
                    "_start": start,
                }
            )
    found.sort(key=lambda segment: segment["_start"])
    return found
