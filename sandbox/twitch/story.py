"""What happens during a sandbox broadcast, as EventSub tells it: chat, follows, subs, gifts, cheers, raids
in and out, ad breaks, a hype train, a change of game, the stream going on and off the air.

Everything is drawn from the broadcast and the minute (``random.Random`` seeded with a string is the
same in every process), so replaying a stretch of a stream twice tells the same story with the same
message ids, and a test can count what was told. Chat follows the viewer curve: about one message
per seven viewers a minute, from the channel's regulars and, now and then, a first-timer.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass

from . import crowd, generate, live, people, seed
from .live import Broadcast
from .seed import GAMES
from .timefmt import parse_rfc3339, rfc3339

CHAT_PER_VIEWER_MINUTE = 0.15
FIRST_TIMER_SHARE = 0.03
FOLLOWS_PER_VIEWER_MINUTE = 0.004
SUBS_PER_VIEWER_MINUTE = 0.0015
CHEERS_PER_VIEWER_MINUTE = 0.0012
GIFT_SHARE = 0.15  # of sub events: a gift of several instead
AD_EVERY_MINUTES = 45
FIRST_AD_MINUTES = 15  # or a third into a shorter broadcast
SHORT_AUDIENCE = 150  # a short broadcast is a busy one: every kind of event has a chance in minutes
TODAY_SLOT, TODAY_HOURS = 14, 12
SHORT_SLOT = 15  # the slot index of short broadcasts (slots are fewer): their stream ids stand apart
HYPE_TRAIN_CHANCE = 0.25
RAID_OUT_CHANCE = 0.5
REGULARS_PER_VIEWER = 0.4  # a channel's regular chatters: two for every five viewers of the plateau
REGULAR_BASE = 400_000  # viewer numbers of regulars start here (apart from followers and subscribers)
FIRST_TIMER_BASE = 800_000
WORDS = ("hi chat", "gg", "lets go", "that was close", "what game is next", "love this", "lol", "first time here")


@dataclass(frozen=True)
class Happening:
    at: float  # epoch seconds
    type: str  # the EventSub subscription type
    event: dict
    key: str  # unique within the sandbox: the same happening always gets the same message ids


def emotes(channel: seed.Account) -> list[tuple[str, str]]:
    """(emote id, name) the channel's chat uses: two of its own, three global ones."""
    prefix = channel.login.replace("sandbox_", "")[:6]
    own = [(f"emotesv2_{channel.number}{n}", f"{prefix}{name}") for n, name in enumerate(("Hype", "Love"))]
    return own + [("25", "Kappa"), ("425618", "LUL"), ("305954156", "PogChamp")]


VERSIONS = {
    "channel.update": "2",
    "channel.follow": "2",
    "channel.hype_train.begin": "2",
    "channel.hype_train.end": "2",
}


def expected_size(broadcast: Broadcast, start: float = 0, end: float = float("inf")) -> int:
    """About how many happenings the broadcast's story holds between ``start`` and ``end`` (chat is most
    of it), without telling it."""
    seconds = max(0.0, min(broadcast.ended, end) - max(broadcast.started, start))
    return int(broadcast.peak * seconds / 60 * CHAT_PER_VIEWER_MINUTE * 1.1) + 50


def as_notification(happening: Happening, channel_id: str) -> dict:
    """The happening as the ``subscription`` and ``event`` of the notification EventSub would send."""
    if happening.type == "channel.raid":
        side = "to" if happening.event["to_broadcaster_user_id"] == channel_id else "from"
        condition = {f"{side}_broadcaster_user_id": channel_id}
    else:
        condition = {"broadcaster_user_id": channel_id}
    subscription = {"type": happening.type, "version": VERSIONS.get(happening.type, "1"), "condition": condition}
    return {"subscription": subscription, "event": happening.event, "at": happening.at, "key": happening.key}


def short_broadcast(channel: seed.Account, now: int, minutes: float) -> Broadcast:
    """A broadcast that began ``minutes`` ago and ends at ``now``, with a raid halfway: what a test tells
    whole within EventSub's 10-minute window (Twitch's CLI triggers events the same way)."""
    started = now - int(minutes * 60)
    peak = max(live.typical_audience(channel), SHORT_AUDIENCE)
    return Broadcast(channel, live.slots(channel)[0], SHORT_SLOT, started, now, peak, (now - started) // 2, peak)


@dataclass(frozen=True)
class TodaysBroadcast(Broadcast):
    """A named channel's stream of today, live whenever it is asked about (generate.py's ``stream``): its own
    id, and its audience held at the channel's live viewers."""

    stream_id: str = ""

    @property
    def id(self) -> str:
        return self.stream_id

    def viewers(self, at: int) -> int:
        return self.peak if self.started <= at < self.ended else 0


def todays(channel: seed.Account) -> TodaysBroadcast | None:
    """The named channel's stream of today, if it is live (it runs on, for the story, for half a day)."""
    if channel.login not in seed.ACCOUNTS or not channel.is_live:
        return None
    stream = generate.channel_data(channel, seed.anchor()).stream
    started = int(parse_rfc3339(stream["started_at"]))
    slot = live.slots(channel)[0]
    return TodaysBroadcast(
        channel, slot, TODAY_SLOT, started, started + TODAY_HOURS * 3600, channel.live_viewers, None, 0, stream["id"]
    )


def broadcasts(channel: seed.Account, start: float, end: float) -> list[Broadcast]:
    """The channel's broadcasts overlapping ``start``..``end``: its scheduled ones and today's live stream."""
    found = live.broadcasts(channel, int(start), int(end) + 1)
    today = todays(channel)
    if today and today.started < end and today.ended > start and all(b.id != today.id for b in found):
        found.append(today)
    return found


def happenings(broadcast: Broadcast, start: float, end: float) -> list[Happening]:
    """What EventSub would send about ``broadcast`` between ``start`` and ``end`` (end exclusive), in order.
    Only the minutes of that stretch are told: a busy channel's whole story takes seconds."""
    told = [h for h in _story(broadcast, start, end) if start <= h.at < end]
    return sorted(told, key=lambda h: (h.at, h.key))


def _story(broadcast: Broadcast, start: float = 0, end: float = float("inf")) -> Iterator[Happening]:
    channel, stream_id = broadcast.account, broadcast.id
    base = _channel_ref(channel, "broadcaster_user")
    yield Happening(
        broadcast.started,
        "stream.online",
        {**base, "id": stream_id, "type": "live", "started_at": rfc3339(broadcast.started)},
        f"{stream_id}:online",
    )
    draws = random.Random(f"story:{stream_id}")
    if draws.random() < 0.4:  # a change of game halfway through
        game = channel.games[1 % len(channel.games)] if channel.games else channel.game_id
        yield Happening(
            broadcast.started + (broadcast.ended - broadcast.started) // 2,
            "channel.update",
            {
                **base,
                "title": f"{broadcast.slot.title} (part two)",
                "language": channel.language,
                "category_id": game,
                "category_name": GAMES.get(game, ""),
                "content_classification_labels": [],
            },
            f"{stream_id}:update",
        )
    if broadcast.raid_at is not None:
        raider = crowd.account(1 + int(draws.random() * (crowd.SIZE - 1)))
        yield Happening(
            broadcast.started + broadcast.raid_at,
            "channel.raid",
            {
                **_channel_ref(raider, "from_broadcaster_user"),
                **_channel_ref(channel, "to_broadcaster_user"),
                "viewers": broadcast.raid_size,
            },
            f"{stream_id}:raid_in",
        )
    if draws.random() < RAID_OUT_CHANCE:
        target = seed.MEGASTREAM if channel.id != seed.MEGASTREAM.id else seed.STREAMER
        yield Happening(
            broadcast.ended - 30,
            "channel.raid",
            {
                **_channel_ref(channel, "from_broadcaster_user"),
                **_channel_ref(target, "to_broadcaster_user"),
                "viewers": broadcast.viewers(broadcast.ended - 30),
            },
            f"{stream_id}:raid_out",
        )
    minute = min(FIRST_AD_MINUTES, (broadcast.ended - broadcast.started) // 180)
    while broadcast.started + minute * 60 < broadcast.ended - 60:
        at = broadcast.started + minute * 60
        seconds = 90 if minute % 2 else 180
        yield Happening(
            at,
            "channel.ad_break.begin",
            {
                **base,
                "duration_seconds": seconds,
                "started_at": rfc3339(at),
                "is_automatic": True,
                "requester_user_id": channel.id,
                "requester_user_login": channel.login,
                "requester_user_name": channel.display_name,
            },
            f"{stream_id}:ad:{minute}",
        )
        minute += AD_EVERY_MINUTES
    if draws.random() < HYPE_TRAIN_CHANCE:
        begun = broadcast.started + int((broadcast.ended - broadcast.started) * 0.6)
        level, train = 1 + int(draws.random() * 3), f"{stream_id}-train"
        common = {
            **base,
            "id": train,
            "type": "regular",
            "is_shared_train": False,
            "shared_train_participants": None,
            "top_contributions": [],
            "total": 500 * level,
            "level": level,
            "started_at": rfc3339(begun),
        }
        yield Happening(
            begun,
            "channel.hype_train.begin",
            {
                **common,
                "progress": 100,
                "goal": 1000,
                "all_time_high_level": level,
                "all_time_high_total": 500 * level,
                "expires_at": rfc3339(begun + 300),
            },
            f"{train}:begin",
        )
        yield Happening(
            begun + 300,
            "channel.hype_train.end",
            {**common, "ended_at": rfc3339(begun + 300), "cooldown_ends_at": rfc3339(begun + 3900)},
            f"{train}:end",
        )
    yield from _minutes(broadcast, base, start, end)
    yield Happening(broadcast.ended, "stream.offline", base, f"{stream_id}:offline")


def _minutes(broadcast: Broadcast, base: dict, start: float, end: float) -> Iterator[Happening]:
    """Chat, follows, subs and cheers, minute by minute, in proportion to the audience."""
    channel, stream_id = broadcast.account, broadcast.id
    regulars = max(5, int(REGULARS_PER_VIEWER * broadcast.peak))
    used = emotes(channel)
    minute = max(0, int((start - broadcast.started) // 60))
    while broadcast.started + minute * 60 < min(broadcast.ended, end):
        start = broadcast.started + minute * 60
        viewers = broadcast.viewers(start + 30)
        draws = random.Random(f"minute:{stream_id}:{minute}")
        for n in range(_count(draws, viewers * CHAT_PER_VIEWER_MINUTE)):
            at = start + draws.random() * 60
            if at >= broadcast.ended:
                continue
            if draws.random() < FIRST_TIMER_SHARE:
                chatter = (
                    FIRST_TIMER_BASE + (channel.number * 7_919 + minute * 131 + n * 17 + broadcast.started) % 190_000
                )
            else:
                chatter = REGULAR_BASE + channel.number * 1_000 + int(draws.random() ** 2 * regulars) % 1_000
            yield Happening(
                at, "channel.chat.message", _chat(base, chatter, draws, used), f"{stream_id}:chat:{minute}:{n}"
            )
        for n in range(_count(draws, viewers * FOLLOWS_PER_VIEWER_MINUTE)):
            follower = 600_000 + (channel.number * 104_729 + minute * 61 + n) % 150_000
            at = start + draws.random() * 60
            yield Happening(
                at,
                "channel.follow",
                {**people.viewer_ref(follower), **base, "followed_at": rfc3339(at)},
                f"{stream_id}:follow:{minute}:{n}",
            )
        for n in range(_count(draws, viewers * SUBS_PER_VIEWER_MINUTE)):
            fan, at, tier = (
                300_000 + int(draws.random() * 50_000),
                start + draws.random() * 60,
                draws.choice(("1000", "1000", "2000", "3000")),
            )
            if draws.random() < GIFT_SHARE:
                total = draws.choice((1, 5, 10))
                yield Happening(
                    at,
                    "channel.subscription.gift",
                    {
                        **people.viewer_ref(fan),
                        **base,
                        "total": total,
                        "tier": tier,
                        "cumulative_total": None,
                        "is_anonymous": False,
                    },
                    f"{stream_id}:gift:{minute}:{n}",
                )
            elif draws.random() < 0.5:
                yield Happening(
                    at,
                    "channel.subscribe",
                    {**people.viewer_ref(fan), **base, "tier": tier, "is_gift": False},
                    f"{stream_id}:sub:{minute}:{n}",
                )
            else:
                months = 2 + int(draws.random() * 20)
                yield Happening(
                    at,
                    "channel.subscription.message",
                    {
                        **people.viewer_ref(fan),
                        **base,
                        "tier": tier,
                        "message": {"text": "another month!", "emotes": []},
                        "cumulative_months": months,
                        "streak_months": None,
                        "duration_months": 1,
                    },
                    f"{stream_id}:resub:{minute}:{n}",
                )
        for n in range(_count(draws, viewers * CHEERS_PER_VIEWER_MINUTE)):
            fan, at = 300_000 + int(draws.random() * 50_000), start + draws.random() * 60
            bits = draws.choice((100, 100, 250, 500, 1000))
            yield Happening(
                at,
                "channel.cheer",
                {
                    "is_anonymous": False,
                    **people.viewer_ref(fan),
                    **base,
                    "message": f"Cheer{bits} great stream",
                    "bits": bits,
                },
                f"{stream_id}:cheer:{minute}:{n}",
            )
        minute += 1


def _count(draws: random.Random, expected: float) -> int:
    """A whole number whose average is ``expected``."""
    whole = int(expected)
    return whole + (1 if draws.random() < expected - whole else 0)


def _chat(base: dict, chatter: int, draws: random.Random, used: list[tuple[str, str]]) -> dict:
    fragments = [{"type": "text", "text": draws.choice(WORDS), "cheermote": None, "emote": None, "mention": None}]
    for _ in range(int(draws.random() * 3) if draws.random() < 0.35 else 0):
        emote_id, name = draws.choice(used)
        fragments.append({"type": "text", "text": " ", "cheermote": None, "emote": None, "mention": None})
        fragments.append(
            {
                "type": "emote",
                "text": name,
                "cheermote": None,
                "mention": None,
                "emote": {
                    "id": emote_id,
                    "emote_set_id": "0",
                    "owner_id": base["broadcaster_user_id"],
                    "format": ["static"],
                },
            }
        )
    return {
        **base,
        **{
            f"chatter_user_{k}": v
            for k, v in (
                ("id", people.viewer_id(chatter)),
                ("login", people.viewer_login(chatter)),
                ("name", people.viewer_name(chatter)),
            )
        },
        "message_id": f"{chatter}-{int(draws.random() * 10**12)}",
        "message": {"text": "".join(f["text"] for f in fragments), "fragments": fragments},
        "message_type": "text",
        "badges": [],
        "cheer": None,
        "color": "#1E90FF",
        "reply": None,
        "channel_points_custom_reward_id": None,
        "source_broadcaster_user_id": None,
        "source_broadcaster_user_login": None,
        "source_broadcaster_user_name": None,
        "source_message_id": None,
        "source_badges": None,
    }


def _channel_ref(channel: seed.Account, prefix: str) -> dict:
    return {f"{prefix}_id": channel.id, f"{prefix}_login": channel.login, f"{prefix}_name": channel.display_name}
