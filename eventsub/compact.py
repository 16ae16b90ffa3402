"""A stream's chatters compacted once it ended: its TOP_KEPT top chatters stay, the rest go, their number kept.

During a stream every chatter has a row (what a message adds to); afterwards only the top list and the
distinct count are read, and a busy stream's 20,000 rows would be most of what its hour keeps. Done when
its stream.offline is folded, and by the folder's hourly sweep for streams whose end was never told (the
app was down) once they are over Twitch's 48-hour limit, and for the chat between streams.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from eventsub.streams import streams_between
from sync.database.history import upsert
from sync.database.models import StreamChatter, StreamChatTotal

TOP_KEPT = 100
LONGEST_STREAM = timedelta(hours=48)  # Twitch ends a broadcast after 48 hours


def compact_stream(session: Session, account: int, stream_id: str) -> int:
    """Keep the stream's top chatters and its distinct count; returns how many rows went."""
    of_stream = (StreamChatter.account_id == account, StreamChatter.stream_id == stream_id)
    distinct = session.scalar(select(func.count()).select_from(StreamChatter).where(*of_stream)) or 0
    if distinct <= TOP_KEPT:
        return 0
    if stream_id:  # chat between streams has no total of its own to show
        upsert(
            session,
            StreamChatTotal.__table__,
            [{"account_id": account, "stream_id": stream_id, "chatters": distinct}],
            ("account_id", "stream_id"),
            greatest=("chatters",),  # a late batch compacted again never lowers it
        )
    top = (
        select(StreamChatter.chatter_id)
        .where(*of_stream)
        .order_by(StreamChatter.messages.desc(), StreamChatter.login)
        .limit(TOP_KEPT)
    )
    gone = session.execute(
        delete(StreamChatter).where(*of_stream, StreamChatter.chatter_id.not_in(top.scalar_subquery()))
    )
    return gone.rowcount or 0


def compact_ended(session: Session, account: int, ended_at: float) -> int:
    """The stream that stream.offline at ``ended_at`` ended."""
    streams = streams_between(session, account, ended_at, ended_at)
    # The last one closed by then (compared by start: the stored end may be rounded a microsecond later).
    ended = [stream for start, end, stream in streams if end != float("inf") and start <= ended_at]
    return compact_stream(session, account, ended[-1]) if ended else 0


def sweep(session: Session, now: datetime | None = None) -> int:
    """Compact every stream over TOP_KEPT chatters that has ended (or must have), and the chat between streams."""
    now = now or datetime.now(UTC)
    crowded = session.execute(
        select(StreamChatter.account_id, StreamChatter.stream_id)
        .group_by(StreamChatter.account_id, StreamChatter.stream_id)
        .having(func.count() > TOP_KEPT)
    ).all()
    gone = 0
    for account, stream_id in crowded:
        if not stream_id or _over(session, account, stream_id, now):
            gone += compact_stream(session, account, stream_id)
    return gone


def _over(session: Session, account: int, stream_id: str, now: datetime) -> bool:
    since = now.timestamp() - LONGEST_STREAM.total_seconds()
    streams = streams_between(session, account, since, now.timestamp())
    live = {stream for start, end, stream in streams if end == float("inf") and start > since}
    return stream_id not in live
