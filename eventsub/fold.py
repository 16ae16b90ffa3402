"""Folding a batch of EventSub records into the stream story's tables, in one transaction, once.

The batch goes into the ledger (``eventsub_messages``: each event's message id, and the batch's chat
as one key) in the same transaction as what it adds, so a batch folded twice (a folder killed after
its commit, before its acknowledgement) adds nothing the second time. Events of channels this app does not track are
dropped. A chat line adds one message to its minute, to its chatter's count for the stream, and its
emotes' uses; its chatter joins the minute's distinct chatters (a Redis set per minute, whose size is
written, so a refold writes the same number) and, if never seen in the channel, counts as a first-timer.
"""

import hashlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import redis
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from eventsub.compact import compact_ended
from eventsub.streams import stream_at, streams_between, utc
from providers.twitch.eventsub import ChannelEvent, ChatLine
from sync.database.history import upsert
from sync.database.known_chatters import take_first_timers
from sync.database.models import (
    ChannelEventRecord,
    ChatMinute,
    FoldedMessage,
    StreamChatter,
    StreamEmote,
    TrackedAccount,
)

MINUTE_SET_SECONDS = 6 * 3600  # a minute's chatters are kept this long for late and repeated messages
LEDGER_DAYS = 2  # folded event ids older than this are pruned: Twitch resends within minutes
CHAT_LEDGER_HOURS = 6  # a busy chat writes some 36,000 batch keys an hour
CHAT_KEY = "chat:"
JUST_NOW_SECONDS = 600  # a stream.online older than this is history (a backlog), not a stream to sample now


@dataclass
class Folded:
    events: int = 0
    chat: int = 0
    repeated: int = 0  # already folded before
    untracked: int = 0  # about a channel this app does not track
    went_live: list[str] = field(default_factory=list)  # channels whose stream.online came just now


def fold(
    session: Session, batch: list[tuple[str, ChannelEvent | ChatLine]], client: redis.Redis, key_prefix: str
) -> Folded:
    folded = Folded()
    # Events are entered in the ledger one by one; chat, the bulk, as its batch (a busy chat would write a
    # ledger row per message): a batch a killed folder left is taken again whole, and Twitch's resends of
    # one message are stopped at the door (inbox.py).
    chat_ids = sorted({message_id for message_id, record in batch if isinstance(record, ChatLine)})
    chat_key = CHAT_KEY + hashlib.sha1("\n".join(chat_ids).encode()).hexdigest() if chat_ids else None
    keys = [message_id for message_id, record in batch if not isinstance(record, ChatLine)] + [chat_key] * bool(
        chat_key
    )
    known = set(session.scalars(select(FoldedMessage.message_id).where(FoldedMessage.message_id.in_(keys))))
    fresh: dict[str, ChannelEvent | ChatLine] = {}
    for message_id, record in batch:
        ledger_key = chat_key if isinstance(record, ChatLine) else message_id
        if ledger_key in known or message_id in fresh:
            folded.repeated += 1
        else:
            fresh[message_id] = record
    if not fresh:
        return folded
    entered = {chat_key if isinstance(r, ChatLine) else message_id for message_id, r in fresh.items()}
    session.add_all(FoldedMessage(message_id=key) for key in entered)
    owners = _owners(session, {record.channel_id for record in fresh.values()})
    events = [r for r in fresh.values() if isinstance(r, ChannelEvent) and r.channel_id in owners]
    chat = [r for r in fresh.values() if isinstance(r, ChatLine) and r.channel_id in owners]
    folded.untracked = len(fresh) - len(events) - len(chat)
    session.add_all(
        ChannelEventRecord(
            account_id=owners[e.channel_id],
            kind=e.kind,
            at=utc(e.at),
            amount=e.amount,
            actor=e.actor[:64],
            detail=e.detail[:400],
        )
        for e in events
    )
    session.flush()
    if chat:
        _fold_chat(session, chat, owners, client, key_prefix)
    for ended in (e for e in events if e.kind == "offline"):  # after the chat, which may hold its last minute
        compact_ended(session, owners[ended.channel_id], ended.at)
    folded.events, folded.chat = len(events), len(chat)
    recent = time.time() - JUST_NOW_SECONDS
    folded.went_live = sorted({e.channel_id for e in events if e.kind == "online" and e.at > recent})
    return folded


def prune_ledger(session: Session, now: datetime | None = None) -> int:
    """Forget folded event ids older than LEDGER_DAYS and chat batches' keys older than CHAT_LEDGER_HOURS (a
    batch is taken again within a minute of its folder's death); returns how many went."""
    now = now or datetime.now(UTC)
    old_events = FoldedMessage.folded_at < now - timedelta(days=LEDGER_DAYS)
    old_chat = (
        FoldedMessage.folded_at < now - timedelta(hours=CHAT_LEDGER_HOURS)
    ) & FoldedMessage.message_id.startswith(CHAT_KEY)
    return session.execute(delete(FoldedMessage).where(old_events | old_chat)).rowcount or 0


def _owners(session: Session, channels: set[str]) -> dict[str, int]:
    """Tracked Twitch channel id -> its row id."""
    rows = session.execute(
        select(TrackedAccount.provider_account_id, TrackedAccount.id).where(
            TrackedAccount.provider == "twitch", TrackedAccount.provider_account_id.in_(channels)
        )
    )
    return dict(rows.all())


def _fold_chat(
    session: Session, chat: list[ChatLine], owners: dict[str, int], client: redis.Redis, key_prefix: str
) -> None:
    by_account: dict[int, list[ChatLine]] = defaultdict(list)
    for line in chat:
        by_account[owners[line.channel_id]].append(line)
    for account, lines in by_account.items():
        streams = streams_between(session, account, min(line.at for line in lines), max(line.at for line in lines))
        firsts = _first_timers(session, account, lines)
        minutes: Counter = Counter()
        new_in_minute: Counter = Counter()
        chatters: dict[int, set[str]] = defaultdict(set)
        per_stream: Counter = Counter()
        logins: dict[str, str] = {}
        emotes: Counter = Counter()
        names: dict[str, str] = {}
        for line in lines:
            minute = int(line.at // 60 * 60)
            minutes[minute] += 1
            chatters[minute].add(line.chatter_id)
            if firsts.get(line.chatter_id) is line:
                new_in_minute[minute] += 1
            stream = stream_at(streams, line.at)
            per_stream[(stream, line.chatter_id)] += 1
            logins[line.chatter_id] = line.chatter_login
            for emote_id, name in line.emotes:
                emotes[(stream, emote_id)] += 1
                names[emote_id] = name
        distinct = _distinct_chatters(client, f"{key_prefix}eventsub:chatters:{account}:", chatters)
        upsert(
            session,
            ChatMinute.__table__,
            [
                {
                    "account_id": account,
                    "minute": utc(m),
                    "messages": n,
                    "chatters": distinct[m],
                    "first_timers": new_in_minute[m],
                }
                for m, n in minutes.items()
            ],
            ("account_id", "minute"),
            added=("messages", "first_timers"),
            greatest=("chatters",),
        )
        upsert(
            session,
            StreamChatter.__table__,
            [
                {"account_id": account, "stream_id": s, "chatter_id": c, "login": logins[c][:64], "messages": n}
                for (s, c), n in per_stream.items()
            ],
            ("account_id", "stream_id", "chatter_id"),
            latest=("login",),
            added=("messages",),
            distinct_keys=True,
        )
        upsert(
            session,
            StreamEmote.__table__,
            [
                {"account_id": account, "stream_id": s, "emote_id": e, "name": names[e][:100], "uses": n}
                for (s, e), n in emotes.items()
            ],
            ("account_id", "stream_id", "emote_id"),
            latest=("name",),
            added=("uses",),
            distinct_keys=True,
        )


def _first_timers(session: Session, account: int, lines: list[ChatLine]) -> dict[str, ChatLine]:
    """Chatters never seen in the channel before this batch -> their first line in it; from now on they are known."""
    new = take_first_timers(session, account, {line.chatter_id for line in lines})
    firsts: dict[str, ChatLine] = {}
    for line in sorted(lines, key=lambda line: line.at):
        if line.chatter_id in new and line.chatter_id not in firsts:
            firsts[line.chatter_id] = line
    return firsts


def _distinct_chatters(client: redis.Redis, key: str, chatters: dict[int, set[str]]) -> dict[int, int]:
    """Add each minute's chatters to its set; the sets' sizes (the same again when a batch is refolded)."""
    pipe = client.pipeline(transaction=False)
    for minute, ids in chatters.items():
        pipe.sadd(key + str(minute), *ids)
        pipe.expire(key + str(minute), MINUTE_SET_SECONDS)
        pipe.scard(key + str(minute))
    replies = pipe.execute()
    return {minute: replies[3 * n + 2] for n, minute in enumerate(chatters)}
