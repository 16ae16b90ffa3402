"""The archive's per-view reads kept in Redis: every write through the archive is seen by the next read,
and Redis being away only means asking the database."""

from datetime import UTC, datetime, timedelta

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.database import create_database_engine, session_factory
from core.vault import fernet_from
from providers.twitch.records import StreamSample
from sync.cache.view_memo import ViewMemo
from sync.database.archive import Archive
from sync.database.models import Base

CHANNEL = "41245072"


@pytest.fixture
def memo_archive(tmp_path, redis_client, key_prefix):
    engine = create_database_engine(f"sqlite:///{tmp_path / 'archive.db'}")
    Base.metadata.create_all(engine)
    yield Archive(session_factory(engine), fernet_from("test-secret-key"), ViewMemo(redis_client, key_prefix))
    engine.dispose()


def _sample(at_minute: int) -> StreamSample:
    return StreamSample(CHANNEL, "stream-1", 100 + at_minute, "Chess", "Live", 1_700_000_000)


def _kept(redis_client, key_prefix) -> list[bytes]:
    return sorted(redis_client.scan_iter(match=f"{key_prefix}history-memo:*"))


def test_account_reads_are_kept_and_every_write_is_seen(memo_archive, redis_client, key_prefix):
    assert memo_archive.account("twitch", CHANNEL) is None  # an untracked account is an answer too
    memo_archive.enrol("twitch", CHANNEL, "chess", "Chess", {"access_token": "t"})
    enrolled = memo_archive.account("twitch", CHANNEL)
    assert enrolled is not None and enrolled.collecting
    assert _kept(redis_client, key_prefix), "the read was not kept"
    assert memo_archive.account("twitch", CHANNEL) == enrolled  # from Redis, the same account

    memo_archive.set_collecting("twitch", CHANNEL, False)
    assert memo_archive.account("twitch", CHANNEL).collecting is False
    memo_archive.needs_sign_in("twitch", CHANNEL, "Sign in again")
    assert memo_archive.account("twitch", CHANNEL).status_message == "Sign in again"
    at = datetime(2026, 11, 30, 12, tzinfo=UTC)
    memo_archive.collected("twitch", CHANNEL, at)
    assert memo_archive.account("twitch", CHANNEL).last_collected_at.replace(tzinfo=UTC) == at
    memo_archive.delete_everything("twitch", CHANNEL)
    assert memo_archive.account("twitch", CHANNEL) is None


def test_the_samples_version_moves_with_each_recorded_sample(memo_archive):
    memo_archive.enrol("twitch", CHANNEL, "chess", "Chess", {"access_token": "t"})
    assert memo_archive.stream_samples_version(CHANNEL) == (0, None)
    start = datetime(2026, 11, 30, 12, tzinfo=UTC)
    for minute in range(3):
        memo_archive.record_stream_samples(start + timedelta(minutes=minute), [_sample(minute)])
        count, newest = memo_archive.stream_samples_version(CHANNEL)
        assert count == minute + 1 and newest.startswith("2026-11-30T12:0" + str(minute))
    memo_archive.delete_everything("twitch", CHANNEL)
    assert memo_archive.stream_samples_version(CHANNEL) == (0, None)


def test_with_redis_away_the_database_answers(tmp_path, key_prefix):
    engine = create_database_engine(f"sqlite:///{tmp_path / 'archive.db'}")
    Base.metadata.create_all(engine)
    away = redis.Redis(host="127.0.0.1", port=1, retry=Retry(NoBackoff(), 0))  # nothing listens there
    archive = Archive(session_factory(engine), fernet_from("test-secret-key"), ViewMemo(away, key_prefix))
    try:
        archive.enrol("twitch", CHANNEL, "chess", "Chess", {"access_token": "t"})
        archive.set_collecting("twitch", CHANNEL, False)
        assert archive.account("twitch", CHANNEL).collecting is False
        archive.record_stream_samples(datetime(2026, 11, 30, 12, tzinfo=UTC), [_sample(0)])
        assert archive.stream_samples_version(CHANNEL)[0] == 1
    finally:
        engine.dispose()
