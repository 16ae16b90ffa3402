"""RFC 3339 timestamps the way Twitch writes them (UTC, whole seconds, trailing Z), and the zone-less
variant of Twitch's CLI mock API."""

import re
from datetime import UTC, datetime

# A JSON string that is exactly one of our times: titles and ids never are.
_JSON_TIME = re.compile(rb'"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})Z"')


def rfc3339(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_rfc3339(text: str) -> int | None:
    """Epoch seconds, or None when ``text`` is not an RFC 3339 date-time with a zone."""
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return int(parsed.timestamp())


def video_duration(seconds: int) -> str:
    """Twitch's video length format: "3h2m1s", "3m21s", "45s"."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"


def zoneless(body: bytes) -> bytes:
    """Every time of a JSON reply as Twitch's CLI mock API writes them: '2026-11-30 03:31:53'."""
    return _JSON_TIME.sub(rb'"\1 \2"', body)
