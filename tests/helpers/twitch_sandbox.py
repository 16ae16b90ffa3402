"""Tokens and clients for the Twitch sandbox, obtained over HTTP as the app would (no browser)."""

import time
from urllib.parse import parse_qs, urlsplit

import requests

from providers.refresh import TokenKeeper
from providers.twitch import TwitchApp
from providers.twitch.client import TwitchClient
from sandbox.credentials import TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET
from sandbox.twitch import crowd

REDIRECT_URI = "http://127.0.0.1:9/callback/twitch"  # never followed: redirects are read, not taken
ALL_SCOPES = "user:read:email moderator:read:followers channel:read:subscriptions bits:read channel:read:goals"


def consent(base, login, decision="authorize", scope=ALL_SCOPES, state="st4te", redirect_uri=REDIRECT_URI):
    """Submit the consent form as a browser would; returns the query of the redirect back."""
    reply = requests.post(
        f"{base}/oauth2/authorize",
        allow_redirects=False,
        data={
            "response_type": "code",
            "client_id": TWITCH_CLIENT_ID,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": state,
            "account": login,
            "decision": decision,
        },
    )
    assert reply.status_code == 302
    location = urlsplit(reply.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == redirect_uri
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def exchange(base, code, redirect_uri=REDIRECT_URI):
    return requests.post(
        f"{base}/oauth2/token",
        data={
            "client_id": TWITCH_CLIENT_ID,
            "client_secret": TWITCH_CLIENT_SECRET,
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": redirect_uri,
        },
    )


def sign_in(base, login, scope=ALL_SCOPES) -> dict:
    reply = exchange(base, consent(base, login, scope=scope)["code"])
    assert reply.status_code == 200, reply.text
    return reply.json()


def sandbox_app(server_url: str) -> TwitchApp:
    base = server_url + "/sandbox/twitch"
    return TwitchApp(TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET, base, base + "/helix", "http://127.0.0.1:9/cb", (), True)


def sandbox_token(server_url: str, login: str) -> dict:
    reply = sign_in(server_url + "/sandbox/twitch", login)
    return {
        "access_token": reply["access_token"],
        "refresh_token": reply["refresh_token"],
        "scopes": list(reply.get("scope") or []),
        "validated_at": time.time(),
    }


def app_token(base: str) -> dict:
    """An app access token by the client-credentials grant (the token endpoint's reply)."""
    reply = requests.post(
        f"{base}/oauth2/token",
        data={"client_id": TWITCH_CLIENT_ID, "client_secret": TWITCH_CLIENT_SECRET, "grant_type": "client_credentials"},
        timeout=30,
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


def helix_get(base: str, token: str, path: str, **params) -> requests.Response:
    """GET a Helix path of the sandbox at ``base`` (…/sandbox/twitch) with the token and Client-Id."""
    headers = {"Authorization": f"Bearer {token}", "Client-Id": TWITCH_CLIENT_ID}
    return requests.get(f"{base}/helix{path}", params=params, headers=headers, timeout=30)


def helix_all(base: str, token: str, path: str, **params) -> list[dict]:
    """Every item of a paged Helix list, following ``after`` cursors to the end."""
    items, cursor = [], None
    while True:
        reply = helix_get(base, token, path, **params, **({"after": cursor} if cursor else {}))
        assert reply.status_code == 200, reply.text
        body = reply.json()
        items.extend(body["data"])
        cursor = body.get("pagination", {}).get("cursor")
        if not cursor:
            return items


def crowd_login(n: int) -> str:
    """The login of crowd account ``n`` (1 to 9,999), e.g. crowd_0042."""
    return crowd.login(n)


def crowd_token(server_url: str, n: int) -> dict:
    """A token for crowd account ``n``, by the consent form and the code exchange (no browser)."""
    return sandbox_token(server_url, crowd_login(n))


class VaultBox:
    """A shared token cell standing in for one vault entry, with a refresh lock in the test Redis."""

    def __init__(self, token: dict, redis_client, prefix: str):
        self.token, self.redis, self.prefix = token, redis_client, prefix

    def keeper(self) -> TokenKeeper:
        return TokenKeeper(
            lambda: self.token, self._save, self.redis, f"{self.prefix}lock:twitch-refresh:test", forget=self._forget
        )

    def _save(self, new):
        self.token = new

    def _forget(self):
        self.token = None

    def client(self, app: TwitchApp) -> TwitchClient:
        return TwitchClient(app, dict(self.token), self.keeper())
