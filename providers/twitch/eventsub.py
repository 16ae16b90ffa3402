"""Twitch EventSub as Twitch documents it: the webhook message checks, the subscriptions a channel's
story needs, and its notifications read into plain records. Pure: no I/O, no clock of its own.

Docs: dev.twitch.tv/docs/eventsub/handling-webhook-events (signature, challenge, replay window,
duplicates, revocation) and dev.twitch.tv/docs/eventsub/eventsub-subscription-types.
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

MESSAGE_ID = "Twitch-Eventsub-Message-Id"
MESSAGE_TIMESTAMP = "Twitch-Eventsub-Message-Timestamp"
MESSAGE_SIGNATURE = "Twitch-Eventsub-Message-Signature"
MESSAGE_TYPE = "Twitch-Eventsub-Message-Type"
NOTIFICATION, CHALLENGE, REVOCATION = "notification", "webhook_callback_verification", "revocation"
MAX_AGE_SECONDS = 600  # Twitch: reject a message whose timestamp is more than 10 minutes old
SECRET_LENGTHS = range(10, 101)  # the webhook secret: 10 to 100 ASCII characters


class Refused(Exception):
    """A message this app must not act on; ``status`` is what the webhook answers."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def signature(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the HMAC-SHA256 of the message id, the timestamp and the raw body, in that order."""
    signed = message_id.encode() + timestamp.encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def check(secret: str, headers, body: bytes, now: float) -> tuple[str, str, float]:
    """(message id, message type, sent at) of a message Twitch sent and sent lately; else Refused.

    The signature first (403 when it fails, compared in constant time), then the replay window.
    """
    message_id, timestamp = headers.get(MESSAGE_ID, ""), headers.get(MESSAGE_TIMESTAMP, "")
    given = headers.get(MESSAGE_SIGNATURE, "")
    if (
        not message_id
        or not timestamp
        or not hmac.compare_digest(signature(secret, message_id, timestamp, body).encode(), given.encode())
    ):
        raise Refused(403, "signature does not match")
    sent = parse_time(timestamp)
    if sent is None:
        raise Refused(400, "timestamp not understood")
    if now - sent > MAX_AGE_SECONDS:
        raise Refused(400, "message older than 10 minutes")
    return message_id, headers.get(MESSAGE_TYPE, ""), sent


def parse_time(text: str | None) -> float | None:
    """Epoch seconds of an RFC 3339 time as EventSub writes it (nanoseconds, Z); None if unreadable."""
    if not text:
        return None
    head, dot, tail = text.rstrip("Z").partition(".")
    try:
        whole = datetime.fromisoformat(head + "+00:00").timestamp()
    except ValueError:
        return None
    fraction = "".join(ch for ch in tail if ch.isdigit())[:6]
    return whole + (int(fraction) / 10 ** len(fraction) if dot and fraction else 0.0)


# The subscriptions a tracked channel gets -------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    type: str
    version: str
    condition: str  # how the channel goes into the condition (see ``condition``)
    scope: str | None  # what the broadcaster must have granted this app; None: public


WANTED = (
    Wanted("stream.online", "1", "broadcaster", None),
    Wanted("stream.offline", "1", "broadcaster", None),
    Wanted("channel.update", "2", "broadcaster", None),
    Wanted("channel.follow", "2", "moderator", "moderator:read:followers"),
    Wanted("channel.subscribe", "1", "broadcaster", "channel:read:subscriptions"),
    Wanted("channel.subscription.gift", "1", "broadcaster", "channel:read:subscriptions"),
    Wanted("channel.subscription.message", "1", "broadcaster", "channel:read:subscriptions"),
    Wanted("channel.cheer", "1", "broadcaster", "bits:read"),
    Wanted("channel.raid", "1", "raid_in", None),
    Wanted("channel.raid", "1", "raid_out", None),
    Wanted("channel.ad_break.begin", "1", "broadcaster", "channel:read:ads"),
    Wanted("channel.hype_train.begin", "2", "broadcaster", "channel:read:hype_train"),
    Wanted("channel.hype_train.end", "2", "broadcaster", "channel:read:hype_train"),
    Wanted("channel.chat.message", "1", "chat", "user:read:chat"),
)


def condition(wanted: Wanted, channel_id: str) -> dict:
    return {
        "broadcaster": {"broadcaster_user_id": channel_id},
        "moderator": {"broadcaster_user_id": channel_id, "moderator_user_id": channel_id},
        "raid_in": {"to_broadcaster_user_id": channel_id},
        "raid_out": {"from_broadcaster_user_id": channel_id},
        "chat": {"broadcaster_user_id": channel_id, "user_id": channel_id},
    }[wanted.condition]


def channel_of(subscription: dict) -> str | None:
    """The tracked channel a subscription (or a notification's subscription) is about."""
    given = subscription.get("condition") or {}
    if subscription.get("type") == "channel.raid":
        return given.get("to_broadcaster_user_id") or given.get("from_broadcaster_user_id")
    return given.get("broadcaster_user_id")


# Notifications read into records -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelEvent:
    """One thing that happened on a channel, as the stream story keeps it (never a message's text)."""

    channel_id: str
    kind: str  # online, offline, update, follow, subscribe, gift, resub, cheer, raid_in, raid_out, ad_break,
    # hype_train_begin, hype_train_end
    at: float  # epoch seconds
    amount: int = 0  # bits, gifts, raid viewers, ad seconds, hype train level, months
    actor: str = ""  # the login behind it (follower, subscriber, cheerer, the other channel of a raid)
    detail: str = ""  # a stream id, a tier, a game and title


@dataclass(frozen=True)
class ChatLine:
    """A chat message without its text: who wrote it, when, and which emotes it used."""

    channel_id: str
    at: float
    chatter_id: str
    chatter_login: str
    emotes: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (emote id, name) per use


def read(subscription: dict, event: dict, sent_at: float) -> ChannelEvent | ChatLine | None:
    """A notification's event as a record; None for a type this app does not keep."""
    kind, channel = subscription.get("type"), channel_of(subscription) or ""
    if kind == "channel.chat.message":
        fragments = (event.get("message") or {}).get("fragments") or []
        emotes = tuple(
            (str((f.get("emote") or {}).get("id", "")), str(f.get("text", "")))
            for f in fragments
            if f.get("type") == "emote"
        )
        return ChatLine(
            channel, sent_at, str(event.get("chatter_user_id", "")), str(event.get("chatter_user_login", "")), emotes
        )
    user = str(event.get("user_login") or "")

    def told(kind: str, at: float | None = None, amount: int = 0, actor: str = "", detail: str = "") -> ChannelEvent:
        return ChannelEvent(channel, kind, at or sent_at, amount, actor, detail)

    if kind == "stream.online":
        return told("online", parse_time(event.get("started_at")), detail=str(event.get("id", "")))
    if kind == "stream.offline":
        return told("offline")
    if kind == "channel.update":
        return told("update", detail=f"{event.get('category_name', '')}\n{event.get('title', '')}")
    if kind == "channel.follow":
        return told("follow", parse_time(event.get("followed_at")), actor=user)
    if kind == "channel.subscribe":
        return told("subscribe", amount=1, actor=user, detail=_tier(event, gift=event.get("is_gift")))
    if kind == "channel.subscription.gift":
        gifter = "" if event.get("is_anonymous") else user
        return told("gift", amount=int(event.get("total") or 0), actor=gifter, detail=_tier(event))
    if kind == "channel.subscription.message":
        return told("resub", amount=int(event.get("cumulative_months") or 0), actor=user, detail=_tier(event))
    if kind == "channel.cheer":
        cheerer = "" if event.get("is_anonymous") else user
        return told("cheer", amount=int(event.get("bits") or 0), actor=cheerer)
    if kind == "channel.raid":
        incoming = str(event.get("to_broadcaster_user_id")) == channel
        other = str(event.get("from_broadcaster_user_login" if incoming else "to_broadcaster_user_login") or "")
        return told("raid_in" if incoming else "raid_out", amount=int(event.get("viewers") or 0), actor=other)
    if kind == "channel.ad_break.begin":
        return told("ad_break", parse_time(event.get("started_at")), amount=int(event.get("duration_seconds") or 0))
    if kind in ("channel.hype_train.begin", "channel.hype_train.end"):
        begun = kind.endswith("begin")
        at = parse_time(event.get("started_at" if begun else "ended_at"))
        name = "hype_train_begin" if begun else "hype_train_end"
        return told(name, at, amount=int(event.get("level") or 0), detail=str(event.get("id", "")))
    return None


def _tier(event: dict, gift=False) -> str:
    tier = {"1000": "tier 1", "2000": "tier 2", "3000": "tier 3"}.get(str(event.get("tier")), "")
    return f"{tier}, gifted" if gift else tier
