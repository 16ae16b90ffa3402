"""What the sandbox told of a short broadcast, and what the history database kept of it: for the EventSub
tests of both transports, which compare them to the event."""

import time
from collections import Counter

import requests
from sqlalchemy import func, select

from sandbox.twitch import live, seed, story
from sync.database.known_chatters import count_known
from sync.database.models import ChannelEventRecord, ChatMinute, StreamChatter, StreamEmote

STREAMER = seed.STREAMER
KINDS = {
    "stream.online": "online",
    "stream.offline": "offline",
    "channel.update": "update",
    "channel.follow": "follow",
    "channel.subscribe": "subscribe",
    "channel.subscription.gift": "gift",
    "channel.subscription.message": "resub",
    "channel.cheer": "cheer",
    "channel.ad_break.begin": "ad_break",
    "channel.hype_train.begin": "hype_train_begin",
    "channel.hype_train.end": "hype_train_end",
}


def eventually(check, seconds: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def tell(url: str, **what) -> dict:
    body = {"broadcaster_user_id": STREAMER.id, **what}
    reply = requests.post(f"{url}/sandbox/twitch/_eventsub/tell", json=body, timeout=120)
    assert reply.status_code == 200, reply.text
    return reply.json()


def told_broadcast(told: dict) -> live.Broadcast:
    """The short broadcast the sandbox told, as its story module makes it."""
    minutes = (told["broadcast"]["ended"] - told["broadcast"]["started"]) / 60
    broadcast = story.short_broadcast(STREAMER, told["broadcast"]["ended"], minutes)
    assert broadcast.id == told["broadcast"]["id"]
    return broadcast


def expected(broadcast: live.Broadcast) -> dict:
    told = story.happenings(broadcast, broadcast.started, broadcast.ended + 1)
    kinds = Counter()
    for h in told:
        if h.type == "channel.raid":
            kinds["raid_in" if h.event["to_broadcaster_user_id"] == STREAMER.id else "raid_out"] += 1
        elif h.type in KINDS:
            kinds[KINDS[h.type]] += 1
    chat = [h for h in told if h.type == "channel.chat.message"]
    per_minute: dict[float, list] = {}
    for h in chat:
        per_minute.setdefault(float(int(h.at // 60 * 60)), []).append(h.event["chatter_user_id"])
    emotes = Counter(
        (broadcast.id, f["text"]) for h in chat for f in h.event["message"]["fragments"] if f["type"] == "emote"
    )
    return {
        "kinds": kinds,
        "per_minute": per_minute,
        "emotes": emotes,
        "chatters": Counter((broadcast.id, h.event["chatter_user_login"]) for h in chat),
        "bits": sum(h.event["bits"] for h in told if h.type == "channel.cheer"),
        "texts": {h.event["message"]["text"] for h in chat}
        | {h.event["message"] for h in told if h.type == "channel.cheer"},
        "distinct": len({h.event["chatter_user_id"] for h in chat}),
    }


def kept(server) -> dict:
    """What the history database holds of the story."""
    sessions = server.extensions["runtime"].archive.sessions
    with sessions() as session:
        kinds = Counter(
            dict(session.execute(select(ChannelEventRecord.kind, func.count()).group_by(ChannelEventRecord.kind)).all())
        )
        amounts = dict(
            session.execute(
                select(ChannelEventRecord.kind, func.sum(ChannelEventRecord.amount)).group_by(ChannelEventRecord.kind)
            ).all()
        )
        return {
            "kinds": kinds,
            "amounts": amounts,
            "minutes": {
                row.minute.timestamp(): (row.messages, row.chatters, row.first_timers)
                for row in session.scalars(select(ChatMinute))
            },
            "emotes": {(row.stream_id, row.name): row.uses for row in session.scalars(select(StreamEmote))},
            "chatters": {(row.stream_id, row.login): row.messages for row in session.scalars(select(StreamChatter))},
            "seen": count_known(session),
        }


def assert_kept_whole(server, broadcast: live.Broadcast) -> None:
    """Every event and chat message of the broadcast kept once: none lost, none twice."""
    want, have = expected(broadcast), kept(server)
    assert have["kinds"] == want["kinds"], (have["kinds"], want["kinds"])
    minutes = {m: n for m, (n, _, _) in have["minutes"].items()}
    assert minutes == {m: len(ids) for m, ids in want["per_minute"].items()}, (minutes, want["per_minute"])
    assert have["emotes"] == want["emotes"] and have["chatters"] == want["chatters"]
