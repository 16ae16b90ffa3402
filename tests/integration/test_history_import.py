"""Carrying history over from Redis (sync/database/history_import.py): everything a user had arrives, once."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core.vault import fernet_from
from providers.x.records import PostArchive
from sync.cache.snapshots import Snapshots
from sync.cache.store import DataStore
from sync.database import history
from sync.database.history_import import import_from_redis
from sync.database.models import DailyCounter
from sync.plans.x import XSync

FIRST = date(2020, 1, 10)  # long before the real sync's today
TWITCH = "7001"


@pytest.fixture
def earlier_version_data(sandbox, redis_client, key_prefix, archive):  # noqa: F811 - the fixture
    """Redis as an earlier version left it: a real X sync's posts and counts, and weeks of snapshots."""
    store, snapshots = DataStore(redis_client, key_prefix), Snapshots(redis_client, key_prefix)
    x = sandbox.client("sandbox_creator")
    x_id = x.me().id
    # An untracked account: the sync keeps nothing in the (other) database, as an earlier version did not.
    assert XSync(x, store, archive, x_id, "sandbox_creator").run() == {"profile": "ok", "posts": "ok"}
    for n in range(14):
        day = (FIRST + timedelta(days=n)).isoformat()
        snapshots.record(
            "twitter", x_id, "counts", {"followers": 500 + n, "following": 10, "posts": 90, "listed": 2}, day
        )
        snapshots.record("twitch", TWITCH, "followers", 1000 + n, day)
        snapshots.record("twitch", TWITCH, "subscribers", 40, day)
        snapshots.record("twitch", TWITCH, "points", 55, day)
        snapshots.record("twitch", TWITCH, "video_views", {"v1": 100 + n, "v2": 7}, day)
        snapshots.record("twitch", TWITCH, "clip_views", {"Clip-One": 3 + n}, day)
    snapshots.record("twitch", TWITCH, "moods", 3, FIRST.isoformat())  # a counter nobody knows
    return x_id, store.get("twitter", x_id, "posts", type=PostArchive).posts


def test_every_snapshot_and_post_arrives_and_a_second_run_adds_nothing(
    history_sessions, redis_client, key_prefix, earlier_version_data
):
    x_id, posts = earlier_version_data
    assert any(post.private_impressions is not None for post in posts)  # private metrics among them
    with history_sessions.begin() as session:
        report = import_from_redis(session, redis_client, key_prefix)
    assert (report.accounts, report.new_accounts) == (2, 2)
    # 14 recorded days each (syncs write their counters to the database now, not to Redis).
    assert report.added == {
        "tracked_accounts": 2,
        "daily_counters": 14 + 14,
        "x_posts": len(posts),
        "x_post_imports": 0,
        "x_import_days": 0,
        "x_monthly_reads": 0,
        "video_views": 28,
        "clip_views": 14,
        "stream_samples": 0,
        "channel_events": 0,
        "chat_minutes": 0,
        "known_chatters": 0,
        "stream_chatters": 0,
        "stream_emotes": 0,
        "stream_chat_totals": 0,
        "mail_subscriptions": 0,
        "mail_outbox": 0,
        "alerts": 0,
        "share_links": 0,
    }
    assert report.not_understood == [f"snap:twitch:{TWITCH}:moods {FIRST.isoformat()}"]

    with history_sessions() as session:
        assert history.stored_posts(session, x_id) == posts
        last = FIRST + timedelta(days=13)
        assert history.follower_history(session, "twitch", TWITCH, FIRST, last) == [
            (FIRST + timedelta(days=n), 1000 + n) for n in range(14)
        ]
        assert history.counter_history(session, "twitter", x_id, "followers", FIRST, last)[-1] == (last, 513)
        day = session.scalars(
            select(DailyCounter).where(DailyCounter.day == last, DailyCounter.vod_views.is_not(None))
        ).one()
        assert (day.subscribers, day.subscriber_points, day.vod_views) == (40, 55, 113 + 7)
        assert history.view_history(session, TWITCH, "clip", last, last) == {"Clip-One": [(last, 16)]}
        accounts = {a.provider: a for a in history.tracked_accounts(session)}
        assert accounts["twitter"].username == "sandbox_creator" and accounts["twitch"].username == TWITCH
        assert {a.status for a in accounts.values()} == {"needs sign-in"}  # no credentials came along

    with history_sessions.begin() as session:
        again = import_from_redis(session, redis_client, key_prefix)
    assert again.accounts == 2 and again.new_accounts == 0 and set(again.added.values()) == {0}
    assert Snapshots(redis_client, key_prefix).history("twitch", TWITCH, "followers")  # Redis is left as it was


def test_values_collected_since_are_not_replaced_by_older_ones(history_sessions, redis_client, key_prefix):
    Snapshots(redis_client, key_prefix).record("twitch", TWITCH, "followers", 10, FIRST.isoformat())
    with history_sessions.begin() as session:
        history.enrol_account(
            session,
            fernet_from("test-secret-key"),
            "twitch",
            TWITCH,
            username="streamer",
            display_name="Streamer",
            credentials={"refresh_token": "r"},
        )
        history.record_daily_counters(session, "twitch", TWITCH, FIRST, followers=12)
        report = import_from_redis(session, redis_client, key_prefix)
        assert report.new_accounts == 0 and report.added["daily_counters"] == 0
        assert history.follower_history(session, "twitch", TWITCH, FIRST, FIRST) == [(FIRST, 12)]
        assert history.tracked_accounts(session)[0].status == "active"
