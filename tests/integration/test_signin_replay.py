"""The page "How your sign-in worked" after a real sign-in through the sandbox over HTTP.

The app (its pages too) runs on a real loopback HTTP server with the sandbox; a requests.Session plays the
browser. The secrets scan looks for each whole secret of the sign-in in the page, Dash's layout of it, the
stored replay and the logs.
"""

import logging
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from core.vault import TokenVault, fernet_from
from providers.redaction import redact
from sandbox import credentials
from sync.cache.signin_replays import KEY, add_first, load, save_sign_in
from sync.runtime import lookup
from tests.helpers.consent import answer_consent, sign_in
from tests.helpers.sessions import csrf_token, stored_session

REPLAY_PATHS = {"twitter": "/signin-explained/twitter", "twitch": "/signin-explained/twitch"}


def page_text(http: requests.Session, base: str, provider: str) -> str:
    """The replay page's HTML (its first paint carries the filled page) as plain text."""
    page = http.get(base + REPLAY_PATHS[provider])
    assert page.status_code == 200
    return unescape(re.sub(r"<[^>]+>", " ", page.text))


def callback_query(landed: requests.Response, provider: str) -> dict:
    callback = next(r.url for r in landed.history if f"/callback/{provider}" in r.url)
    return {name: values[0] for name, values in parse_qs(urlsplit(callback).query).items()}


def vault_token(redis_client, key_prefix, http, provider: str) -> dict:
    vault = TokenVault(redis_client, fernet_from("test-secret-key"), key_prefix, 60)
    return vault.get(stored_session(redis_client, key_prefix, http)["vault"], provider)


def test_x_sign_in_is_replayed_step_by_step_with_its_signature_taken_apart(dash_server):
    base = dash_server
    http = requests.Session()
    sign_in(http, base, "twitter", account="sandbox_creator")
    text = page_text(http, base, "twitter")
    titles = [
        "Request token (temporary credentials)",
        "Authorize redirect",
        "At X",
        "Verifier returned",
        "Access token exchange",
        "First request as you",
        "Signed in",
        "At disconnect: the token invalidated",
    ]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)  # in the order they happened
    assert "POST http://127.0.0.1" in text and "/sandbox/x/oauth/access_token" in text
    assert "@sandbox_creator" in text and "a sandbox account" in text
    assert re.search(r"X answered in \d+\.\d ms", text)  # measured, not made up
    assert "POST&http%3A%2F%2F127.0.0.1" in text  # the signature base string
    assert text.count("it is the oauth_signature the request carried") == 3  # recomputed, for each signed step
    html = http.get(base + REPLAY_PATHS["twitter"]).text
    assert "rfc5849#section-2.3" in html
    assert len(re.findall(r"<details[^>]* open>", html)) == 1  # painted first with the access token's signature open


def test_twitch_sign_in_is_replayed_with_state_scopes_and_expiry(dash_server):
    base = dash_server
    http = requests.Session()
    sign_in(http, base, "twitch")
    text = page_text(http, base, "twitch")
    titles = [
        "state made",
        "Authorization request",
        "At Twitch",
        "Authorization code returned",
        "state checked",
        "Token exchange",
        "Token validation",
        "First request as you",
        "Signed in",
        "The first refresh",
        "The first hourly validation",
        "At disconnect: the token revoked",
    ]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "256 random bits" in text
    assert "Scopes granted: moderator:read:followers" in text
    assert re.search(r"Access token good for \d+ min \d+ s", text)
    assert "grant_type" in text and "authorization_code" in text
    assert text.count("Not yet:") == 2  # the refresh and the hourly validation have not happened
    page = http.get(base + REPLAY_PATHS["twitch"]).text
    assert "rfc6749#section-4.1.3" in page and "rfc9700#section-2.1.1" in page  # PKCE: why not


def test_no_whole_secret_reaches_the_page_its_layout_the_store_or_the_logs(
    dash_server, redis_client, key_prefix, caplog
):
    base = dash_server
    caplog.set_level(logging.DEBUG, logger="web")
    caplog.set_level(logging.DEBUG, logger="providers")
    caplog.set_level(logging.DEBUG, logger="sync")
    caplog.set_level(logging.DEBUG, logger="callbacks")
    caplog.set_level(logging.INFO)
    http = requests.Session()
    consent = http.get(f"{base}/login/twitter")
    vault = TokenVault(redis_client, fernet_from("test-secret-key"), key_prefix, 60)
    pending = vault.get(stored_session(redis_client, key_prefix, http)["vault"], "pending:twitter")
    x_back = callback_query(answer_consent(http, consent, "sandbox_creator"), "twitter")
    twitch_back = callback_query(sign_in(http, base, "twitch"), "twitch")
    x_token = vault_token(redis_client, key_prefix, http, "twitter")
    twitch_token = vault_token(redis_client, key_prefix, http, "twitch")
    secrets = {
        "X access token": x_token["oauth_token"],
        "X token secret": x_token["oauth_token_secret"],
        "X verifier": x_back["oauth_verifier"],
        "X request token": x_back["oauth_token"],
        "X request token secret": pending["request_secret"],
        "X consumer key": credentials.X_CONSUMER_KEY,
        "X consumer secret": credentials.X_CONSUMER_SECRET,
        "Twitch access token": twitch_token["access_token"],
        "Twitch refresh token": twitch_token["refresh_token"],
        "Twitch code": twitch_back["code"],
        "Twitch state": twitch_back["state"],
        "Twitch client secret": credentials.TWITCH_CLIENT_SECRET,
    }
    seen = {}
    for provider, path in REPLAY_PATHS.items():
        page = http.get(base + path)
        layout = http.get(base + "/_dash-layout", headers={"Referer": base + path})
        assert layout.status_code == 200 and "signin-steps" in layout.text  # the filled page, not an empty one
        seen[f"{provider} page"], seen[f"{provider} layout"] = page.text, layout.text
    for key in redis_client.scan_iter(match=key_prefix + KEY.format(p="*", a="*")):
        seen[key.decode()] = b"".join(redis_client.hvals(key)).decode()
    assert len(seen) == 6  # two pages, two layouts, two stored replays
    seen["logs"] = "\n".join(record.getMessage() for record in caplog.records)
    for what, secret in secrets.items():
        assert len(secret) >= 8, what
        for where, text in seen.items():
            assert secret not in text, f"the whole {what} is in the {where}"
        assert redact(secret) in seen["twitter page"] + seen["twitch page"], f"the {what} is not shown cut"


def test_only_the_latest_sign_in_is_kept_and_disconnect_deletes_it(dash_server, redis_client, key_prefix):
    base = dash_server
    http = requests.Session()
    first = callback_query(sign_in(http, base, "twitch"), "twitch")
    user_id = _account_id(redis_client, key_prefix, http)
    again = callback_query(sign_in(http, base, "twitch"), "twitch")
    kept = load(redis_client, key_prefix, "twitch", user_id)
    codes = [value for step in kept["steps"] for name, value in step.get("query", []) if name == "code"]
    assert codes and set(codes) == {again["code"][:4] + "…"} != {first["code"][:4] + "…"}
    assert [step["kind"] for step in kept["steps"]].count("token-exchange") == 1
    landed = http.post(
        f"{base}/disconnect/twitch",
        data={"csrf_token": csrf_token(redis_client, key_prefix, http), "confirm": "delete"},
    )
    assert "notice=deleted" in landed.url
    assert load(redis_client, key_prefix, "twitch", user_id) is None
    assert "Sign in with Twitch, then see it step by step" in page_text(http, base, "twitch")


def _account_id(redis_client, key_prefix, http) -> str:
    vault = TokenVault(redis_client, fernet_from("test-secret-key"), key_prefix, 60)
    return vault.accounts(stored_session(redis_client, key_prefix, http)["vault"])["twitch"]["id"]


def test_the_first_hourly_validation_and_refresh_join_the_replay_when_they_happen(
    dash_server, redis_client, key_prefix
):
    from sync.jobs.clients import twitch_client_for

    base, runtime = dash_server, lookup(key_prefix)
    http = requests.Session()
    sign_in(http, base, "twitch")
    user_id = _account_id(redis_client, key_prefix, http)
    client = twitch_client_for(runtime, stored_session(redis_client, key_prefix, http)["vault"], user_id)
    client.token = {**client.token, "validated_at": 0}  # an hour and more ago
    client.ensure_valid()
    # Twitch refuses the access token once: the client refreshes it and asks again.
    faults = {"provider": "twitch", "status": 401, "count": 1, "paths": ["/helix/users"]}
    requests.post(f"{base}/sandbox/_faults", json=faults).raise_for_status()
    client.get("users", {})
    later = load(redis_client, key_prefix, "twitch", user_id)["later"]
    assert later["validation"]["status"] == 200 and later["validation"]["address"].endswith("/oauth2/validate")
    assert later["refresh"]["status"] == 200
    assert ["grant_type", "refresh_token"] in later["refresh"]["form"]
    refreshed = client.token["access_token"]
    assert refreshed[:4] + "…" in dict(later["refresh"]["reply"])["access_token"] and refreshed not in str(later)
    text = page_text(http, base, "twitch")
    assert "Not yet:" not in text
    assert re.search(r"The first refresh .{0,80}Twitch answered in \d+\.\d ms", text, re.S)


def test_a_later_step_is_added_once_and_only_to_a_kept_sign_in(redis_client, key_prefix):
    step = {"kind": "refresh", "status": 200}
    assert add_first(redis_client, key_prefix, "twitch", "42", "refresh", step) is False  # no sign-in kept
    assert not redis_client.exists(key_prefix + KEY.format(p="twitch", a="42"))
    save_sign_in(redis_client, key_prefix, "twitch", "42", {"provider": "twitch", "steps": []})
    assert add_first(redis_client, key_prefix, "twitch", "42", "refresh", step) is True
    assert add_first(redis_client, key_prefix, "twitch", "42", "refresh", {**step, "status": 500}) is False
    assert load(redis_client, key_prefix, "twitch", "42")["later"] == {"refresh": step}
    assert 0 < redis_client.ttl(key_prefix + KEY.format(p="twitch", a="42")) <= 30 * 86_400
    save_sign_in(redis_client, key_prefix, "twitch", "42", {"provider": "twitch", "steps": []})  # a new sign-in
    assert load(redis_client, key_prefix, "twitch", "42")["later"] == {}


@pytest.mark.parametrize("provider", ["twitter", "twitch"])
def test_signed_out_or_never_recorded_the_page_explains_instead_of_failing(
    dash_server, provider, redis_client, key_prefix
):
    base = dash_server
    http = requests.Session()
    text = page_text(http, base, provider)
    assert "then see it step by step" in text and "Traceback" not in text
    sign_in(http, base, provider, account="sandbox_creator" if provider == "twitter" else None)
    for key in redis_client.scan_iter(match=key_prefix + KEY.format(p=provider, a="*")):
        redis_client.delete(key)  # as if signed in before this page existed
    text = page_text(http, base, provider)
    assert "to replay yet" in text and "Traceback" not in text
    assert f"/login/{provider}?next={REPLAY_PATHS[provider]}" in http.get(base + REPLAY_PATHS[provider]).text


def test_a_step_that_cannot_be_recorded_costs_the_replay_that_step_never_the_sign_in(
    dash_server, redis_client, key_prefix, monkeypatch, caplog
):
    from providers.x import signature

    def broken(*_args):
        raise ValueError("a request the explanation does not understand")

    monkeypatch.setattr(signature, "explain", broken)  # the app's server runs in this process, in a thread
    http = requests.Session()
    landed = sign_in(http, dash_server, "twitter", account="sandbox_creator")
    assert urlsplit(landed.url).path == "/twitter"
    assert "A sign-in step was not recorded: ValueError" in caplog.text
    text = page_text(http, dash_server, "twitter")
    assert "Verifier returned" in text and "Access token exchange" not in text  # the rest is there
