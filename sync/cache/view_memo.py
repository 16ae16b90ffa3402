"""Archive reads that every dashboard view makes, kept in Redis between the archive's writes.

A Twitch view asks the database two things (the tracked account for the collection bar, the stream
samples' version for the stream panels): two transactions, a third of the page's server time. Every
write that changes either answer goes through ``Archive``, which forgets the kept answer; a short
lifetime bounds what a write made elsewhere (a migration, a SQL console) or a read racing a write
can leave behind. Redis being away only means asking the database.
"""

import contextlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
import redis

log = logging.getLogger(__name__)

T = TypeVar("T")
LIFETIME_SECONDS = 60


class ViewMemo:
    def __init__(self, client: redis.Redis, prefix: str, lifetime: int = LIFETIME_SECONDS):
        self.client, self.prefix, self.lifetime = client, prefix + "history-memo:", lifetime

    def read(self, key: str, load: Callable[[], T], kind: Any) -> T:
        """The kept answer for ``key`` (decoded as ``kind``), else ``load()``'s, kept for next time."""
        try:
            kept = self.client.get(self.prefix + key)
            if kept is not None:
                return msgspec.json.decode(kept, type=kind)
        except (redis.RedisError, msgspec.DecodeError) as error:
            log.debug("History memo unread (%s): %s", key, type(error).__name__)
        answer = load()
        with contextlib.suppress(redis.RedisError):
            self.client.set(self.prefix + key, msgspec.json.encode(answer), ex=self.lifetime)
        return answer

    def forget(self, *keys: str) -> None:
        """After a write: the next read of these asks the database."""
        if not keys:
            return
        try:
            self.client.delete(*(self.prefix + key for key in keys))
        except redis.RedisError as error:
            log.warning("History memo not cleared (kept at most %d s more): %s", self.lifetime, type(error).__name__)


def tracked_key(provider: str, account_id: str) -> str:
    return f"tracked:{provider}:{account_id}"


def samples_key(account_id: str) -> str:
    return f"samples:{account_id}"
