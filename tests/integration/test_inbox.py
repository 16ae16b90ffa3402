"""The inbox on a real Redis: a burst queued in one round trip, each message id let in once, and an entry an
earlier version queued still read after a deploy."""

import msgspec

from eventsub.inbox import Inbox
from providers.twitch.eventsub import ChannelEvent, ChatLine


def test_a_burst_is_queued_once_per_message_id_and_read_back_as_records(redis_client, key_prefix):
    inbox = Inbox(redis_client, key_prefix)
    line = ChatLine("1", 100.5, "42", "someone", (("e1", "Kappa"),))
    follow = ChannelEvent("1", "follow", 101.0, actor="fan")
    assert inbox.accept_many([("a", line), ("b", follow), ("a", line)]) == 2  # "a" twice in one burst: once
    assert inbox.accept_many([("b", follow), ("c", line)]) == 1
    assert not inbox.accept("c", line)
    taken = inbox.take("folder", 10, 100)
    assert [(message_id, record) for _, message_id, record in taken] == [("a", line), ("b", follow), ("c", line)]


def test_an_entry_queued_by_the_version_before_is_read(redis_client, key_prefix):
    inbox = Inbox(redis_client, key_prefix)
    old = {"record": "chat", "channel_id": "1", "at": 5.0, "chatter_id": "7", "chatter_login": "x", "emotes": []}
    redis_client.xadd(inbox.stream, {"id": "old-1", "record": msgspec.msgpack.encode(old)})
    ((_, message_id, record),) = inbox.take("folder", 10, 100)
    assert (message_id, record) == ("old-1", ChatLine("1", 5.0, "7", "x", ()))
