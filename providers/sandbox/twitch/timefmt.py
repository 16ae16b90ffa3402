"""RFC 3339 timestamps the way Twitch writes them (UTC, whole seconds, trailing Z)."""
from datetime import datetime, timezone


def rfc3339(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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
