"""The Twitch sandbox as of its clock, over real HTTP: nothing newer than the clock, totals that are
the counted items, counts that never fall as the clock moves on, and today's answers back after it."""

import time
from itertools import pairwise

import pytest

from sandbox.twitch import live, seed
from sandbox.twitch.timefmt import parse_rfc3339
from tests.helpers.sandbox_clock import clear_clock, set_clock
from tests.helpers.twitch_sandbox import helix_all, helix_get, sign_in

DAY = 86_400
STREAMER = seed.STREAMER


@pytest.fixture(autouse=True)
def still_hour(monkeypatch):
    """Hold the seed's hourly anchor, so an hour turning mid-test cannot shift the generated dates."""
    held = seed.anchor()
    monkeypatch.setattr(seed, "anchor", lambda: held)


@pytest.fixture
def root(sandbox_server):
    return sandbox_server.url


@pytest.fixture
def base(root):
    return root + "/sandbox/twitch"


def snapshot(base: str, token: str, limit: int) -> dict:
    """What the streamer's channel answers now, checked against ``limit``: nothing dated after it."""
    followers = helix_all(base, token, "/channels/followers", broadcaster_id=STREAMER.id, first=100)
    total = helix_get(base, token, "/channels/followers", broadcaster_id=STREAMER.id, first=1).json()["total"]
    assert len(followers) == len({follower["user_id"] for follower in followers}) == total
    videos = helix_all(base, token, "/videos", user_id=STREAMER.id, first=100)
    clips = helix_all(base, token, "/clips", broadcaster_id=STREAMER.id, first=100)
    assert len({clip["id"] for clip in clips}) == len(clips)  # cursors stay consistent under the clock
    subs = helix_get(base, token, "/subscriptions", broadcaster_id=STREAMER.id, first=100).json()
    goals = helix_get(base, token, "/goals", broadcaster_id=STREAMER.id).json()["data"]
    streams = helix_get(base, token, "/streams", user_id=STREAMER.id).json()["data"]
    stamps = (
        [follower["followed_at"] for follower in followers]
        + [video[key] for video in videos for key in ("created_at", "published_at")]
        + [clip["created_at"] for clip in clips]
        + [goal["created_at"] for goal in goals]
        + [stream["started_at"] for stream in streams]
    )
    assert all(parse_rfc3339(stamp) <= limit for stamp in stamps)
    for goal in goals:
        expected = {"follower": total, "subscription": subs["points"]}.get(goal["type"], goal["current_amount"])
        assert goal["current_amount"] == expected
    return {
        "followers": total,
        "videos": {video["id"]: video["view_count"] for video in videos},
        "clips": {clip["id"]: clip["view_count"] for clip in clips},
        "subscribers": {sub["user_id"] for sub in subs["data"]},
        "subs": (subs["total"], subs["points"]),
        "live": len(streams),
    }


def test_counts_grow_with_the_clock_and_nothing_is_newer_than_it(root, base):
    token = sign_in(base, STREAMER.login)["access_token"]
    now = int(time.time())
    snaps = []
    for at in (now - 300 * DAY, now - 60 * DAY, now - 3 * DAY, None):
        if at is None:
            clear_clock(root)
        else:
            set_clock(root, at)
        snaps.append(snapshot(base, token, at or now))
    for earlier, later in pairwise(snaps):
        assert earlier["followers"] <= later["followers"]
        assert earlier["videos"].keys() <= later["videos"].keys()
        assert all(views <= later["videos"][video] for video, views in earlier["videos"].items())
        assert earlier["clips"].keys() <= later["clips"].keys()
        assert all(views <= later["clips"][clip] for clip, views in earlier["clips"].items())
        assert earlier["subscribers"] <= later["subscribers"]
        assert earlier["subs"][0] <= later["subs"][0] and earlier["subs"][1] <= later["subs"][1]
    first, today = snaps[0], snaps[-1]
    assert today["followers"] == STREAMER.followers and today["subs"][0] == STREAMER.subscriptions
    assert len(today["videos"]) == STREAMER.videos and len(today["clips"]) == STREAMER.clips
    assert 0 < first["followers"] < today["followers"] and len(first["videos"]) < len(today["videos"])
    assert first["subs"][0] < today["subs"][0]
    # Views grow with age: a video three days old at the last clock had fewer views then than today.
    young = [video for video in snaps[2]["videos"] if video not in first["videos"]]
    assert any(snaps[2]["videos"][video] < today["videos"][video] for video in young)
    # Today the streamer is live, as ever; 300 days ago only if one of its slots was on air then.
    then = live.on_air(STREAMER, now - 300 * DAY, seed.created_at(STREAMER, seed.anchor()))
    assert (first["live"], today["live"]) == (int(then is not None), 1)


def test_heavy_channels_follower_total_is_the_followers_dated_up_to_the_clock(root, base):
    mega = seed.MEGASTREAM
    token = sign_in(base, mega.login)["access_token"]
    at = int(time.time()) - 400 * DAY
    set_clock(root, at)
    body = helix_get(base, token, "/channels/followers", broadcaster_id=mega.id, first=100).json()
    total = body["total"]
    assert 0 < total < mega.followers
    # The newest follower then is the total-th one; the next one (who exists today) followed later.
    newest = body["data"][0]
    assert parse_rfc3339(newest["followed_at"]) <= at
    clear_clock(root)
    today = helix_all(base, token, "/channels/followers", broadcaster_id=mega.id, first=100)
    position = [follower["user_id"] for follower in today].index(newest["user_id"])
    assert position == mega.followers - total
    assert parse_rfc3339(today[position - 1]["followed_at"]) > at


def test_clearing_the_clock_restores_todays_answers_exactly(root, base):
    token = sign_in(base, STREAMER.login)["access_token"]
    asks = [
        ("/channels/followers", {"broadcaster_id": STREAMER.id, "first": 100}),
        ("/videos", {"user_id": STREAMER.id, "first": 100}),
        ("/videos", {"user_id": STREAMER.id, "sort": "trending", "period": "month"}),
        ("/clips", {"broadcaster_id": STREAMER.id, "first": 100}),
        ("/subscriptions", {"broadcaster_id": STREAMER.id, "first": 100}),
        ("/bits/leaderboard", {"count": 100}),
        ("/goals", {"broadcaster_id": STREAMER.id}),
        ("/streams", {"user_id": STREAMER.id}),
    ]

    def answers():
        return [helix_get(base, token, path, **params).json() for path, params in asks]

    today = answers()
    set_clock(root, int(time.time()) - 45 * DAY)
    past = answers()
    assert all(was != now for was, now in zip(past, today))
    clear_clock(root)
    assert answers() == today
