"""Twitch live streams over real HTTP: channels on air in their slots as of the clock, the audience
curve, /helix/streams for up to 100 channels, app access tokens, and the newbie's way to Affiliate."""

import time

import pytest
import requests

from sandbox.credentials import TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET
from sandbox.twitch import crowd, live, seed
from sandbox.twitch.timefmt import parse_rfc3339
from tests.helpers.openapi import TWITCH_SPEC, assert_matches_spec
from tests.helpers.sandbox_clock import clear_clock, set_clock
from tests.helpers.twitch_sandbox import app_token, helix_get, sign_in

DAY = 86_400
STREAMER, NEWBIE = seed.STREAMER, seed.NEWBIE


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


def created(account: seed.Account) -> int:
    return seed.created_at(account, seed.anchor())


def test_the_audience_curve_ramps_holds_fades_and_spikes_on_a_raid():
    peak, length = 100, 3 * 3600
    assert live.viewer_count(peak, length, -1) == live.viewer_count(peak, length, length) == 0
    assert live.viewer_count(peak, length, 0) == 1  # the broadcaster's own tab
    assert live.viewer_count(peak, length, 60) < 50 < live.viewer_count(peak, length, 20 * 60)
    plateau = [live.viewer_count(peak, length, minute * 60) for minute in range(30, 130)]
    assert all(94 <= viewers <= 106 for viewers in plateau)
    assert live.viewer_count(peak, length, length - 60) < 45  # the last quarter fades to 40%
    calm = live.viewer_count(peak, length, 3600)
    raided = live.viewer_count(peak, length, 3600, raid_at=3600 - 60, raid_size=150)
    assert raided > calm + 120 and live.viewer_count(peak, length, 3600 + 3600, 3600 - 60, 150) < calm + 5


def test_a_channel_is_live_in_its_slot_as_of_the_clock_with_a_stable_stream(root, base):
    token = sign_in(base, STREAMER.login)["access_token"]
    now = int(time.time())
    broadcast = live.broadcasts(STREAMER, now - 15 * DAY, now - 8 * DAY, created(STREAMER))[0]
    samples = []
    for minutes in (5, 30, 31, 90):
        at = broadcast.started + minutes * 60
        set_clock(root, at)
        (stream,) = helix_get(base, token, "/streams", user_id=STREAMER.id).json()["data"]
        assert stream["viewer_count"] == broadcast.viewers(at)
        assert (stream["game_id"], stream["title"]) == (broadcast.slot.game_id, broadcast.slot.title)
        samples.append((stream["id"], stream["started_at"]))
    assert len(set(samples)) == 1 and parse_rfc3339(samples[0][1]) == broadcast.started
    set_clock(root, broadcast.ended + 60)
    assert helix_get(base, token, "/streams", user_id=STREAMER.id).json()["data"] == []
    clear_clock(root)
    today = helix_get(base, token, "/streams", user_id=STREAMER.id).json()["data"]
    assert today[0]["viewer_count"] == STREAMER.live_viewers  # real time: today's stream, as before


def test_streams_answers_for_up_to_100_channels_by_id_or_login(root, base):
    token = app_token(base)["access_token"]
    at = int(time.time()) - 3 * DAY
    at -= at % DAY - 19 * 3600 - 30 * 60  # 19:30 UTC: evening slots are on air
    set_clock(root, at)
    channels = [crowd.account(n) for n in range(1, 101)]
    ids = [account.id for account in channels[:50]]
    logins = [account.login for account in channels[50:]]
    body = helix_get(base, token, "/streams", user_id=ids, user_login=logins, first=100).json()
    expected = {account.id: live.on_air(account, at, created(account)) for account in channels}
    expected = {user_id: broadcast for user_id, broadcast in expected.items() if broadcast}
    assert expected and {stream["user_id"] for stream in body["data"]} == set(expected)
    for stream in body["data"]:
        assert stream["viewer_count"] == expected[stream["user_id"]].viewers(at)
        assert stream["id"] == expected[stream["user_id"]].id
    assert_matches_spec(TWITCH_SPEC, "/streams", body)
    counts = [stream["viewer_count"] for stream in body["data"]]
    assert counts == sorted(counts, reverse=True)
    too_many = helix_get(base, token, "/streams", user_id=ids, user_login=[*logins, "crowd_0101"])
    assert too_many.status_code == 400


def test_sampled_viewers_average_as_the_curve_says(root, base):
    token = app_token(base)["access_token"]
    now = int(time.time())
    broadcast = next(
        b for b in live.broadcasts(STREAMER, now - 60 * DAY, now - DAY, created(STREAMER)) if b.raid_at is not None
    )
    moments = range(broadcast.started, broadcast.ended, 10 * 60)
    served = []
    for at in moments:
        set_clock(root, at)
        served.append(helix_get(base, token, "/streams", user_login=STREAMER.login).json()["data"][0]["viewer_count"])
    length = broadcast.ended - broadcast.started
    expected = [
        live.viewer_count(broadcast.peak, length, at - broadcast.started, broadcast.raid_at, broadcast.raid_size)
        for at in moments
    ]
    calm = [live.viewer_count(broadcast.peak, length, at - broadcast.started) for at in moments]
    assert served == expected
    assert any(viewers > without for viewers, without in zip(served, calm))  # the raid shows


def test_the_newbie_is_on_its_way_to_affiliate_but_not_there(root, base):
    now = int(time.time())
    month = live.broadcasts(NEWBIE, now - 30 * DAY, now, created(NEWBIE))
    minutes = sum((min(b.ended, now) - b.started) / 60 for b in month)
    days = {time.gmtime(b.started)[:3] for b in month}
    viewers = [b.viewers(at) for b in month for at in range(b.started, min(b.ended, now), 60)]
    average = sum(viewers) / len(viewers)
    # Affiliate asks for 50 followers, 500 minutes and 7 days of broadcasting, 3 viewers on average.
    assert 0 < minutes < 500 and 0 < len(days) < 7 and 1 <= average < 3 and NEWBIE.followers < 50
    assert all(b.started >= created(NEWBIE) for b in month)
    token = app_token(base)["access_token"]
    # A broadcast 20 minutes in, before this hour: within the current hour a named channel shows today's stream
    # (the seeds' anchor), not its slots' (the test failed so when the newbie had gone live since the hour began).
    hour = now - now % 3600
    past = [b for b in month if b.started + 20 * 60 < hour and b.ended > b.started + 20 * 60]
    set_clock(root, past[-1].started + 20 * 60)
    (stream,) = helix_get(base, token, "/streams", user_login=NEWBIE.login).json()["data"]
    assert stream["user_id"] == NEWBIE.id and stream["title"] == "First streams! Learning the ropes"
    clear_clock(root)
    assert helix_get(base, token, "/schedule", broadcaster_id=NEWBIE.id).status_code == 404  # no public schedule


def test_client_credentials_give_an_app_token_that_validates_without_a_user(base):
    reply = app_token(base)
    assert set(reply) == {"access_token", "expires_in", "token_type"} and reply["token_type"] == "bearer"
    token = reply["access_token"]
    validated = requests.get(f"{base}/oauth2/validate", headers={"Authorization": f"OAuth {token}"}).json()
    assert validated["client_id"] == TWITCH_CLIENT_ID and validated["scopes"] == []
    assert "login" not in validated and "user_id" not in validated and validated["expires_in"] > 30 * DAY
    assert helix_get(base, token, "/users", login=STREAMER.login).json()["data"][0]["id"] == STREAMER.id
    assert helix_get(base, token, "/users").status_code == 400  # no user behind the token
    assert helix_get(base, token, "/subscriptions", broadcaster_id=STREAMER.id).status_code == 401
    followers = helix_get(base, token, "/channels/followers", broadcaster_id=STREAMER.id).json()
    assert followers["total"] == STREAMER.followers and followers["data"] == []
    wrong = requests.post(
        f"{base}/oauth2/token",
        data={"client_id": TWITCH_CLIENT_ID, "client_secret": "nope", "grant_type": "client_credentials"},
    )
    assert wrong.status_code == 403
    revoked = requests.post(f"{base}/oauth2/revoke", data={"client_id": TWITCH_CLIENT_ID, "token": token})
    assert revoked.status_code == 200 and helix_get(base, token, "/users", login=STREAMER.login).status_code == 401
    assert TWITCH_CLIENT_SECRET  # the grant needs the app's secret, nothing else
