"""Daily snapshots as earlier versions kept them in Redis: read once by `history import-redis`
(sync/database/history_import.py), which carries them into the database. Nothing writes them any more.

One Redis hash per counter, a field per UTC day. A counter's value may be a number (follower
total) or a mapping (every VOD's view count that day), so one field holds a whole day.
"""

from datetime import UTC, datetime

import msgspec
import redis


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


class Snapshots:
    def __init__(self, client: redis.Redis, key_prefix: str):
        self.client = client
        self.prefix = key_prefix + "snap:"

    def _key(self, provider: str, account: str, counter: str) -> str:
        return f"{self.prefix}{provider}:{account}:{counter}"

    def record(self, provider: str, account: str, counter: str, value, day: str | None = None) -> bool:
        """Keep ``value`` as the day's snapshot unless the day has one; True when it was kept."""
        return bool(
            self.client.hsetnx(self._key(provider, account, counter), day or today(), msgspec.msgpack.encode(value))
        )

    def history(self, provider: str, account: str, counter: str) -> dict[str, object]:
        """Every snapshot of a counter, oldest day first."""
        raw = self.client.hgetall(self._key(provider, account, counter))
        return {day.decode(): msgspec.msgpack.decode(value) for day, value in sorted(raw.items())}
