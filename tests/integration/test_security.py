"""The app under attack, over real HTTP: no request-steered calls, security headers, request limits,
strict callback bodies, no open redirect through the sandbox, honest statuses."""

import json
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from requests_oauthlib import OAuth1Session

from sandbox.credentials import TWITCH_CLIENT_ID, X_CONSUMER_KEY, X_CONSUMER_SECRET
from tests.helpers.config import app_config
from tests.helpers.consent import sign_in
from tests.helpers.servers import LiveServer, free_port

TRACE_MARKERS = ("Traceback", 'File "', "werkzeug.exceptions", "KeyError", "TypeError")


class Trap:
    """A server that only records who called it: no call of ours may ever reach it."""

    def __init__(self):
        self.calls: list[str] = []
        self._lock = threading.Lock()
        app = Flask("trap")

        @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
        @app.route("/<path:path>", methods=["GET", "POST"])
        def record(path):
            with self._lock:
                self.calls.append("/" + path)
            return {"data": [{"id": "666", "login": "forged", "title": "FORGED BY ANOTHER USER"}]}

        self.server = LiveServer(app)
        self.host = f"127.0.0.1:{self.server.port}"


@pytest.fixture
def trap():
    found = Trap()
    yield found
    found.server.stop()


@pytest.fixture
def app_server(redis_url, key_prefix):
    """The Flask server of the app (no Dash pages) on a real port, and the server object itself."""
    from factory import create_server

    port = free_port()
    server = create_server(app_config(redis_url, key_prefix, port=port))
    live = LiveServer(server, port)
    yield live.url, server
    live.stop()


# 1. No destination of a server-side call comes from the request -----------------------------------


def test_a_forged_host_cannot_steer_the_x_request_token_call(app_server, trap):
    base, _ = app_server
    for headers in ({"Host": trap.host}, {"X-Forwarded-Host": trap.host}):
        reply = requests.get(f"{base}/login/twitter", headers=headers, allow_redirects=False)
        assert reply.status_code == 302
        assert "/sandbox/x/oauth/authenticate?oauth_token=" in reply.headers["Location"]
    assert trap.calls == []


def test_a_sync_started_under_a_forged_host_calls_the_configured_sandbox(app_server, trap, redis_client, key_prefix):
    from sync.jobs.runner import sync_job
    from sync.runtime import lookup
    from web.background import identity

    base, server = app_server
    http = requests.Session()
    sign_in(http, base, "twitch", account="sandbox_streamer")
    # The request that starts a sync, as the job manager sees it: with a Host the attacker chose.
    with server.test_request_context(
        "/_dash-update-component",
        method="POST",
        base_url=f"http://{trap.host}",
        headers={"Cookie": f"session={http.cookies['session']}", "X-Forwarded-Host": trap.host},
    ):
        who = identity(key_prefix)
    assert who["accounts"]["twitch"]
    result = sync_job("twitch", who, ["profile", "videos"], lambda *progress: None)
    assert result["outcomes"] == {"profile": "ok", "videos": "ok"}
    assert trap.calls == []
    stored = lookup(key_prefix).store.get("twitch", who["accounts"]["twitch"], "videos", type=list)
    assert stored and all("FORGED" not in str(video) for video in stored)


def test_production_refuses_hosts_it_does_not_serve_and_ignores_forwarded_hosts(redis_url, key_prefix):
    from factory import create_server

    server = create_server(
        app_config(redis_url, key_prefix, environment="production", front_end_url="https://dash.example.com")
    )
    client = server.test_client()
    https = {"X-Forwarded-Proto": "https"}
    assert client.get("/login/twitch", headers={"Host": "evil.example", **https}).status_code == 400
    reply = client.get(
        "/login/twitch", headers={"Host": "dash.example.com", "X-Forwarded-Host": "evil.example", **https}
    )
    assert reply.status_code == 302
    location = urlsplit(reply.headers["Location"])
    assert location.hostname == "dash.example.com"
    assert parse_qs(location.query)["redirect_uri"] == ["https://dash.example.com/callback/twitch"]


# 2. Security headers --------------------------------------------------------------------------------


def _assert_hardened(reply: requests.Response):
    csp = reply.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "'unsafe-eval'" not in csp
    assert reply.headers.get("X-Content-Type-Options") == "nosniff"
    assert reply.headers.get("X-Frame-Options") == "DENY"
    assert reply.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"


def test_every_kind_of_response_carries_the_security_headers(live_app):
    # a script bundle of Dash's, and our joined script and stylesheet, as the page names them
    page = requests.get(live_app + "/").text
    bundles = re.findall(r'"(/_dash-component-suites/dash/deps/react@[^"]+|/_bundle/[^"]+)"', page)
    assert len(bundles) == 3
    for path in (
        "/",
        "/twitch",
        "/twitter",
        "/no-such-page",
        "/login/twitch",
        "/healthz",
        "/_dash-layout",
        "/_dash-dependencies",
        "/sandbox/twitch/helix/users",
        *bundles,
    ):
        reply = requests.get(live_app + path, allow_redirects=False)
        _assert_hardened(reply)
        assert "Strict-Transport-Security" not in reply.headers  # http in development: no HSTS
    index = requests.get(live_app + "/twitch")
    csp = index.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp  # Dash's inline renderer start, by hash, nothing broader
    # A page carries the person's numbers (its first paint), so does the layout: never in a shared cache.
    for path in ("/twitch", "/_dash-layout"):
        assert requests.get(live_app + path).headers["Cache-Control"] == "private, no-cache"
    assert "public" in requests.get(live_app + bundles[0]).headers["Cache-Control"]  # a bundle keeps its own


def test_production_sends_hsts_and_redirects_plain_http(redis_url, key_prefix):
    from factory import create_server

    server = create_server(
        app_config(redis_url, key_prefix, environment="production", front_end_url="https://dash.example.com")
    )
    client = server.test_client()
    secure = client.get("/login/twitch", headers={"Host": "dash.example.com", "X-Forwarded-Proto": "https"})
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    plain = client.get("/login/twitch", headers={"Host": "dash.example.com"})
    assert plain.status_code in (301, 302) and plain.headers["Location"].startswith("https://")


# 3 and 4. Request size and malformed callback bodies -------------------------------------------------


def test_a_huge_callback_body_is_refused_with_413(live_app):
    body = b'{"output": "' + b"x" * (8 * 1024 * 1024) + b'"}'
    reply = requests.post(live_app + "/_dash-update-component", data=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 413


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "body",
    [
        "[]",
        "{}",
        "null",
        '"text"',
        "not json",
        json.dumps({"output": "no-such.children", "outputs": {"id": "x", "property": "children"}, "inputs": []}),
        json.dumps(
            {
                "output": "twitch-synced.data",
                "outputs": {"id": "twitch-synced", "property": "data"},
                "inputs": {"id": "twitch-sync-request"},
            }
        ),
        json.dumps(
            {"output": "twitch-synced.data", "outputs": {"id": "twitch-synced", "property": "data"}, "inputs": [7]}
        ),
        "[" * 100_000 + "]" * 100_000,
        json.dumps(
            {
                "output": "twitch-synced.data",
                "outputs": [],
                "inputs": [],
                "state": [{"id": {"a": nested(50)}, "property": "p"}],
            }
        ),
    ],
    ids=[
        "list",
        "empty",
        "null",
        "string",
        "not-json",
        "unknown-output",
        "inputs-object",
        "inputs-number",
        "deep-nesting",
        "deep-state",
    ],
)
def test_malformed_callback_bodies_are_client_errors(live_app, body):
    reply = requests.post(live_app + "/_dash-update-component", data=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400, reply.text[:300]
    assert not any(marker in reply.text for marker in TRACE_MARKERS)


def test_a_well_formed_callback_still_answers(live_app):
    body = {
        "output": "twitch-alerts.children",
        "outputs": {"id": "twitch-alerts", "property": "children"},
        "inputs": [{"id": "twitch-synced", "property": "data", "value": {"at": 1, "error": "Twitch is down"}}],
        "changedPropIds": ["twitch-synced.data"],
        "state": [{"id": "twitch-sync-request", "property": "data", "value": None}],
    }
    reply = requests.post(live_app + "/_dash-update-component", json=body)
    assert reply.status_code == 200 and "Twitch is down" in reply.text


# 5. The public sandbox is no open redirect ----------------------------------------------------------


@pytest.fixture
def production_sandbox(redis_url, key_prefix):
    """A production-shaped app with SANDBOX=1, as the Heroku button deploys it."""
    from factory import create_server

    port = free_port()
    server = create_server(
        app_config(redis_url, key_prefix, environment="production", port=port, allowed_hosts=("127.0.0.1",))
    )
    live = LiveServer(server, port)
    yield live.url
    live.stop()


def test_x_sandbox_consent_never_sends_the_browser_elsewhere(production_sandbox):
    base = production_sandbox + "/sandbox/x"
    anywhere = OAuth1Session(X_CONSUMER_KEY, X_CONSUMER_SECRET, callback_uri="https://evil.example/steal")
    refused = anywhere.post(base + "/oauth/request_token")
    assert refused.status_code == 403  # not the registered callback path
    lookalike = OAuth1Session(X_CONSUMER_KEY, X_CONSUMER_SECRET, callback_uri="https://evil.example/callback/twitter")
    token = lookalike.fetch_request_token(base + "/oauth/request_token")["oauth_token"]
    for page in ("authorize", "authenticate"):
        shown = requests.get(f"{base}/oauth/{page}", params={"oauth_token": token}, allow_redirects=False)
        assert shown.status_code == 400
    for decision in ("authorize", "cancel"):
        answered = requests.post(
            base + "/oauth/authorize",
            allow_redirects=False,
            data={"oauth_token": token, "account": "sandbox_creator", "decision": decision},
        )
        assert answered.status_code == 400 and "evil.example" not in answered.headers.get("Location", "")


def test_twitch_sandbox_consent_never_sends_the_browser_elsewhere(production_sandbox):
    base = production_sandbox + "/sandbox/twitch"
    ask = {"response_type": "code", "client_id": TWITCH_CLIENT_ID, "scope": "bits:read", "state": "s"}
    for target in ("https://evil.example/callback/twitch", production_sandbox + "/elsewhere"):
        shown = requests.get(base + "/oauth2/authorize", params={**ask, "redirect_uri": target}, allow_redirects=False)
        assert shown.status_code == 400
        for decision in ("authorize", "cancel"):
            answered = requests.post(
                base + "/oauth2/authorize",
                allow_redirects=False,
                data={**ask, "redirect_uri": target, "account": "sandbox_streamer", "decision": decision},
            )
            assert answered.status_code == 400 and "Location" not in answered.headers
    ours = requests.get(
        base + "/oauth2/authorize",
        allow_redirects=False,
        params={**ask, "redirect_uri": production_sandbox + "/callback/twitch"},
    )
    assert ours.status_code == 200


# 6. Honest statuses ----------------------------------------------------------------------------------


def test_unknown_paths_are_404_with_the_friendly_page_and_get_logout_is_405(live_app):
    for path in ("/no-such-page", "/console", "/twitch/extra", "/not-found-404"):
        reply = requests.get(live_app + path)
        assert reply.status_code == 404, path
        assert 'id="react-entry-point"' in reply.text  # Dash's page, which draws the friendly message
    for path in ("/", "/twitch", "/twitter", "/twitch/"):
        assert requests.get(live_app + path).status_code == 200, path
    wrong_method = requests.get(live_app + "/logout")
    assert wrong_method.status_code == 405 and not any(m in wrong_method.text for m in TRACE_MARKERS)
    assert requests.get(live_app + "/_dash-update-component").status_code == 405
    assert requests.get(live_app + "/favicon.ico").headers["Content-Type"] == "image/x-icon"


# 12 and 13. Connections and health ------------------------------------------------------------------


def test_one_process_holds_a_bounded_pool_and_waits_instead_of_opening_more(redis_url, key_prefix):
    import redis

    from core.connections import connect

    store = connect(app_config(redis_url, key_prefix, redis_max_connections=3))
    pool = store.client.connection_pool
    assert isinstance(pool, redis.BlockingConnectionPool) and pool.max_connections == 3
    held = [pool.get_connection("PING") for _ in range(3)]
    waiter = threading.Thread(target=lambda: store.client.ping())
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive()  # a fourth caller waits for a free connection...
    pool.release(held.pop())
    waiter.join(5)
    assert not waiter.is_alive()  # ...and goes on as soon as one is free
    for connection in held:
        pool.release(connection)


def _entry(component_id: str, prop: str) -> dict | list:
    """What a browser sends for one component property: a pattern's ALL as a list (here empty), MATCH as one."""
    if not component_id.startswith("{"):
        return {"id": component_id, "property": prop, "value": None}
    pattern = json.loads(component_id)
    if any(value == ["ALL"] or value == ["ALLSMALLER"] for value in pattern.values()):
        return []
    return {"id": {k: "twitch" if isinstance(v, list) else v for k, v in pattern.items()}, "property": prop}


def _callback_bodies(live_app) -> dict[str, dict]:
    """A well-formed body for every server-side callback the app publishes (as Dash's renderer sends it)."""
    bodies = {}
    for dependency in requests.get(live_app + "/_dash-dependencies").json():
        if dependency.get("clientside_function"):
            continue
        key = dependency["output"]
        named = key[2:-2].split("...") if key.startswith("..") else [key]
        outputs = [_entry(*name.rsplit(".", 1)) for name in named]
        bodies[key] = {
            "output": key,
            "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [_entry(i["id"], i["property"]) for i in dependency["inputs"]],
            "state": [_entry(s["id"], s["property"]) for s in dependency["state"]],
            "changedPropIds": [],
        }
    return bodies


TAMPERINGS = {
    "one-state-more": lambda body: {**body, "state": [*body["state"], {"id": "x", "property": "data", "value": 1}]},
    "one-input-less": lambda body: {**body, "inputs": body["inputs"][:-1]},
    "an-input-renamed": lambda body: {
        **body,
        "inputs": [{**body["inputs"][0], "property": "title"}, *body["inputs"][1:]]
        if isinstance(body["inputs"][0], dict)
        else [{"id": "x", "property": "title"}],
    },
    "another-output": lambda body: {
        **body,
        "outputs": [{"id": "elsewhere", "property": "children"}]
        if isinstance(body["outputs"], list)
        else {"id": "elsewhere", "property": "children"},
    },
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_callback_bodies_that_do_not_match_their_callback_are_client_errors(live_app, tampering):
    bodies = _callback_bodies(live_app)
    assert len(bodies) >= 15  # every server-side callback of both dashboards, the overview and the shell
    answered = {}
    for key, body in bodies.items():
        reply = requests.post(live_app + "/_dash-update-component", json=TAMPERINGS[tampering](body))
        answered[key] = reply.status_code
        assert not any(marker in reply.text for marker in TRACE_MARKERS)
    assert set(answered.values()) == {400}, {key: status for key, status in answered.items() if status != 400}


def test_callback_bodies_as_the_browser_sends_them_are_not_refused(live_app):
    """The check above refuses no body that matches its callback (their values are empty: nobody signed in)."""
    for key, body in _callback_bodies(live_app).items():
        reply = requests.post(live_app + "/_dash-update-component", json=body)
        assert reply.status_code in (200, 204), (key, reply.status_code, reply.text[:200])
