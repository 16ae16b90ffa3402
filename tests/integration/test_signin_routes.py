"""The sign-in rules, each tested so that dropping the rule fails a test.

The app's Flask server and the sandbox run on a real loopback HTTP server; a requests.Session
plays the browser (cookies, redirects, consent forms).
"""

from urllib.parse import parse_qs, urlsplit

import msgspec
import requests

from providers.twitch.eventsub import WANTED
from sync.plans.twitch import SCOPES as TWITCH_SYNC_SCOPES
from tests.helpers.consent import answer_consent, sign_in

TRACE_MARKERS = ("Traceback", 'File "', "werkzeug.exceptions")


def session_id(http: requests.Session) -> str:
    return http.cookies["session"]


def stored_session(redis_client, key_prefix, http) -> dict | None:
    raw = redis_client.get(f"{key_prefix}session:{session_id(http)}")
    return msgspec.msgpack.decode(raw) if raw else None


def signed_in_accounts(redis_client, key_prefix, http) -> dict:
    """The accounts the app sees signed in for this browser: those its session's vault holds."""
    from core.vault import TokenVault, fernet_from

    vault_id = (stored_session(redis_client, key_prefix, http) or {}).get("vault")
    return TokenVault(redis_client, fernet_from("any"), key_prefix, ttl_seconds=60).accounts(vault_id)


def query(response: requests.Response) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(response.url).query).items()}


def test_twitch_sign_in_lands_on_the_dashboard(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(), requests.Session()
    landed = sign_in(http, base, "twitch")
    assert urlsplit(landed.url).path == "/twitch"
    account = signed_in_accounts(redis_client, key_prefix, http)["twitch"]
    assert account["sandbox"] is True
    assert account["id"]


def test_twitch_consent_asks_only_for_the_scopes_the_dashboards_and_the_stream_story_read(serve_flask):
    base, http = serve_flask(), requests.Session()
    consent = http.get(f"{base}/login/twitch")
    story = {wanted.scope for wanted in WANTED if wanted.scope} | {"user:bot"}  # an app token reads chat with it
    assert set(query(consent)["scope"].split()) == set(TWITCH_SYNC_SCOPES.values()) | story
    assert "channel:read:subscriptions" in consent.text and "user:read:email" not in consent.text


def test_x_sign_in_lands_on_the_dashboard(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(), requests.Session()
    landed = sign_in(http, base, "twitter", account="sandbox_creator")
    assert urlsplit(landed.url).path == "/twitter"
    account = signed_in_accounts(redis_client, key_prefix, http)["twitter"]
    assert (account["username"], account["name"]) == ("sandbox_creator", "Sandbox Creator")


def test_x_sign_in_needs_the_callback_confirmed(serve_flask, redis_client, key_prefix, monkeypatch):
    from sandbox.x import oauth as sandbox_oauth

    base, http = serve_flask(), requests.Session()
    real_form = sandbox_oauth.replies.form
    # An X that does not confirm the callback (the sandbox runs in this process, in a thread).
    monkeypatch.setattr(
        sandbox_oauth.replies,
        "form",
        lambda **fields: real_form(**{k: v for k, v in fields.items() if k != "oauth_callback_confirmed"}),
    )
    landed = http.get(f"{base}/login/twitter")
    assert query(landed) == {"notice": "failed", "provider": "twitter"}


def test_both_providers_share_one_session(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    sign_in(http, base, "twitter")
    assert set(signed_in_accounts(redis_client, key_prefix, http)) == {"twitch", "twitter"}


def test_twitch_state_mismatch_is_rejected(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(), requests.Session()
    consent = http.get(f"{base}/login/twitch")
    # Forge the state on the way back: the consent page redirects with whatever state it was given.
    forged = consent.url.replace("state=", "state=forged")
    landed = answer_consent(http, http.get(forged))
    assert query(landed)["notice"] == "failed"
    assert signed_in_accounts(redis_client, key_prefix, http) == {}


def test_twitch_callback_without_a_pending_sign_in_is_rejected(serve_flask):
    base, http = serve_flask(), requests.Session()
    landed = http.get(f"{base}/callback/twitch", params={"code": "abc", "state": "x" * 43})
    assert query(landed)["notice"] == "failed"


def test_a_replayed_twitch_callback_is_rejected(serve_flask):
    base, http = serve_flask(), requests.Session()
    landed = sign_in(http, base, "twitch")
    callback = next(r.url for r in landed.history if "/callback/twitch" in r.url)
    assert query(http.get(callback))["notice"] == "failed"
    http.get(f"{base}/login/twitch")  # even with a new sign-in pending, the old code is no good
    assert query(http.get(callback))["notice"] == "failed"


def test_x_request_token_mismatch_is_rejected(serve_flask):
    base, http = serve_flask(), requests.Session()
    consent = http.get(f"{base}/login/twitter")
    landed = answer_consent(http, consent, approve=True)
    callback = next(r.url for r in landed.history if "/callback/twitter" in r.url)
    http.get(f"{base}/login/twitter")  # a fresh pending sign-in with another request token
    forged = callback.replace("oauth_token=", "oauth_token=forged")
    assert query(http.get(forged))["notice"] == "failed"


def test_cancel_on_twitch_shows_the_friendly_message(serve_flask):
    base, http = serve_flask(), requests.Session()
    landed = sign_in(http, base, "twitch", approve=False)
    assert urlsplit(landed.url).path == "/" and query(landed) == {"notice": "cancelled", "provider": "twitch"}


def test_denied_on_x_shows_the_friendly_message(serve_flask):
    base, http = serve_flask(), requests.Session()
    landed = sign_in(http, base, "twitter", approve=False)
    assert query(landed) == {"notice": "cancelled", "provider": "twitter"}


def test_a_callback_for_the_other_provider_is_rejected(serve_flask, redis_client, key_prefix):
    """Mix-up defence: a Twitch sign-in is pending, an X callback arrives."""
    base, http = serve_flask(), requests.Session()
    http.get(f"{base}/login/twitch")
    landed = http.get(f"{base}/callback/twitter", params={"oauth_token": "t", "oauth_verifier": "v"})
    assert query(landed) == {"notice": "failed", "provider": "twitter"}


def test_next_must_be_a_local_path(serve_flask):
    base = serve_flask()
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        landed = sign_in(requests.Session(), base, "twitch", next_path=target)
        assert landed.url == f"{base}/twitch", target
    kept = sign_in(requests.Session(), base, "twitch", next_path="/twitch?range=90d")
    assert kept.url == f"{base}/twitch?range=90d"


def test_sign_in_gives_a_new_session_id(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(), requests.Session()
    http.get(f"{base}/login/twitch")
    before = session_id(http)
    answer_consent(http, http.get(f"{base}/login/twitch"))
    assert session_id(http) != before
    assert redis_client.get(f"{key_prefix}session:{before}") is None


def test_the_old_cookie_is_dead_after_sign_out(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    old_sid, old_vault = session_id(http), stored_session(redis_client, key_prefix, http)["vault"]
    landed = http.post(f"{base}/logout", data={"csrf_token": csrf_token(http, redis_client, key_prefix)})
    assert query(landed)["notice"] == "signed-out"
    assert redis_client.get(f"{key_prefix}session:{old_sid}") is None
    thief = requests.get(f"{base}/login/twitch", headers={"Cookie": f"session={old_sid}"}, allow_redirects=False)
    given = thief.cookies["session"]
    assert given != old_sid
    thief_vault = msgspec.msgpack.decode(redis_client.get(f"{key_prefix}session:{given}")).get("vault")
    assert thief_vault != old_vault and not redis_client.exists(f"{key_prefix}vault:{old_vault}")


def csrf_token(http, redis_client, key_prefix) -> str:
    """The sign-out form's token, made at sign-in (the navbar puts it in the form)."""
    return stored_session(redis_client, key_prefix, http)["csrf"]


def test_sign_out_needs_the_csrf_token(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    refused = http.post(f"{base}/logout", data={"csrf_token": "guess"})
    assert refused.status_code == 400
    assert "twitch" in signed_in_accounts(redis_client, key_prefix, http)


def test_sign_out_ends_this_browser_only_and_collection_keeps_its_tokens(serve_flask, redis_client, key_prefix):
    from requests_oauthlib import OAuth1

    from core.vault import TokenVault, fernet_from
    from sandbox import credentials

    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    sign_in(http, base, "twitter")
    stored = stored_session(redis_client, key_prefix, http)
    vault = TokenVault(redis_client, fernet_from("test-secret-key"), key_prefix, 60)
    access = vault.get(stored["vault"], "twitch")["access_token"]
    x_token = vault.get(stored["vault"], "twitter")
    x_auth = OAuth1(
        credentials.X_CONSUMER_KEY, credentials.X_CONSUMER_SECRET, x_token["oauth_token"], x_token["oauth_token_secret"]
    )

    def statuses():
        twitch = requests.get(f"{base}/sandbox/twitch/oauth2/validate", headers={"Authorization": f"OAuth {access}"})
        x = requests.get(f"{base}/sandbox/x/2/users/me", auth=x_auth)
        return twitch.status_code, x.status_code

    assert statuses() == (200, 200)
    http.post(f"{base}/logout", data={"csrf_token": csrf_token(http, redis_client, key_prefix)})
    assert redis_client.exists(f"{key_prefix}vault:{stored['vault']}") == 0  # this browser's tokens are gone
    # Not revoked: the tracked accounts collect with them ("Disconnect and delete my data" revokes).
    assert statuses() == (200, 200)


def test_no_token_is_stored_in_plain_text(serve_flask, redis_client, key_prefix):
    from core.vault import TokenVault, fernet_from

    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    sign_in(http, base, "twitter")
    stored = stored_session(redis_client, key_prefix, http)
    vault = TokenVault(redis_client, fernet_from("test-secret-key"), key_prefix, 60)
    secrets = [
        vault.get(stored["vault"], "twitch")["access_token"],
        vault.get(stored["vault"], "twitch")["refresh_token"],
        vault.get(stored["vault"], "twitter")["oauth_token"],
        vault.get(stored["vault"], "twitter")["oauth_token_secret"],
    ]
    app_keys = [k for k in redis_client.scan_iter(match=key_prefix + "*") if b"sandbox:" not in k]
    dump = b"".join(_value(redis_client, k) for k in app_keys)
    for secret in secrets:
        assert secret.encode() not in dump


def _value(client, key) -> bytes:
    kind = client.type(key)
    if kind == b"string":
        return client.get(key)
    if kind == b"hash":
        return b"".join(k + v for k, v in client.hgetall(key).items())
    return b""


def test_session_cookie_flags(serve_flask, redis_url, key_prefix):
    from factory import create_server
    from tests.helpers.config import app_config

    base, http = serve_flask(), requests.Session()
    cookie = http.get(f"{base}/login/twitch", allow_redirects=False).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    production = create_server(
        app_config(redis_url, key_prefix, environment="production", allowed_hosts=(".example.com",))
    )
    reply = production.test_client().get(
        "/login/twitch",
        headers={"Host": "dash.example.com", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    )
    assert "Secure" in reply.headers["Set-Cookie"]
    # Behind Heroku's router the redirect URI comes out as https on the host the router delivered.
    location = reply.headers["Location"]
    assert parse_qs(urlsplit(location).query)["redirect_uri"] == ["https://dash.example.com/callback/twitch"]


def test_idle_timeout_is_the_session_ttl(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(session_idle_minutes=5), requests.Session()
    sign_in(http, base, "twitch")
    assert 0 < redis_client.ttl(f"{key_prefix}session:{session_id(http)}") <= 300


def test_an_unchanged_session_slides_its_idle_timeout_once_a_minute_not_at_every_request(
    serve_flask, redis_client, key_prefix
):
    base, http = serve_flask(session_idle_minutes=5), requests.Session()
    sign_in(http, base, "twitch")
    key = f"{key_prefix}session:{session_id(http)}"
    redis_client.expire(key, 300 - 30)  # used 30 s ago: not rewritten yet
    http.get(f"{base}/twitch")
    assert redis_client.ttl(key) <= 270
    redis_client.expire(key, 300 - 90)  # used 90 s ago: the next request slides it back to 5 minutes
    http.get(f"{base}/twitch")
    assert redis_client.ttl(key) > 290


def test_absolute_timeout_signs_out(serve_flask, redis_client, key_prefix):
    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    stored = stored_session(redis_client, key_prefix, http)
    stored["started_at"] -= 13 * 3600
    redis_client.set(f"{key_prefix}session:{session_id(http)}", msgspec.msgpack.encode(stored), keepttl=True)
    http.get(f"{base}/login/twitter")
    assert signed_in_accounts(redis_client, key_prefix, http) == {}


def test_stored_session_data_is_never_unpickled(serve_flask, redis_client, key_prefix, tmp_path):
    import pickle

    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    redis_client.set(f"{key_prefix}session:{session_id(http)}", pickle.dumps(Exploit()), keepttl=True)
    reply = http.get(f"{base}/login/twitter")
    assert reply.status_code == 200 and not marker.exists()


def test_provider_failure_gives_a_friendly_message(serve_flask):
    base, http = serve_flask(), requests.Session()
    consent = http.get(f"{base}/login/twitch")
    requests.post(f"{base}/sandbox/_faults", json={"provider": "twitch", "status": 503})
    try:
        landed = answer_consent(http, consent)
    finally:
        requests.delete(f"{base}/sandbox/_faults")
    assert query(landed)["notice"] == "unavailable"
    assert not any(marker in landed.text for marker in TRACE_MARKERS)


def test_redis_going_away_gives_a_friendly_page(serve_flask):
    from tests.helpers.servers import free_port

    base = serve_flask(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    reply = requests.get(f"{base}/login/twitch", allow_redirects=False)
    assert reply.status_code == 503
    assert "try again" in reply.text and not any(marker in reply.text for marker in TRACE_MARKERS)


def test_sign_in_routes_are_rate_limited_per_client(serve_flask):
    base = serve_flask(login_rate_limit="3 per minute")
    codes = [requests.get(f"{base}/login/twitch", allow_redirects=False).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    # Other routes are not throttled by it.
    assert all(requests.get(f"{base}/sandbox/twitch/oauth2/validate").status_code == 401 for _ in range(5))


def test_a_request_that_outlives_sign_out_does_not_restore_the_session(
    serve_flask, redis_url, key_prefix, redis_client
):
    """A Dash callback loads the session, the person signs out, then the callback's reply is saved."""
    from flask import request as flask_request

    from factory import create_server
    from tests.helpers.config import app_config

    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    sid = session_id(http)
    server = create_server(app_config(redis_url, key_prefix))
    interface = server.session_interface
    with server.test_request_context("/_dash-update-component", headers={"Cookie": f"session={sid}"}):
        in_flight = interface.open_session(server, flask_request)
        assert in_flight["vault"]
        http.post(f"{base}/logout", data={"csrf_token": csrf_token(http, redis_client, key_prefix)})
        interface.save_session(server, in_flight, server.response_class())
    assert redis_client.get(f"{key_prefix}session:{sid}") is None


def test_a_sign_in_that_ended_stays_ended_whatever_concurrent_callbacks_save(serve_flask, redis_url, key_prefix):
    """Dash callbacks of one page overlap the sync job that found X's token dead (401, code 89): each
    callback saves, at its end, the session it loaded before the job ended the X sign-in."""
    from factory import create_server
    from tests.helpers.config import app_config
    from web import accounts

    base, http = serve_flask(), requests.Session()
    sign_in(http, base, "twitch")
    sign_in(http, base, "twitter", account="sandbox_creator")
    server = create_server(app_config(redis_url, key_prefix))
    cookie = {"Cookie": f"session={session_id(http)}"}

    def callback_request():
        return server.test_request_context("/_dash-update-component", method="POST", headers=cookie)

    runtime = server.extensions["runtime"]
    with callback_request():  # a panel's callback
        assert set(accounts.signed_in()) == {"twitch", "twitter"}
        with callback_request():  # the sync outcome's callback, begun before the job's end was stored
            assert set(accounts.signed_in()) == {"twitch", "twitter"}
            runtime.vault.remove(stored_session(runtime.redis, key_prefix, http)["vault"], "twitter")  # the job
            server.process_response(server.response_class())
        server.process_response(server.response_class())
    with callback_request():  # any later request: the navbar, the /twitter page, the next callback
        assert set(accounts.signed_in()) == {"twitch"}
        assert accounts.account("twitter") is None and accounts.token("twitter") is None


def test_a_hanging_provider_gets_a_clear_message_within_heroku_s_window(serve_flask):
    base = serve_flask()
    for provider in ("twitch", "twitter"):
        http = requests.Session()
        consent = http.get(f"{base}/login/{provider}")
        requests.post(
            f"{base}/sandbox/_faults", json={"provider": "x" if provider == "twitter" else provider, "hang_seconds": 12}
        )
        try:
            # The token exchange hangs; the app must answer before Heroku's router gives up.
            landed = answer_consent(http, consent, timeout=25)
        finally:
            requests.delete(f"{base}/sandbox/_faults")
        assert query(landed) == {"notice": "unavailable", "provider": provider}
