"""Tokens and clients for the Twitch sandbox, obtained over HTTP as the app would (no browser)."""
import time

from providers.refresh import TokenKeeper
from sandbox.credentials import TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET
from providers.twitch import TwitchApp
from providers.twitch.client import TwitchClient
from tests.sandbox.test_twitch_sandbox import sign_in


def sandbox_app(server_url: str) -> TwitchApp:
    base = server_url + "/sandbox/twitch"
    return TwitchApp(TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET, base, base + "/helix", "http://127.0.0.1:9/cb", (), True)


def sandbox_token(server_url: str, login: str) -> dict:
    reply = sign_in(server_url + "/sandbox/twitch", login)
    return {"access_token": reply["access_token"], "refresh_token": reply["refresh_token"],
            "scopes": list(reply.get("scope") or []), "validated_at": time.time()}


class VaultBox:
    """A shared token cell standing in for one vault entry, with a refresh lock in the test Redis."""

    def __init__(self, token: dict, redis_client, prefix: str):
        self.token, self.redis, self.prefix = token, redis_client, prefix

    def keeper(self) -> TokenKeeper:
        return TokenKeeper(lambda: self.token, self._save, self.redis, f"{self.prefix}lock:twitch-refresh:test",
                           forget=self._forget)

    def _save(self, new):
        self.token = new

    def _forget(self):
        self.token = None

    def client(self, app: TwitchApp) -> TwitchClient:
        return TwitchClient(app, dict(self.token), self.keeper())
