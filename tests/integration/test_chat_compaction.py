"""A busy chat kept small: known chatters packed per block of ids, a stream's chatters compacted to its top list
once it ends; first-time chatters stay exact across streams, and nothing is counted twice."""

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core.vault import fernet_from
from eventsub.compact import TOP_KEPT, sweep
from eventsub.fold import fold
from providers.twitch.eventsub import ChannelEvent, ChatLine
from sync.database import history
from sync.database.known_chatters import count_known, number, pack, unpack
from sync.database.models import ChatMinute, KnownChatters, StreamChatter, StreamChatTotal
from sync.database.stream_story import stream_story

CHANNEL = "77001"


def test_packing_keeps_every_id_and_takes_a_few_bytes_each():
    ids = {n * 7_919 % 4_194_304 for n in range(5_000)}
    packed = pack(ids)
    assert unpack(packed) == ids and unpack(pack(set())) == set()
    assert len(packed) < 3 * len(ids)  # a row per chatter took some 120 bytes
    assert number("12345") == 12345
    assert number("not-a-number") == number("not-a-number") >= 1 << 40 != number("not-a-number-2")


@pytest.fixture
def channel(history_sessions, redis_client, key_prefix):
    with history_sessions.begin() as session:
        history.enrol_account(
            session,
            fernet_from("t"),
            "twitch",
            CHANNEL,
            username="busy",
            display_name="Busy",
            credentials={"refresh_token": "r"},
        )

    def run(records: list) -> None:
        batch = [(f"m{n}-{time.monotonic_ns()}", record) for n, record in enumerate(records)]
        with history_sessions.begin() as session:
            fold(session, batch, redis_client, key_prefix)

    return history_sessions, run


def _stream(start: float, stream_id: str, chatters: range, lines_each) -> list:
    online = ChannelEvent(CHANNEL, "online", start, detail=stream_id)
    chat = [
        ChatLine(CHANNEL, start + 60 + (c % 30) * 60 + k, str(1_000_000 + c * 104_729), f"viewer{c}")
        for c in chatters
        for k in range(lines_each(c))
    ]
    return [online, *chat]


def test_an_ended_stream_keeps_its_top_chatters_and_its_count_and_a_second_stream_knows_who_came_back(channel):
    sessions, run = channel
    start = datetime(2026, 12, 1, 18, tzinfo=UTC).timestamp()
    run(_stream(start, "s1", range(250), lambda c: 1 + c % 7))
    with sessions() as session:
        owner = session.scalar(select(KnownChatters.account_id))
        assert session.scalar(select(func.count()).select_from(StreamChatter)) == 250  # live: every chatter a row
        assert (
            stream_story(session, CHANNEL, "s1", datetime.fromtimestamp(start, UTC), datetime.now(UTC)).chatters == 250
        )
    run([ChannelEvent(CHANNEL, "offline", start + 3600)])

    with sessions() as session:
        rows = session.execute(select(StreamChatter.login, StreamChatter.messages)).all()
        assert len(rows) == TOP_KEPT
        everyone = sorted(((f"viewer{c}", 1 + c % 7) for c in range(250)), key=lambda row: (-row[1], row[0]))
        assert sorted(rows, key=lambda row: (-row[1], row[0])) == everyone[:TOP_KEPT]
        assert session.scalar(select(StreamChatTotal.chatters)) == 250
        story = stream_story(session, CHANNEL, "s1", datetime.fromtimestamp(start, UTC), datetime.now(UTC))
        assert story.chatters == 250 and story.top_chatters[0][1] == 7
        assert count_known(session, owner) == 250
        assert session.scalar(select(func.sum(ChatMinute.first_timers))) == 250

    # The next stream: 100 of its 150 chatters came before; its first-timers are the 50 others, exactly.
    later = start + 86_400
    run(_stream(later, "s2", range(150, 300), lambda c: 1))
    with sessions() as session:
        second = select(func.sum(ChatMinute.first_timers)).where(
            ChatMinute.minute >= datetime.fromtimestamp(later, UTC)
        )
        assert session.scalar(second) == 50
        assert count_known(session, owner) == 300


def test_the_hourly_sweep_compacts_a_stream_whose_end_was_never_told_but_not_a_live_one(channel):
    sessions, run = channel
    long_ago = datetime(2026, 11, 1, 18, tzinfo=UTC).timestamp()
    run(_stream(long_ago, "old", range(TOP_KEPT + 20), lambda c: 1))
    now = time.time()
    run(_stream(now - 1800, "live", range(TOP_KEPT + 20), lambda c: 1))
    with sessions.begin() as session:
        assert sweep(session) == 20
    with sessions() as session:
        left = dict(
            session.execute(select(StreamChatter.stream_id, func.count()).group_by(StreamChatter.stream_id)).all()
        )
        assert left == {"old": TOP_KEPT, "live": TOP_KEPT + 20}
        assert session.scalar(select(StreamChatTotal.chatters).where(StreamChatTotal.stream_id == "old")) == 120


def test_a_batch_folded_again_counts_no_first_timer_twice(channel, redis_client, key_prefix):
    sessions, _run = channel
    start = datetime(2026, 12, 2, 18, tzinfo=UTC).timestamp()
    batch = [(f"x{n}", record) for n, record in enumerate(_stream(start, "s9", range(40), lambda c: 2))]
    for _ in range(2):
        with sessions.begin() as session:
            fold(session, batch, redis_client, key_prefix)
    with sessions() as session:
        assert session.scalar(select(func.sum(ChatMinute.first_timers))) == 40
        assert session.scalar(select(func.sum(ChatMinute.messages))) == 80
