"""Checkpoints of long walks (a timeline page by page): where the walk got to, and what it fetched or counted so far.

A walk cut short (its worker killed, its web process restarted, a 429) resumes from its last page
instead of page one. Each page is appended on its own, with the cursor of the page after it, in one
transaction: saving costs one page's worth of data, and the cursor always matches what is stored.
"""

import msgspec
import redis

KEEP_SECONDS = 3600  # an older checkpoint is not worth resuming: the walk starts again


class WalkCheckpoint:
    def __init__(self, client: redis.Redis, key: str):
        self.client = client
        self.cursor_key, self.pages_key = key + ":cursor", key + ":pages"

    def resume(self, item_type) -> tuple[str | None, list, int]:
        """(cursor of the next page, items fetched so far, pages fetched so far); (None, [], 0) to start afresh."""
        pipe = self.client.pipeline(transaction=True)
        pipe.get(self.cursor_key)
        pipe.lrange(self.pages_key, 0, -1)
        cursor, pages = pipe.execute()
        if cursor is None:
            return None, [], 0
        decode = msgspec.msgpack.Decoder(list[item_type]).decode
        return cursor.decode(), [item for page in pages for item in decode(page)], len(pages)

    def save(self, next_cursor: str, page: list) -> None:
        """One more page fetched; the walk goes on from ``next_cursor``."""
        pipe = self.client.pipeline(transaction=True)
        pipe.rpush(self.pages_key, msgspec.msgpack.encode(page))
        pipe.set(self.cursor_key, next_cursor, ex=KEEP_SECONDS)
        pipe.expire(self.pages_key, KEEP_SECONDS)
        pipe.execute()

    def clear(self) -> None:
        self.client.delete(self.cursor_key, self.pages_key)


class TallyCheckpoint:
    """Where a walk that keeps only a tally (counts, not items) got to, saved every few pages.

    One key holds the cursor of the next page and the tally of every page before it, written in one
    command: they always match. A walk cut short resumes from the last save, a few pages back.
    """

    def __init__(self, client: redis.Redis, key: str):
        self.client, self.key = client, key + ":tally"

    def resume(self, tally_type) -> tuple[str | None, object | None]:
        """(cursor of the next page, tally so far); (None, None) to start afresh."""
        raw = self.client.get(self.key)
        if raw is None:
            return None, None
        cursor, tally = msgspec.msgpack.decode(raw, type=tuple[str, tally_type])
        return cursor, tally

    def save(self, next_cursor: str, tally) -> None:
        self.client.set(self.key, msgspec.msgpack.encode((next_cursor, tally)), ex=KEEP_SECONDS)

    def clear(self) -> None:
        self.client.delete(self.key)
