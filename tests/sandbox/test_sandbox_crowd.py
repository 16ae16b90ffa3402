"""The crowd accounts (crowd_0001..crowd_9999) over real HTTP: each signs in through the real OAuth
flow of its provider, without a browser, and answers with its own typical-sized data."""

import time

import pytest
import requests
from requests_oauthlib import OAuth1Session

from sandbox.credentials import TWITCH_CLIENT_ID, X_CONSUMER_KEY, X_CONSUMER_SECRET
from sandbox.twitch import crowd as twitch_crowd
from sandbox.twitch import seed as twitch_seed
from sandbox.x import crowd as x_crowd
from sandbox.x import seed as x_seed
from tests.helpers.sandbox_clock import clear_clock, set_clock
from tests.helpers.twitch_sandbox import ALL_SCOPES, REDIRECT_URI, crowd_login, crowd_token, helix_all, helix_get

DAY = 86_400


@pytest.fixture(autouse=True)
def still_hour(monkeypatch):
    """Hold both seeds' hourly anchors, so an hour turning mid-test cannot shift the generated dates."""
    twitch, x = twitch_seed.anchor(), x_seed.hour_anchor()
    monkeypatch.setattr(twitch_seed, "anchor", lambda: twitch)
    monkeypatch.setattr(x_seed, "hour_anchor", lambda: x)


@pytest.mark.parametrize("n", [1, 42, 9_999])
def test_a_twitch_crowd_account_signs_in_and_reads_its_own_channel(sandbox_server, n):
    base = sandbox_server.url + "/sandbox/twitch"
    account = twitch_seed.by_login(crowd_login(n))
    token = crowd_token(sandbox_server.url, n)["access_token"]
    validated = requests.get(f"{base}/oauth2/validate", headers={"Authorization": f"OAuth {token}"}).json()
    assert (validated["login"], validated["user_id"]) == (crowd_login(n), account.id)
    me = helix_get(base, token, "/users").json()["data"][0]
    assert (me["id"], me["login"], me["email"]) == (account.id, f"crowd_{n:04d}", f"crowd_{n:04d}@example.com")

    followers = helix_all(base, token, "/channels/followers", broadcaster_id=account.id, first=100)
    assert 300 <= len(followers) == account.followers <= 2_000
    videos = helix_all(base, token, "/videos", user_id=account.id, first=100)
    assert len(videos) == account.videos > 10 and all(video["user_id"] == account.id for video in videos)
    assert helix_get(base, token, "/videos", id=videos[-1]["id"]).json()["data"][0]["id"] == videos[-1]["id"]
    clips = helix_all(base, token, "/clips", broadcaster_id=account.id, first=100)
    assert len(clips) == account.clips >= 20 and all(clip["broadcaster_id"] == account.id for clip in clips)
    subs = helix_get(base, token, "/subscriptions", broadcaster_id=account.id).json()
    assert subs["total"] == account.subscriptions and len(subs["data"]) == min(20, account.subscriptions)
    assert (account.subscriptions > 0) == (account.broadcaster_type == "affiliate")
    schedule = helix_get(base, token, "/schedule", broadcaster_id=account.id).json()["data"]
    assert schedule["broadcaster_login"] == crowd_login(n) and schedule["segments"]
    # The clock applies to the crowd as to the named accounts.
    set_clock(sandbox_server.url, time.time() - 200 * DAY)
    then = helix_get(base, token, "/channels/followers", broadcaster_id=account.id, first=1).json()["total"]
    assert then < account.followers
    clear_clock(sandbox_server.url)
    # Another channel's private data stays out of reach, crowd or not.
    other = twitch_crowd.account(n % 9_999 + 1)
    assert helix_get(base, token, "/subscriptions", broadcaster_id=other.id).status_code == 401


def test_crowd_accounts_differ_and_stay_the_same():
    first = [twitch_crowd.account(n) for n in range(1, 201)]
    assert len({account.id for account in first}) == 200 and len({account.followers for account in first}) > 100
    twitch_crowd._account.cache_clear()
    assert [twitch_crowd.account(n) for n in range(1, 201)] == first
    assert any(account.broadcaster_type == "affiliate" for account in first)
    assert all(account.number > max(named.number for named in twitch_seed.ACCOUNTS.values()) for account in first)
    people = [x_crowd.account(n) for n in range(1, 201)]
    assert len({account.id for account in people}) == 200
    assert all(150 <= account.post_count <= 260 and 300 <= account.followers <= 2_000 for account in people)


@pytest.mark.parametrize("login", ["crowd_0000", "crowd_10000", "crowd_42", "crowd_abcd"])
def test_the_consent_pages_refuse_logins_outside_the_crowd(sandbox_server, sandbox, login):
    twitch = requests.post(
        sandbox_server.url + "/sandbox/twitch/oauth2/authorize",
        allow_redirects=False,
        data={
            "response_type": "code",
            "client_id": TWITCH_CLIENT_ID,
            "redirect_uri": REDIRECT_URI,
            "scope": ALL_SCOPES,
            "account": login,
            "decision": "authorize",
        },
    )
    assert twitch.status_code == 400 and "Pick one of the sandbox accounts" in twitch.text
    oauth = OAuth1Session(X_CONSUMER_KEY, X_CONSUMER_SECRET, callback_uri=sandbox.app.callback_uri)
    request_token = oauth.fetch_request_token(sandbox.base + "/oauth/request_token")["oauth_token"]
    x = requests.post(
        sandbox.base + "/oauth/authorize",
        allow_redirects=False,
        data={"oauth_token": request_token, "account": login, "decision": "authorize"},
    )
    assert x.status_code == 400 and "Pick one of the sandbox accounts" in x.text


@pytest.mark.parametrize("n", [7, 9_999])
def test_an_x_crowd_account_signs_in_and_reads_its_own_posts(sandbox, n):
    account = x_seed.by_username(x_crowd.username(n))
    api = sandbox.session(sandbox.crowd_token(n))
    me = api.get(sandbox.base + "/2/users/me", params={"user.fields": "public_metrics"}).json()["data"]
    assert (me["id"], me["username"]) == (account.id, f"crowd_{n:04d}")
    assert me["public_metrics"]["followers_count"] == account.followers
    posts, token = [], None
    while True:
        params = {"max_results": 100, "tweet.fields": "created_at,public_metrics,author_id"}
        reply = api.get(
            f"{sandbox.base}/2/users/{account.id}/tweets",
            params={**params, **({"pagination_token": token} if token else {})},
        ).json()
        posts.extend(reply.get("data", []))
        token = reply["meta"].get("next_token")
        if not token:
            break
    assert len(posts) == len({post["id"] for post in posts}) == me["public_metrics"]["tweet_count"] >= 150
    assert all(post["author_id"] == account.id for post in posts)
    # Its client from the helper reads the same account through the app's own X client.
    assert sandbox.crowd_client(n).me().id == account.id
