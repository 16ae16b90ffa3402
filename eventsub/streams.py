"""Which of a channel's streams a moment belongs to, from its stream.online and stream.offline events."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.database.models import ChannelEventRecord


def streams_between(session: Session, account: int, first: float, last: float) -> list[tuple[float, float, str]]:
    """(start, end, stream id) of the channel's streams around ``first``..``last``, from online and offline events."""
    rows = session.execute(
        select(ChannelEventRecord.kind, ChannelEventRecord.at, ChannelEventRecord.detail)
        .where(
            ChannelEventRecord.account_id == account,
            ChannelEventRecord.kind.in_(("online", "offline")),
            ChannelEventRecord.at >= utc(first - 2 * 86_400),
            ChannelEventRecord.at <= utc(last + 60),
        )
        .order_by(ChannelEventRecord.at)
    ).all()
    streams: list[tuple[float, float, str]] = []
    for kind, at, detail in rows:
        moment = at.timestamp()
        if kind == "online":
            streams.append((moment, float("inf"), detail))
        elif streams and streams[-1][1] == float("inf"):
            start, _, stream = streams[-1]
            streams[-1] = (start, moment, stream)
    return streams


def stream_at(streams: list[tuple[float, float, str]], at: float) -> str:
    for start, end, stream in reversed(streams):
        if start <= at <= end:
            return stream
    return ""


def utc(epoch: float) -> datetime:
    """Epoch seconds as an aware UTC datetime, as the history database keeps times."""
    return datetime.fromtimestamp(epoch, UTC)
