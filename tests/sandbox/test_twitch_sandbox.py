"""The Twitch sandbox over real HTTP: sign-in, every Helix endpoint against the spec, limits, faults."""

import copy
import math
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from sandbox.credentials import TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET
from sandbox.twitch import followers, generate, people, ratelimit, seed
from tests.helpers.openapi import TWITCH_SPEC, assert_matches_spec
from tests.helpers.twitch_sandbox import ALL_SCOPES, REDIRECT_URI, consent, exchange, sign_in

STREAMER, MEGA, NEWBIE = seed.STREAMER, seed.MEGASTREAM, seed.NEWBIE


@pytest.fixture(autouse=True)
def still_hour(monkeypatch):
    """Hold the seed's hourly anchor, so an hour turning mid-test cannot shift the generated dates."""
    held = seed.anchor()
    monkeypatch.setattr(seed, "anchor", lambda: held)


@pytest.fixture
def server(sandbox_server):
    return sandbox_server


@pytest.fixture
def base(server):
    return server.url + "/sandbox/twitch"


def helix(base, token, path, client_id=TWITCH_CLIENT_ID, **params):
    return requests.get(
        f"{base}/helix{path}", params=params, headers={"Authorization": f"Bearer {token}", "Client-Id": client_id}
    )


def validate(base, token):
    return requests.get(f"{base}/oauth2/validate", headers={"Authorization": f"OAuth {token}"})


def assert_twitch_error(reply, status, message=None):
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["status"] == status and body["error"] and "message" in body
    if message is not None:
        assert body["message"] == message


# OAuth ------------------------------------------------------------------------------------------------


def test_consent_page_lists_the_accounts_and_requested_scopes(base):
    page = requests.get(
        f"{base}/oauth2/authorize",
        params={
            "response_type": "code",
            "client_id": TWITCH_CLIENT_ID,
            "redirect_uri": REDIRECT_URI,
            "scope": ALL_SCOPES,
            "state": "abc",
            "force_verify": "true",
        },
    )
    assert page.status_code == 200
    assert "Twitch sandbox — not the real Twitch" in page.text
    for login in seed.ACCOUNTS:
        assert f'id="account-{login}"' in page.text and f'value="{login}"' in page.text
    first = page.text.index('id="account-sandbox_streamer"')
    assert "checked" in page.text[first : page.text.index(">", first)]
    assert 'id="authorize"' in page.text and 'id="cancel"' in page.text
    assert "channel:read:subscriptions" in page.text

    unknown = requests.get(
        f"{base}/oauth2/authorize",
        params={"response_type": "code", "client_id": "someone-else", "redirect_uri": REDIRECT_URI, "scope": ""},
    )
    assert unknown.status_code == 400 and "client_id" in unknown.text
    elsewhere = requests.get(
        f"{base}/oauth2/authorize",
        allow_redirects=False,
        params={
            "response_type": "code",
            "client_id": TWITCH_CLIENT_ID,
            "redirect_uri": "https://evil.example/cb",
            "scope": "no:such:scope",
        },
    )
    assert elsewhere.status_code == 400 and "redirect_uri" in elsewhere.text


def test_misspelt_scope_goes_back_as_invalid_scope(base):
    reply = requests.get(
        f"{base}/oauth2/authorize",
        allow_redirects=False,
        params={
            "response_type": "code",
            "client_id": TWITCH_CLIENT_ID,
            "redirect_uri": REDIRECT_URI,
            "scope": "bits:read channel:read:subscription",
            "state": "s",
        },
    )
    assert reply.status_code == 302
    query = parse_qs(urlsplit(reply.headers["Location"]).query)
    assert query["error"] == ["invalid_scope"] and query["state"] == ["s"]


def test_code_exchange_works_once_and_reports_scopes(base):
    back = consent(base, STREAMER.login)
    assert back["state"] == "st4te" and back["scope"] == ALL_SCOPES
    first = exchange(base, back["code"])
    assert first.status_code == 200
    body = first.json()
    assert body["token_type"] == "bearer" and body["scope"] == ALL_SCOPES.split()
    assert 13_000 <= body["expires_in"] <= 15_000 and body["access_token"] and body["refresh_token"]
    again = exchange(base, back["code"])
    assert again.status_code == 400 and again.json() == {"status": 400, "message": "Invalid authorization code"}


def test_code_is_refused_for_another_redirect_uri(base):
    back = consent(base, STREAMER.login)
    reply = exchange(base, back["code"], redirect_uri="http://127.0.0.1:9/elsewhere")
    assert reply.status_code == 400 and reply.json()["message"] == "Invalid authorization code"


def test_wrong_client_secret_is_refused(base):
    back = consent(base, STREAMER.login)
    reply = requests.post(
        f"{base}/oauth2/token",
        data={
            "client_id": TWITCH_CLIENT_ID,
            "client_secret": "nope",
            "code": back["code"],
            "grant_type": "authorization_code",
            "redirect_uri": REDIRECT_URI,
        },
    )
    assert reply.status_code == 403 and reply.json()["status"] == 403


def test_cancel_sends_access_denied_with_state(base):
    back = consent(base, STREAMER.login, decision="cancel", state="keep-me")
    assert back == {"error": "access_denied", "error_description": "The user denied you access", "state": "keep-me"}


def test_validate_describes_the_token(base):
    token = sign_in(base, MEGA.login)["access_token"]
    reply = validate(base, token)
    assert reply.status_code == 200
    body = reply.json()
    assert body["client_id"] == TWITCH_CLIENT_ID and body["login"] == MEGA.login and body["user_id"] == MEGA.id
    assert body["scopes"] == ALL_SCOPES.split() and 0 < body["expires_in"] <= 15_000
    assert validate(base, "not-a-token").json() == {"status": 401, "message": "invalid access token"}


def test_refresh_gives_new_tokens_and_retires_the_old_access_token(base):
    tokens = sign_in(base, STREAMER.login)
    reply = requests.post(
        f"{base}/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": TWITCH_CLIENT_ID,
            "client_secret": TWITCH_CLIENT_SECRET,
        },
    )
    assert reply.status_code == 200
    fresh = reply.json()
    assert fresh["access_token"] != tokens["access_token"] and fresh["refresh_token"] != tokens["refresh_token"]
    assert fresh["scope"] == ALL_SCOPES.split()
    assert validate(base, tokens["access_token"]).status_code == 401
    assert_twitch_error(helix(base, tokens["access_token"], "/users"), 401, "Invalid OAuth token")
    assert helix(base, fresh["access_token"], "/users").status_code == 200

    bad = requests.post(
        f"{base}/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": "made-up",
            "client_id": TWITCH_CLIENT_ID,
            "client_secret": TWITCH_CLIENT_SECRET,
        },
    )
    assert bad.status_code == 400 and bad.json() == {"status": 400, "message": "Invalid refresh token"}


def test_revoke_ends_access_and_refresh_tokens(base):
    tokens = sign_in(base, STREAMER.login)
    revoke = {"client_id": TWITCH_CLIENT_ID, "token": tokens["access_token"]}
    reply = requests.post(f"{base}/oauth2/revoke", data=revoke)
    assert reply.status_code == 200 and reply.text == ""
    assert validate(base, tokens["access_token"]).status_code == 401
    refresh = requests.post(
        f"{base}/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": TWITCH_CLIENT_ID,
            "client_secret": TWITCH_CLIENT_SECRET,
        },
    )
    assert refresh.status_code == 400
    again = requests.post(f"{base}/oauth2/revoke", data=revoke)
    assert again.status_code == 400


# Helix against the spec -------------------------------------------------------------------------------


def check(base, token, path, **params) -> dict:
    reply = helix(base, token, path, **params)
    assert reply.status_code == 200, f"{path} {params}: {reply.text}"
    body = reply.json()
    if path == "/schedule" and body["data"]["vacation"] is None:
        # The spec forgets `nullable` here, though its own description and example use null.
        body = copy.deepcopy(body)
        body["data"]["vacation"] = {"start_time": "", "end_time": ""}
    assert_matches_spec(TWITCH_SPEC, path, body)
    return reply.json()


@pytest.mark.parametrize("account", [STREAMER, MEGA, NEWBIE], ids=lambda account: account.login)
def test_every_endpoint_matches_the_spec(base, account):
    token = sign_in(base, account.login)["access_token"]
    data = generate.channel_data(account, seed.anchor())

    me = check(base, token, "/users")["data"]
    assert [user["id"] for user in me] == [account.id] and me[0]["email"]
    assert requests.get(me[0]["profile_image_url"]).headers["Content-Type"].startswith("image/svg+xml")
    viewer = people.viewer_id(42)
    others = check(base, token, "/users", id=[MEGA.id, viewer], login=["sandbox_newbie"])["data"]
    assert [user["login"] for user in others] == [MEGA.login, people.viewer_login(42), NEWBIE.login]
    assert all("email" not in user for user in others if user["id"] != account.id)

    follows = check(base, token, "/channels/followers", broadcaster_id=account.id, first=5)
    assert follows["total"] == account.followers and len(follows["data"]) == min(5, account.followers)
    if account.followers:
        one = follows["data"][3]
        assert check(base, token, "/channels/followers", broadcaster_id=account.id, user_id=one["user_id"])["data"] == [
            one
        ]

    subs = check(base, token, "/subscriptions", broadcaster_id=account.id, first=100)
    assert subs["total"] == account.subscriptions and subs["points"] == data.points
    if account.subscriptions:
        assert {sub["tier"] for sub in subs["data"]} == {"1000", "2000", "3000"}
        assert any(sub["is_gift"] and sub["gifter_id"] for sub in subs["data"])
        picked = subs["data"][0]["user_id"]
        assert [
            sub["user_id"]
            for sub in check(base, token, "/subscriptions", broadcaster_id=account.id, user_id=picked)["data"]
        ] == [picked]

    videos = check(base, token, "/videos", user_id=account.id, first=100)
    assert len(videos["data"]) == min(100, account.videos)
    check(base, token, "/videos", user_id=account.id, type="archive", sort="views", period="month")
    if account.videos:
        video = videos["data"][0]
        assert video["duration"][-1] == "s" and "%{width}" in video["thumbnail_url"]
        thumbnail = video["thumbnail_url"].replace("%{width}", "320").replace("%{height}", "180")
        assert requests.get(thumbnail).headers["Content-Type"].startswith("image/svg+xml")
        assert check(base, token, "/videos", id=video["id"])["data"][0]["id"] == video["id"]

    clips = check(base, token, "/clips", broadcaster_id=account.id, first=100)
    views = [clip["view_count"] for clip in clips["data"]]
    assert views == sorted(views, reverse=True) and len(views) == min(100, account.clips)
    check(
        base,
        token,
        "/clips",
        broadcaster_id=account.id,
        started_at="2020-01-01T00:00:00Z",
        ended_at="2030-01-01T00:00:00Z",
        is_featured="false",
    )

    streams = check(base, token, "/streams", user_id=account.id)["data"]
    assert len(streams) == (1 if account.is_live else 0)
    check(base, token, "/streams", user_login=[STREAMER.login, MEGA.login, NEWBIE.login])

    board = check(base, token, "/bits/leaderboard", count=100)
    assert board["total"] == len(board["data"]) == min(100, account.cheerers)
    assert [row["rank"] for row in board["data"]] == list(range(1, board["total"] + 1))
    week = check(base, token, "/bits/leaderboard", period="week", started_at="2018-02-05T08:00:00Z")
    assert week["date_range"] == {"started_at": "2018-02-05T08:00:00Z", "ended_at": "2018-02-12T08:00:00Z"}
    if account.cheerers > 10:
        tenth = board["data"][9]
        around = check(base, token, "/bits/leaderboard", count=5, user_id=tenth["user_id"])["data"]
        assert [row["rank"] for row in around] == [8, 9, 10, 11, 12]

    channel = check(base, token, "/channels", broadcaster_id=account.id)["data"][0]
    assert channel["broadcaster_login"] == account.login and channel["title"] == account.title

    if account.has_schedule:
        schedule = check(base, token, "/schedule", broadcaster_id=account.id, first=25)["data"]
        starts = [segment["start_time"] for segment in schedule["segments"]]
        assert starts and starts == sorted(starts)
        assert (schedule["vacation"] is not None) == account.vacation
    else:
        assert_twitch_error(helix(base, token, "/schedule", broadcaster_id=account.id), 404)

    goals = check(base, token, "/goals", broadcaster_id=account.id)["data"]
    assert len(goals) == len(account.goals)


def test_heavy_followers_page_to_the_end_newest_first(base):
    token = sign_in(base, MEGA.login)["access_token"]
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", "Client-Id": TWITCH_CLIENT_ID})
    seen, pages, cursor, last = set(), 0, None, None
    while True:
        params = {"broadcaster_id": MEGA.id, "first": 100, **({"after": cursor} if cursor else {})}
        body = session.get(f"{base}/helix/channels/followers", params=params).json()
        pages += 1
        assert body["total"] == MEGA.followers
        for follower in body["data"]:
            assert last is None or follower["followed_at"] <= last
            last = follower["followed_at"]
            seen.add(follower["user_id"])
        cursor = body["pagination"].get("cursor")
        if not cursor:
            break
    assert MEGA.followers >= 50_000
    assert len(seen) == MEGA.followers and pages == math.ceil(MEGA.followers / 100)


def test_cursors_page_forwards_and_back_and_first_is_checked(base):
    token = sign_in(base, STREAMER.login)["access_token"]
    one = helix(base, token, "/videos", user_id=STREAMER.id, first=25).json()
    two = helix(base, token, "/videos", user_id=STREAMER.id, first=25, after=one["pagination"]["cursor"]).json()
    three = helix(base, token, "/videos", user_id=STREAMER.id, first=25, after=two["pagination"]["cursor"]).json()
    assert [len(page["data"]) for page in (one, two, three)] == [25, 25, 10] and three["pagination"] == {}
    back = helix(base, token, "/videos", user_id=STREAMER.id, first=25, before=two["pagination"]["cursor"]).json()
    assert back["data"] == one["data"]
    for bad in (0, 101, "many"):
        assert_twitch_error(helix(base, token, "/videos", user_id=STREAMER.id, first=bad), 400)
    assert_twitch_error(helix(base, token, "/videos", user_id=STREAMER.id, after="garbage!"), 400)


# Who may read what ---------------------------------------------------------------------------------------


def test_missing_scopes_are_refused(base):
    token = sign_in(base, STREAMER.login, scope="user:read:email")["access_token"]
    assert_twitch_error(
        helix(base, token, "/subscriptions", broadcaster_id=STREAMER.id),
        401,
        "Missing scope: channel:read:subscriptions",
    )
    assert_twitch_error(helix(base, token, "/bits/leaderboard"), 401, "Missing scope: bits:read")
    assert_twitch_error(
        helix(base, token, "/goals", broadcaster_id=STREAMER.id), 401, "Missing scope: channel:read:goals"
    )
    assert_twitch_error(
        helix(base, token, "/channels/followers", broadcaster_id=STREAMER.id, user_id="700000001"),
        401,
        "Missing scope: moderator:read:followers",
    )
    # Documented: without the scope, the follower list shrinks to its total.
    count_only = helix(base, token, "/channels/followers", broadcaster_id=STREAMER.id)
    assert count_only.status_code == 200
    assert count_only.json() == {"total": STREAMER.followers, "data": [], "pagination": {}}


def test_token_and_client_id_must_match(base):
    token = sign_in(base, STREAMER.login)["access_token"]
    assert_twitch_error(
        helix(base, token, "/users", client_id="another-app"), 401, "Client ID and OAuth token do not match"
    )
    no_token = requests.get(f"{base}/helix/users", headers={"Client-Id": TWITCH_CLIENT_ID})
    assert_twitch_error(no_token, 401, "OAuth token is missing")
    no_client = requests.get(f"{base}/helix/users", headers={"Authorization": f"Bearer {token}"})
    assert_twitch_error(no_client, 401)


def test_only_the_broadcaster_reads_their_private_data(base):
    token = sign_in(base, STREAMER.login)["access_token"]
    # The reference documents 401 (not 403) when broadcaster_id is not the token's user.
    assert_twitch_error(helix(base, token, "/subscriptions", broadcaster_id=MEGA.id), 401)
    assert_twitch_error(helix(base, token, "/goals", broadcaster_id=MEGA.id), 401)
    others = helix(base, token, "/channels/followers", broadcaster_id=MEGA.id).json()
    assert others == {"total": MEGA.followers, "data": [], "pagination": {}}


# Rate limit and faults ------------------------------------------------------------------------------------


def test_rate_limit_headers_and_429_once_used_up(base, monkeypatch):
    monkeypatch.setattr(ratelimit, "RATE_LIMIT", 3)
    token = sign_in(base, STREAMER.login)["access_token"]
    replies = [helix(base, token, "/users") for _ in range(4)]
    assert [reply.status_code for reply in replies] == [200, 200, 200, 429]
    assert [reply.headers["Ratelimit-Remaining"] for reply in replies] == ["2", "1", "0", "0"]
    assert all(reply.headers["Ratelimit-Limit"] == "3" for reply in replies)
    reset = int(replies[-1].headers["Ratelimit-Reset"])
    assert time.time() < reset <= time.time() + 61
    assert_twitch_error(replies[-1], 429)
    assert replies[-1].json()["error"] == "Too Many Requests"


def set_fault(server, **fault):
    requests.post(f"{server.url}/sandbox/_faults", json={"provider": "twitch", **fault}).raise_for_status()


def clear_faults(server):
    requests.delete(f"{server.url}/sandbox/_faults").raise_for_status()


def test_status_fault_spoils_the_set_number_of_replies(server, base):
    token = sign_in(base, STREAMER.login)["access_token"]
    set_fault(server, status=503, count=1)
    try:
        failed = helix(base, token, "/users")
        assert_twitch_error(failed, 503)
        assert failed.json()["error"] == "Service Unavailable"
        assert helix(base, token, "/users").status_code == 200
        set_fault(server, status=429)
        limited = helix(base, token, "/users")
        assert_twitch_error(limited, 429)
        assert limited.headers["Ratelimit-Remaining"] == "0" and limited.headers["Ratelimit-Limit"] == "800"
        assert 0 < int(limited.headers["Ratelimit-Reset"]) - time.time() <= ratelimit.FAULT_RESET_SECONDS + 1
        # The token endpoint fails too, but the consent page never does.
        assert exchange(base, "whatever").status_code == 429
        page = requests.get(
            f"{base}/oauth2/authorize",
            params={"response_type": "code", "client_id": TWITCH_CLIENT_ID, "redirect_uri": REDIRECT_URI, "scope": ""},
        )
        assert page.status_code == 200
    finally:
        clear_faults(server)


def test_expire_tokens_fault_makes_every_token_answer_401(server, base):
    token = sign_in(base, STREAMER.login)["access_token"]
    set_fault(server, expire_tokens=True)
    try:
        assert_twitch_error(helix(base, token, "/users"), 401, "Invalid OAuth token")
        assert validate(base, token).json() == {"status": 401, "message": "invalid access token"}
    finally:
        clear_faults(server)
    assert helix(base, token, "/users").status_code == 200


def test_zoneless_times_variant_writes_times_as_twitchs_cli_mock_does(server, base):
    token = sign_in(base, STREAMER.login)["access_token"]
    documented = helix(base, token, "/clips", broadcaster_id=STREAMER.id).json()
    set_fault(server, zoneless_times=True)
    try:
        zoneless = helix(base, token, "/clips", broadcaster_id=STREAMER.id).json()
    finally:
        clear_faults(server)
    assert [clip["created_at"] for clip in zoneless["data"]] == [
        clip["created_at"].replace("T", " ").removesuffix("Z") for clip in documented["data"]
    ]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", zoneless["data"][0]["created_at"])
    assert [clip["title"] for clip in zoneless["data"]] == [clip["title"] for clip in documented["data"]]


def test_latency_fault_slows_helix(server, base):
    token = sign_in(base, STREAMER.login)["access_token"]
    set_fault(server, latency_ms=300)
    try:
        started = time.monotonic()
        assert helix(base, token, "/users").status_code == 200
        assert time.monotonic() - started >= 0.3
    finally:
        clear_faults(server)


# Seed -----------------------------------------------------------------------------------------------------


def test_seed_is_deterministic_and_the_heavy_account_builds_fast():
    anchor = seed.anchor()
    started = time.perf_counter()
    once = generate.build_channel(MEGA, anchor)
    assert time.perf_counter() - started < 1.0
    assert generate.build_channel(MEGA, anchor) == once
    assert len(once.videos) == MEGA.videos == 500 and len(once.clips) == MEGA.clips == 1_000
    assert len(once.subscriptions) == MEGA.subscriptions
    # Followers grow over the years rather than arriving at an even pace.
    year = 365 * 86_400
    dates = [followers.followed_at(MEGA, k, anchor) for k in range(MEGA.followers)]
    assert anchor - dates[0] > 4.5 * year
    assert sum(date > anchor - year for date in dates) > 4 * sum(date < dates[0] + year for date in dates)
