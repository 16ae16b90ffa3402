"""Reading a stream's story from the history database: what eventsub/fold.py kept of it."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from providers.twitch.records import StreamStory
from sync.database.history import tracked_row
from sync.database.models import ChannelEventRecord, ChatMinute, StreamChatter, StreamEmote
from sync.database.models import StreamSample as StreamSampleRow

TOP = 10


def stream_story(session: Session, account_id: str, stream_id: str, start: datetime, end: datetime) -> StreamStory:
    """The channel's events and chat minutes between ``start`` and ``end``; ``stream_id``'s top chatters and emotes."""
    owner = tracked_row(session, "twitch", account_id).id
    events = session.execute(
        select(
            ChannelEventRecord.kind,
            ChannelEventRecord.at,
            ChannelEventRecord.amount,
            ChannelEventRecord.actor,
            ChannelEventRecord.detail,
        )
        .where(ChannelEventRecord.account_id == owner, ChannelEventRecord.at.between(start, end))
        .order_by(ChannelEventRecord.at, ChannelEventRecord.id)
    ).all()
    chat = session.execute(
        select(ChatMinute.minute, ChatMinute.messages, ChatMinute.chatters, ChatMinute.first_timers)
        .where(ChatMinute.account_id == owner, ChatMinute.minute.between(start, end))
        .order_by(ChatMinute.minute)
    ).all()
    of_stream = (StreamChatter.account_id == owner, StreamChatter.stream_id == stream_id)
    chatters = session.execute(
        select(StreamChatter.login, StreamChatter.messages)
        .where(*of_stream)
        .order_by(StreamChatter.messages.desc(), StreamChatter.login)
        .limit(TOP)
    ).all()
    emotes = session.execute(
        select(StreamEmote.name, StreamEmote.uses)
        .where(StreamEmote.account_id == owner, StreamEmote.stream_id == stream_id)
        .order_by(StreamEmote.uses.desc(), StreamEmote.name)
        .limit(TOP)
    ).all()
    distinct = session.scalar(select(func.count()).select_from(StreamChatter).where(*of_stream)) or 0
    return StreamStory(
        [(kind, at.timestamp(), amount, actor, detail) for kind, at, amount, actor, detail in events],
        [(minute.timestamp(), messages, count, first) for minute, messages, count, first in chat],
        [tuple(row) for row in chatters],
        [tuple(row) for row in emotes],
        distinct,
    )


def stream_span(session: Session, account_id: str, stream_id: str) -> tuple[datetime, datetime] | None:
    """When the stream's first and last samples were taken; None for a stream never sampled."""
    owner = tracked_row(session, "twitch", account_id).id
    first, last = session.execute(
        select(func.min(StreamSampleRow.sampled_at), func.max(StreamSampleRow.sampled_at)).where(
            StreamSampleRow.account_id == owner, StreamSampleRow.stream_id == stream_id
        )
    ).one()
    return (first, last) if first else None


def chat_by_stream(
    session: Session, account_id: str, streams: list[tuple[str, datetime, datetime]]
) -> dict[str, tuple[int, int, int]]:
    """{stream id: (chat messages, distinct chatters, first-time chatters)} of the streams given as (id, start,
    end): two queries, whatever their number; a stream EventSub told nothing of is left out."""
    if not streams:
        return {}
    owner = tracked_row(session, "twitch", account_id).id
    chatters = dict(
        session.execute(
            select(StreamChatter.stream_id, func.count())
            .where(StreamChatter.account_id == owner, StreamChatter.stream_id.in_([s for s, _, _ in streams]))
            .group_by(StreamChatter.stream_id)
        ).all()
    )
    minutes = session.execute(
        select(ChatMinute.minute, ChatMinute.messages, ChatMinute.first_timers).where(
            ChatMinute.account_id == owner,
            ChatMinute.minute.between(min(start for _, start, _ in streams), max(end for _, _, end in streams)),
        )
    ).all()
    found = {}
    for stream_id, start, end in streams:
        inside = [(messages, first) for minute, messages, first in minutes if start <= minute <= end]
        if inside or stream_id in chatters:
            found[stream_id] = (sum(m for m, _ in inside), chatters.get(stream_id, 0), sum(f for _, f in inside))
    return found
