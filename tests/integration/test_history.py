"""The history repository (sync/database/history.py) on a real PostgreSQL and on SQLite."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from core.vault import fernet_from
from providers.x.records import XPost
from sync.database import history
from sync.database.known_chatters import pack
from sync.database.models import (
    AlertRecord,
    ChannelEventRecord,
    DailyCounter,
    KnownChatters,
    ShareLink,
    StreamChatTotal,
    StreamSample,
    TrackedAccount,
)

FERNET = fernet_from("test-secret-key")
X_TOKEN = {"oauth_token": "plain-x-access-token", "oauth_token_secret": "plain-x-access-secret"}
TWITCH_TOKEN = {"refresh_token": "plain-twitch-refresh-token"}
DAY = date(2026, 3, 1)


def enrol(session, provider="twitter", account="42", credentials=None):
    token = credentials if credentials is not None else (X_TOKEN if provider == "twitter" else TWITCH_TOKEN)
    return history.enrol_account(
        session, FERNET, provider, account, username=f"user{account}", display_name=f"User {account}", credentials=token
    )


def post(post_id="1", **metrics) -> XPost:
    return XPost(
        id=post_id,
        created_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
        text="hello",
        url=f"https://x.com/u/status/{post_id}",
        conversation_id=post_id,
        **metrics,
    )


# Accounts ------------------------------------------------------------------------------------------


def test_credentials_are_stored_sealed_and_read_back(history_sessions):
    with history_sessions.begin() as session:
        enrol(session, "twitter", "42")
        enrol(session, "twitch", "7")
    with history_sessions() as session:
        sealed = " ".join(session.scalars(select(TrackedAccount.sealed_credentials)))
        assert "plain-x-access" not in sealed and "plain-twitch-refresh" not in sealed
        assert history.account_credentials(session, FERNET, "twitter", "42") == X_TOKEN
        assert history.account_credentials(session, FERNET, "twitch", "7") == TWITCH_TOKEN
        # Another SECRET_KEY opens nothing: the account reads as signed out, not as an error.
        assert history.account_credentials(session, fernet_from("another-secret"), "twitch", "7") is None


def test_credentials_survive_a_key_rotation_and_can_be_resealed(history_sessions):
    with history_sessions.begin() as session:
        enrol(session, "twitch", "7")
    rotated = fernet_from("test-secret-key", (Fernet.generate_key().decode(),))
    with history_sessions.begin() as session:
        assert history.account_credentials(session, rotated, "twitch", "7") == TWITCH_TOKEN
        assert history.reseal_credentials(session, rotated) == 1
    with history_sessions() as session:
        assert history.account_credentials(session, rotated, "twitch", "7") == TWITCH_TOKEN
        assert (
            history.account_credentials(session, FERNET, "twitch", "7") is None
        )  # the old key alone no longer opens it


def test_enrol_update_pause_and_needs_sign_in(history_sessions):
    with history_sessions.begin() as session:
        first = enrol(session, "twitter", "42")
        assert (first.status, first.collecting, first.username) == ("active", True, "user42")
        history.update_account(session, "twitter", "42", display_name="Renamed")
        history.pause_account(session, "twitter", "42")
        enrol(session, "twitch", "7")
    with history_sessions.begin() as session:
        again = enrol(session, "twitter", "42")  # signing in again does not resume a paused account
        assert (again.collecting, again.display_name, again.created_at) == (False, "User 42", first.created_at)
        assert again.updated_at >= first.updated_at and again.updated_at.tzinfo is not None
        assert [a.account_id for a in history.tracked_accounts(session, collecting_only=True)] == ["7"]
        history.set_collecting(session, "twitter", "42", True)
        expired = history.mark_needs_sign_in(session, "twitch", "7", "Twitch refused the refresh token.")
        assert (expired.status, expired.status_message) == ("needs sign-in", "Twitch refused the refresh token.")
        assert history.account_credentials(session, FERNET, "twitch", "7") is None
        assert [a.account_id for a in history.tracked_accounts(session, collecting_only=True)] == ["42"]
        assert [a.provider for a in history.tracked_accounts(session)] == ["twitter", "twitch"]
        assert [a.account_id for a in history.tracked_accounts(session, "twitch")] == ["7"]
        history.store_credentials(session, FERNET, "twitch", "7", {"refresh_token": "a-new-one"})
        assert history.tracked_accounts(session, "twitch")[0].status == "active"


def test_an_account_not_tracked_is_refused_by_name(history_sessions):
    with history_sessions() as session, pytest.raises(history.UnknownAccount, match="twitter account 99"):
        history.record_daily_counters(session, "twitter", "99", DAY, followers=1)


# Daily counters ------------------------------------------------------------------------------------


def test_one_counter_row_per_account_and_day_the_latest_reading_winning(history_sessions):
    with history_sessions.begin() as session:
        enrol(session, "twitch", "7")
        history.record_daily_counters(session, "twitch", "7", DAY, followers=100)
        history.record_daily_counters(session, "twitch", "7", DAY, subscribers=5, subscriber_points=6)
        history.record_daily_counters(session, "twitch", "7", DAY, followers=103, subscribers=None)
        history.record_daily_counters(session, "twitch", "7", DAY, overwrite=False, followers=1, vod_views=900)
    with history_sessions() as session:
        (row,) = session.execute(select(DailyCounter)).scalars()
        assert (row.day, row.followers, row.subscribers, row.subscriber_points, row.vod_views, row.posts) == (
            DAY,
            103,
            5,
            6,
            900,
            None,
        )


def test_follower_history_over_a_date_range(history_sessions):
    with history_sessions.begin() as session:
        enrol(session, "twitter", "42")
        enrol(session, "twitter", "43")
        for offset in range(10):
            history.record_daily_counters(
                session,
                "twitter",
                "42",
                DAY + timedelta(days=offset),
                followers=1000 + offset,
                following=5,
                posts=offset,
                listed=1,
            )
        history.record_daily_counters(session, "twitter", "43", DAY, followers=1)
        history.record_daily_counters(session, "twitter", "42", DAY + timedelta(days=20), listed=2)  # no followers
    with history_sessions() as session:
        got = history.follower_history(session, "twitter", "42", DAY + timedelta(days=2), DAY + timedelta(days=4))
        assert got == [
            (DAY + timedelta(days=2), 1002),
            (DAY + timedelta(days=3), 1003),
            (DAY + timedelta(days=4), 1004),
        ]
        assert len(history.follower_history(session, "twitter", "42", DAY, DAY + timedelta(days=30))) == 10
        assert history.counter_history(
            session, "twitter", "42", "listed", DAY + timedelta(days=9), DAY + timedelta(days=30)
        ) == [(DAY + timedelta(days=9), 1), (DAY + timedelta(days=20), 2)]
        with pytest.raises(ValueError):
            history.counter_history(session, "twitter", "42", "karma", DAY, DAY)


# X posts -------------------------------------------------------------------------------------------


def test_private_metrics_are_never_overwritten_by_a_later_null(history_sessions):
    young = post(
        "1",
        likes=3,
        impressions=500,
        private_impressions=480,
        profile_clicks=7,
        link_clicks=2,
        organic_impressions=470,
        organic_profile_clicks=6,
    )
    old = post("1", likes=9, replies=1, impressions=None)  # 31 days on: X serves public metrics only
    with history_sessions.begin() as session:
        enrol(session, "twitter", "42")
        assert history.upsert_posts(session, "42", [young, post("2", likes=1)]) == 2
    with history_sessions.begin() as session:
        history.upsert_posts(session, "42", [replace(old, text="hello (edited)")])
    with history_sessions() as session:
        kept = {p.id: p for p in history.stored_posts(session, "42")}
    assert kept["1"].likes == 9 and kept["1"].replies == 1 and kept["1"].text == "hello (edited)"
    assert (
        kept["1"].impressions,
        kept["1"].private_impressions,
        kept["1"].profile_clicks,
        kept["1"].link_clicks,
        kept["1"].organic_impressions,
        kept["1"].organic_profile_clicks,
    ) == (500, 480, 7, 2, 470, 6)
    assert kept["2"] == post("2", likes=1)


def test_newer_private_metrics_replace_older_ones(history_sessions):
    with history_sessions.begin() as session:
        enrol(session, "twitter", "42")
        history.upsert_posts(session, "42", [post("1", private_impressions=10, profile_clicks=1)])
        history.upsert_posts(session, "42", [post("1", private_impressions=25, profile_clicks=None)])
        history.upsert_posts(session, "42", [post("1", private_impressions=1)], overwrite=False)
        (kept,) = history.stored_posts(session, "42")
    assert (kept.private_impressions, kept.profile_clicks) == (25, 1)


def test_posts_come_back_as_they_went_in_newest_first(history_sessions):
    posts = [
        XPost(
            id=str(9 - n),
            created_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n),
            kind="reply",
            likes=n,
            impressions=n * 10,
        )
        for n in range(5)
    ]
    posts.append(XPost(id="10", created_at=posts[-1].created_at))  # same time: the longer numeric id is newer
    with history_sessions.begin() as session:
        enrol(session, "twitter", "42")
        history.upsert_posts(session, "42", posts)
    with history_sessions() as session:
        stored = history.stored_posts(session, "42")
    assert stored == [posts[-1], *reversed(posts[:-1])]
    assert stored[0].created_at.tzinfo is not None


# VOD and clip views --------------------------------------------------------------------------------


def test_video_and_clip_views_per_item_per_day(history_sessions):
    with history_sessions.begin() as session:
        enrol(session, "twitch", "7")
        history.record_video_views(session, "7", DAY, {"v1": 10, "v2": 20})
        history.record_video_views(session, "7", DAY, {"v1": 12})  # later the same day
        history.record_video_views(session, "7", DAY + timedelta(days=1), {"v1": 15, "v2": 21})
        history.record_video_views(session, "7", DAY + timedelta(days=1), {"v1": 1}, overwrite=False)
        history.record_clip_views(session, "7", DAY, {"FunnyClipSlug-abc": 3})
    with history_sessions() as session:
        assert history.view_history(session, "7", "video", DAY, DAY + timedelta(days=1)) == {
            "v1": [(DAY, 12), (DAY + timedelta(days=1), 15)],
            "v2": [(DAY, 20), (DAY + timedelta(days=1), 21)],
        }
        assert history.view_history(session, "7", "clip", DAY, DAY) == {"FunnyClipSlug-abc": [(DAY, 3)]}


# Disconnect and delete my data ---------------------------------------------------------------------


def test_deleting_an_account_removes_every_row_of_it_and_counts_them(history_sessions):
    with history_sessions.begin() as session:
        for account in ("7", "8"):
            enrol(session, "twitch", account)
            history.record_daily_counters(session, "twitch", account, DAY, followers=1)
            history.record_daily_counters(session, "twitch", account, DAY + timedelta(days=1), followers=2)
            history.record_video_views(session, account, DAY, {"v1": 1, "v2": 2, "v3": 3})
            history.record_clip_views(session, account, DAY, {"c1": 1})
        owner = session.scalar(select(TrackedAccount.id).where(TrackedAccount.provider_account_id == "7"))
        session.add(StreamSample(account_id=owner, sampled_at=datetime.now(UTC), viewer_count=3))
        session.add(ChannelEventRecord(account_id=owner, kind="follow", at=datetime.now(UTC), actor="someone"))
        session.add(KnownChatters(account_id=owner, block=0, ids=pack({42})))
        session.add(StreamChatTotal(account_id=owner, stream_id="s1", chatters=120))
        session.add(AlertRecord(account_id=owner, kind="followers", subject="10", text="You passed 10 followers."))
        other = session.scalar(select(TrackedAccount.id).where(TrackedAccount.provider_account_id == "8"))
        session.add(ShareLink(token_hash="1" * 64, account_id=owner, kind="dashboard"))
        session.add(ShareLink(token_hash="2" * 64, account_id=other, partner_account_id=owner, kind="media-kit"))
    with history_sessions.begin() as session:
        deleted = history.delete_account_data(session, "twitch", "7")
    assert deleted == {
        "share_links": 2,  # its own, and the media kit it was a partner of
        "daily_counters": 2,
        "x_posts": 0,
        "x_post_imports": 0,
        "x_import_days": 0,
        "x_monthly_reads": 0,
        "video_views": 3,
        "clip_views": 1,
        "stream_samples": 1,
        "channel_events": 1,
        "chat_minutes": 0,
        "known_chatters": 1,
        "stream_chatters": 0,
        "stream_emotes": 0,
        "stream_chat_totals": 1,
        "mail_subscriptions": 0,
        "mail_outbox": 0,
        "alerts": 1,
        "tracked_accounts": 1,
    }
    with history_sessions.begin() as session:
        assert [a.account_id for a in history.tracked_accounts(session)] == ["8"]
        assert len(history.view_history(session, "8", "video", DAY, DAY)) == 3
        assert history.delete_account_data(session, "twitch", "7")["tracked_accounts"] == 0  # twice is harmless
