"""The Helix client: one HTTP session, timeouts, rate-limit headers read, 401 answered by one refresh."""
import logging
from datetime import datetime, timezone
from typing import Callable

import requests

from providers.errors import ProviderUnavailable, RateLimited, SignInExpired
from providers.http import TIMEOUT, new_session

from . import TwitchApp
from . import auth
from .records import TwitchUser

log = logging.getLogger(__name__)

PROVIDER = "twitch"
_http = new_session()


class TwitchClient:
    def __init__(self, app: TwitchApp, token: dict, on_new_token: Callable[[dict], None] | None = None):
        self.app = app
        self.token = token
        self.on_new_token = on_new_token
        self.rate_remaining: int | None = None
        self.rate_reset: datetime | None = None

    def get(self, path: str, params: dict | None = None) -> dict:
        reply = self._send(path, params)
        if reply.status_code == 401:
            self._refresh()
            reply = self._send(path, params)
            if reply.status_code == 401:
                raise SignInExpired(PROVIDER, "Your Twitch sign-in has expired; please sign in again.")
        if reply.status_code == 429:
            raise RateLimited(PROVIDER, self.rate_reset)
        if reply.status_code >= 500:
            raise ProviderUnavailable(PROVIDER, f"Twitch answered {reply.status_code}; try again in a minute.")
        if reply.status_code != 200:
            raise ProviderUnavailable(PROVIDER, f"Twitch refused the request ({reply.status_code}).")
        try:
            return reply.json()
        except ValueError as error:
            raise ProviderUnavailable(PROVIDER, "Twitch's reply was not understood.") from error

    def _send(self, path: str, params: dict | None) -> requests.Response:
        try:
            reply = _http.get(f"{self.app.api_base}/{path}", params=params, timeout=TIMEOUT, headers={
                "Authorization": f"Bearer {self.token['access_token']}", "Client-Id": self.app.client_id})
        except requests.RequestException as error:
            raise ProviderUnavailable(PROVIDER, "Twitch did not answer; try again in a minute.") from error
        self._read_rate_limit(reply)
        return reply

    def _read_rate_limit(self, reply: requests.Response) -> None:
        try:
            self.rate_remaining = int(reply.headers["Ratelimit-Remaining"])
            self.rate_reset = datetime.fromtimestamp(int(reply.headers["Ratelimit-Reset"]), timezone.utc)
        except (KeyError, ValueError):
            pass

    def _refresh(self) -> None:
        if not self.token.get("refresh_token"):
            raise SignInExpired(PROVIDER, "Your Twitch sign-in has expired; please sign in again.")
        new_token = auth.refresh(self.app, self.token["refresh_token"])
        new_token.setdefault("validated_at", self.token.get("validated_at"))
        self.token = new_token
        if self.on_new_token:
            self.on_new_token(new_token)

    def own_user(self) -> TwitchUser:
        data = self.get("users").get("data") or []
        if not data:
            raise ProviderUnavailable(PROVIDER, "Twitch returned no account for this sign-in.")
        return TwitchUser.from_api(data[0])

    def follower_total(self, broadcaster_id: str) -> int:
        return int(self.get("channels/followers", {"broadcaster_id": broadcaster_id, "first": 1}).get("total", 0))
