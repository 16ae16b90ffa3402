"""Someone signed in before the stream story came is asked once, plainly, for its Twitch permissions; the
rest of the dashboard works meanwhile, and "Not now" is the last they hear of it."""

import time

import requests

from sync.plans.twitch import SCOPES
from tests.helpers.consent import sign_in
from tests.helpers.sessions import csrf_token

BEFORE = tuple(SCOPES.values())  # what the consent asked for before the stream story


def test_an_older_sign_in_is_asked_once_for_the_stream_storys_permissions(
    served_server, dash_server, redis_client, key_prefix
):
    old_url, _old = served_server(twitch_scopes=BEFORE)  # the app before the upgrade, on the same sessions
    http = requests.Session()
    sign_in(http, old_url, "twitch", "sandbox_streamer")
    url = dash_server
    page = http.get(f"{url}/twitch", timeout=30).text
    assert "Allow on Twitch" in page and "chat activity" in page and "user:read:chat" not in page
    assert 'href="/login/twitch?next=/twitch"' in page
    answer = http.post(
        f"{url}/permissions/twitch/not-now", data={"csrf_token": csrf_token(redis_client, key_prefix, http)}, timeout=10
    )
    assert answer.status_code == 200 and answer.url.endswith("/twitch")  # back on the dashboard
    assert "Allow on Twitch" not in answer.text
    assert http.post(f"{url}/permissions/twitch/not-now", data={"csrf_token": "forged"}, timeout=10).status_code == 400


def test_a_sign_in_with_every_permission_is_not_asked(dash_server):
    url, http = dash_server, requests.Session()
    sign_in(http, url, "twitch", "sandbox_streamer")
    assert "Allow on Twitch" not in http.get(f"{url}/twitch", timeout=30).text


def test_what_twitch_stopped_sending_is_said_on_the_dashboard_with_a_way_back(folding_dash_server):
    url, http = folding_dash_server, requests.Session()
    sign_in(http, url, "twitch", "sandbox_streamer")
    revoke = {"user_id": "641975201", "status": "authorization_revoked"}
    deadline = time.monotonic() + 30
    while requests.post(f"{url}/sandbox/twitch/_eventsub/revoke", json=revoke, timeout=30).json()["revoked"] == 0:
        assert time.monotonic() < deadline, "the channel was never subscribed"
        time.sleep(0.2)  # its subscriptions are made in the background after the sign-in
    while "stopped telling this app" not in (page := http.get(f"{url}/twitch", timeout=30).text):
        assert time.monotonic() < deadline, "the revocation never reached the page"
        time.sleep(0.2)
    assert "you removed this app&#x27;s access on Twitch" in page or "you removed this app's access on Twitch" in page
    assert 'href="/login/twitch?next=/twitch"' in page
