"""The sandbox's clock switch over real HTTP: set, read, cleared, refused, and shared between processes."""

import time
from datetime import datetime

import pytest
import requests
from flask import Flask

from sandbox import CLOCK_HEADER, init_sandbox
from sandbox.credentials import TWITCH_CLIENT_ID
from sandbox.twitch import seed
from tests.helpers.sandbox_clock import clear_clock, set_clock
from tests.helpers.servers import LiveServer
from tests.helpers.twitch_sandbox import helix_get, sign_in

DAY = 86_400


def test_clock_is_set_read_and_cleared(sandbox_server):
    root = sandbox_server.url
    real = requests.get(f"{root}/sandbox/_clock").json()
    assert real["at"] is None and abs(_epoch(real["now"]) - time.time()) < 5

    assert set_clock(root, "2026-09-01T12:00:00+02:00")["at"] == "2026-09-01T10:00:00Z"
    assert requests.get(f"{root}/sandbox/_clock").json() == {
        "at": "2026-09-01T10:00:00Z",
        "now": "2026-09-01T10:00:00Z",
    }
    assert set_clock(root, 1_700_000_000)["at"] == "2023-11-14T22:13:20Z"

    assert clear_clock(root)["at"] is None
    assert requests.get(f"{root}/sandbox/_clock").json()["at"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"at": "2999-01-01T00:00:00Z"},  # further ahead than the sandbox ages its world
        {"at": time.time() + 401 * DAY},
        {"at": "yesterday"},
        {"at": "2026-09-01T12:00:00"},  # no zone: which moment is meant?
        {"at": True},
        {"at": -5},
        {},
        None,
    ],
    ids=["future", "future-epoch", "words", "zoneless", "bool", "negative", "missing", "no-body"],
)
def test_clock_refuses_what_is_not_a_moment_within_reach(sandbox_server, body):
    root = sandbox_server.url
    set_clock(root, time.time() - DAY)
    before = requests.get(f"{root}/sandbox/_clock").json()
    reply = requests.post(f"{root}/sandbox/_clock", json=body)
    assert reply.status_code == 400 and '"at"' in reply.json()["error"]
    assert requests.get(f"{root}/sandbox/_clock").json() == before  # a refused request changes nothing


def test_clock_runs_ahead_of_real_time_for_tests_of_ageing(sandbox_server):
    ahead = int(time.time()) + 40 * DAY
    assert _epoch(set_clock(sandbox_server.url, ahead)["now"]) == ahead


def test_a_clock_set_through_one_app_is_seen_by_another_on_the_same_prefix(sandbox_server, redis_client, key_prefix):
    other_app = Flask("another_web_process")
    init_sandbox(other_app, redis_client, key_prefix)
    other = LiveServer(other_app)
    try:
        at = int(time.time()) - 200 * DAY
        set_clock(sandbox_server.url, at)
        assert _epoch(requests.get(f"{other.url}/sandbox/_clock").json()["at"]) == at
        # A token from one process works on the other (one Redis); both answer as of the same clock.
        token = sign_in(sandbox_server.url + "/sandbox/twitch", seed.STREAMER.login)["access_token"]
        totals = [
            helix_get(url + "/sandbox/twitch", token, "/channels/followers", broadcaster_id=seed.STREAMER.id).json()[
                "total"
            ]
            for url in (sandbox_server.url, other.url)
        ]
        assert totals[0] == totals[1] < seed.STREAMER.followers
    finally:
        other.stop()


def test_without_fault_switches_there_is_no_clock_and_a_stored_one_is_ignored(redis_client, key_prefix):
    app = Flask("production_like")
    init_sandbox(app, redis_client, key_prefix, fault_switches=False)
    server = LiveServer(app)
    try:
        assert requests.post(f"{server.url}/sandbox/_clock", json={"at": 0}).status_code == 404
        app.extensions["sandbox_state"].put("clock", "at", {"at": int(time.time()) - 200 * DAY})
        token = sign_in(server.url + "/sandbox/twitch", seed.STREAMER.login)["access_token"]
        body = helix_get(
            server.url + "/sandbox/twitch", token, "/channels/followers", broadcaster_id=seed.STREAMER.id
        ).json()
        assert body["total"] == seed.STREAMER.followers
    finally:
        server.stop()


def _followers(base: str, token: str, **headers) -> int:
    reply = requests.get(
        f"{base}/sandbox/twitch/helix/channels/followers",
        params={"broadcaster_id": seed.STREAMER.id},
        headers={"Authorization": f"Bearer {token}", "Client-Id": TWITCH_CLIENT_ID, **headers},
        timeout=30,
    )
    return reply.json()["total"]


def test_a_request_with_its_own_clock_is_answered_as_of_then_and_no_one_else_is(sandbox_server):
    """The history demo's rounds carry their time: a person signing in meanwhile is answered as of now."""
    root = sandbox_server.url
    token = sign_in(root + "/sandbox/twitch", seed.STREAMER.login)["access_token"]
    past = int(time.time()) - 200 * DAY
    assert _followers(root, token, **{CLOCK_HEADER: str(past)}) < seed.STREAMER.followers
    assert _followers(root, token) == seed.STREAMER.followers  # the sandbox's own clock was never moved
    assert requests.get(f"{root}/sandbox/_clock").json()["at"] is None
    # A moment in the future, or words, are no clock: answered as of now.
    for value in (str(int(time.time()) + DAY), "yesterday"):
        assert _followers(root, token, **{CLOCK_HEADER: value}) == seed.STREAMER.followers


def test_without_fault_switches_a_requests_own_clock_is_ignored(redis_client, key_prefix):
    app = Flask("production_like")
    init_sandbox(app, redis_client, key_prefix, fault_switches=False)
    server = LiveServer(app)
    try:
        token = sign_in(server.url + "/sandbox/twitch", seed.STREAMER.login)["access_token"]
        past = str(int(time.time()) - 200 * DAY)
        assert _followers(server.url, token, **{CLOCK_HEADER: past}) == seed.STREAMER.followers
    finally:
        server.stop()


def _epoch(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
