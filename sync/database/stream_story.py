"""Reading a stream's story from the history database: what eventsub/fold.py kept of it."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from providers.twitch.records import StreamStory
from sync.database.history import tracked_row
from sync.database.models import ChannelEventRecord, ChatMinute, StreamChatter, StreamChatTotal, StreamEmote
from sync.database.models import StreamSample as StreamSampleRow

TOP = 10


def _events(session: Session, owner: int, start: datetime, end: datetime) -> list[tuple]:
    rows = session.execute(
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
    return [(kind, at.timestamp(), amount, actor, detail) for kind, at, amount, actor, detail in rows]


def _chat(session: Session, owner: int, start: datetime, end: datetime) -> list[tuple]:
    rows = session.execute(
        select(ChatMinute.minute, ChatMinute.messages, ChatMinute.chatters, ChatMinute.first_timers)
        .where(ChatMinute.account_id == owner, ChatMinute.minute.between(start, end))
        .order_by(ChatMinute.minute)
    ).all()
    return [(minute.timestamp(), messages, count, first) for minute, messages, count, first in rows]


def stream_story(session: Session, account_id: str, stream_id: str, start: datetime, end: datetime) -> StreamStory:
    """The channel's events and chat minutes between ``start`` and ``end``; ``stream_id``'s top chatters and emotes."""
    owner = tracked_row(session, "twitch", account_id).id
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
    distinct = _distinct_chatters(session, owner, [stream_id]).get(stream_id, 0)
    return StreamStory(
        _events(session, owner, start, end),
        _chat(session, owner, start, end),
        [tuple(row) for row in chatters],
        [tuple(row) for row in emotes],
        distinct,
    )


def _distinct_chatters(session: Session, owner: int, stream_ids: list[str]) -> dict[str, int]:
    """Each stream's distinct chatters: its rows while it runs, the number kept when it was compacted."""
    rows = dict(
        session.execute(
            select(StreamChatter.stream_id, func.count())
            .where(StreamChatter.account_id == owner, StreamChatter.stream_id.in_(stream_ids))
            .group_by(StreamChatter.stream_id)
        ).all()
    )
    totals = session.execute(
        select(StreamChatTotal.stream_id, StreamChatTotal.chatters).where(
            StreamChatTotal.account_id == owner, StreamChatTotal.stream_id.in_(stream_ids)
        )
    ).all()
    for stream_id, kept in totals:
        rows[stream_id] = max(kept, rows.get(stream_id, 0))
    return rows


def stream_stories(
    session: Session, account_id: str, streams: list[tuple[str, datetime, datetime]]
) -> dict[str, StreamStory]:
    """Each stream's story (given as (id, start, end)), without its top lists: four queries, whatever their number."""
    if not streams:
        return {}
    owner = tracked_row(session, "twitch", account_id).id
    first, last = min(start for _, start, _ in streams), max(end for _, _, end in streams)
    events, chat = _events(session, owner, first, last), _chat(session, owner, first, last)
    chatters = _distinct_chatters(session, owner, [s for s, _, _ in streams])
    stories = {}
    for stream_id, start, end in streams:
        since, until = start.timestamp(), end.timestamp()
        stories[stream_id] = StreamStory(
            [e for e in events if since <= e[1] <= until],
            [c for c in chat if since <= c[0] <= until],
            chatters=chatters.get(stream_id, 0),
        )
    return stories


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
    end); a stream EventSub told nothing of its chat is left out."""
    return {
        stream_id: (sum(m for _, m, _, _ in story.chat), story.chatters, sum(f for _, _, _, f in story.chat))
        for stream_id, story in stream_stories(session, account_id, streams).items()
        if story.chat or story.chatters
    }
