"""The inbox: a Redis stream of checked EventSub messages waiting to be folded, each let in once.

A message id is remembered for 15 minutes (Twitch resends within its 10-minute window) and the
message is added in the same step, by one script: a resend is never queued twice, and a message is
never remembered without being queued. What is queued is the record already read from the
notification (providers/twitch/eventsub.py), so a chat message's text never reaches Redis.

Folders read it as a consumer group: an entry is acknowledged and deleted only after its fold
committed, and an entry a killed folder held is claimed by another after ``STALE_MS``.
"""

import msgspec
import redis

from providers.twitch.eventsub import ChannelEvent, ChatLine

_ENCODER = msgspec.msgpack.Encoder()  # a record as (kind, its fields): dataclasses encode natively
SEEN_SECONDS = 15 * 60
GROUP = "folders"
STALE_MS = 30_000

# KEYS: each message's seen key, then the stream; ARGV: how long ids are remembered, then id and record of each.
_ACCEPT = """
local added = 0
for i = 1, #KEYS - 1 do
  if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[1]) then
    redis.call('XADD', KEYS[#KEYS], '*', 'id', ARGV[2 * i], 'record', ARGV[2 * i + 1])
    added = added + 1
  end
end
return added
"""


class Inbox:
    def __init__(self, client: redis.Redis, key_prefix: str, stale_ms: int = STALE_MS):
        self.client, self.stale_ms = client, stale_ms
        self.stream, self.seen = f"{key_prefix}eventsub:inbox", f"{key_prefix}eventsub:seen:"
        self._accept = client.register_script(_ACCEPT)

    def accept(self, message_id: str, record: ChannelEvent | ChatLine) -> bool:
        """Queue the message's record; False when this message id came before (a duplicate)."""
        return self.accept_many([(message_id, record)]) == 1

    def accept_many(self, messages: list[tuple[str, ChannelEvent | ChatLine]]) -> int:
        """Queue several in one round trip (a burst read off a WebSocket); returns how many were new."""
        if not messages:
            return 0
        keys = [self.seen + message_id for message_id, _ in messages] + [self.stream]
        args: list = [SEEN_SECONDS]
        for message_id, record in messages:
            args += [message_id, _ENCODER.encode(("chat" if isinstance(record, ChatLine) else "event", record))]
        return int(self._accept(keys=keys, args=args))

    def forget_seen(self, message_id: str) -> None:
        """A message whose fold was refused for good may be told again."""
        self.client.delete(self.seen + message_id)

    def _group(self) -> None:
        try:
            self.client.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def take(self, consumer: str, count: int = 500, block_ms: int = 1000) -> list[tuple[str, str, object]]:
        """Up to ``count`` entries for ``consumer``: first any a stalled folder left, then new ones."""
        self._group()
        _next, claimed, *_ = self.client.xautoclaim(self.stream, GROUP, consumer, self.stale_ms, "0-0", count=count)
        entries = claimed or []
        if not entries:
            reply = self.client.xreadgroup(GROUP, consumer, {self.stream: ">"}, count=count, block=block_ms)
            entries = reply[0][1] if reply else []
        return [_entry(entry_id, fields) for entry_id, fields in entries if fields]

    def done(self, entry_ids: list[str]) -> None:
        if entry_ids:
            pipe = self.client.pipeline(transaction=True)
            pipe.xack(self.stream, GROUP, *entry_ids)
            pipe.xdel(self.stream, *entry_ids)
            pipe.execute()

    def waiting(self) -> int:
        return self.client.xlen(self.stream)


def _entry(entry_id, fields: dict) -> tuple[str, str, object]:
    decoded = msgspec.msgpack.decode(fields[b"record"])
    # An entry an earlier version queued (a map naming its kind) may still wait through a deploy.
    kind, data = (decoded.pop("record"), decoded) if isinstance(decoded, dict) else decoded
    if kind == "chat":
        record = ChatLine(**{**data, "emotes": tuple(tuple(e) for e in data["emotes"])})
    else:
        record = ChannelEvent(**data)
    return entry_id.decode() if isinstance(entry_id, bytes) else entry_id, fields[b"id"].decode(), record
