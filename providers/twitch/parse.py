"""Tolerant readers for Twitch's odd value formats: RFC 3339 times, "3h2m1s" durations, loose numbers."""

import logging
import re
from datetime import UTC, datetime

log = logging.getLogger(__name__)

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)([hms])")
_SECONDS = {"h": 3600, "m": 60, "s": 1}


def parse_time(value: str | None) -> datetime | None:
    """Twitch's RFC 3339 times ('2016-12-14T20:32:28Z', sometimes with fractions).

    Times without a zone, or with a space for the T ('2026-11-30 03:31:53', as Twitch's CLI mock
    API sends them), are read as UTC: every Twitch time is.
    """
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def epoch(item: dict, name: str, record: str) -> int:
    """Epoch seconds of the time ``item[name]``; 0 (no time) when absent.

    One that cannot be read is logged with its ``record`` kind and the record, not dated 1970 in silence.
    """
    value = item.get(name)
    parsed = parse_time(value)
    if parsed is None:
        if value:
            log.warning("Twitch %s with an unreadable %s %r, left without it: %.300r", record, name, value, item)
        return 0
    return int(parsed.timestamp())


def duration_seconds(value) -> int:
    """Video lengths: "3h2m1s", "3m21s", "45s"; also plain numbers (clips give seconds as a float)."""
    if isinstance(value, (int, float)):
        return max(0, int(round(value)))
    if not isinstance(value, str) or not value.strip():
        return 0
    text = value.strip().lower()
    try:
        return max(0, int(round(float(text))))
    except ValueError:
        pass
    return int(sum(float(number) * _SECONDS[unit] for number, unit in _DURATION_PART.findall(text)))


def number(value, default: int = 0) -> int:
    """An int from whatever Twitch sent (int, numeric string, null)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def text(value) -> str:
    return value if isinstance(value, str) else ""
