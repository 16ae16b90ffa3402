"""The X API v2 client (OAuth 1.0a user context): one HTTP session, timeouts, rate-limit headers read."""
from datetime import datetime, timezone

import requests
from requests_oauthlib import OAuth1

from providers.errors import ProviderUnavailable, RateLimited, SignInExpired
from providers.http import TIMEOUT, new_session

from . import TwitterApp
from .records import XUser

PROVIDER = "twitter"
USER_FIELDS = "public_metrics,created_at,profile_image_url,description"
_http = new_session()


class TwitterClient:
    def __init__(self, app: TwitterApp, token: dict):
        self.app = app
        self.auth = OAuth1(app.consumer_key, client_secret=app.consumer_secret,
                           resource_owner_key=token["oauth_token"],
                           resource_owner_secret=token["oauth_token_secret"])
        self.rate_remaining: int | None = None
        self.rate_reset: datetime | None = None

    def get(self, path: str, params: dict | None = None) -> dict:
        try:
            reply = _http.get(f"{self.app.api_base}/{path}", params=params, auth=self.auth, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise ProviderUnavailable(PROVIDER, "X did not answer; try again in a minute.") from error
        self._read_rate_limit(reply)
        if reply.status_code == 401:
            # Code 89: the token was revoked or is invalid; X tokens never simply expire.
            raise SignInExpired(PROVIDER, "Your X sign-in is no longer valid; please sign in again.")
        if reply.status_code == 429:
            raise RateLimited(PROVIDER, self.rate_reset)
        if reply.status_code != 200:
            raise ProviderUnavailable(PROVIDER, f"X answered {reply.status_code}; try again in a minute.")
        try:
            return reply.json()
        except ValueError as error:
            raise ProviderUnavailable(PROVIDER, "X's reply was not understood.") from error

    def _read_rate_limit(self, reply: requests.Response) -> None:
        try:
            self.rate_remaining = int(reply.headers["x-rate-limit-remaining"])
            self.rate_reset = datetime.fromtimestamp(int(reply.headers["x-rate-limit-reset"]), timezone.utc)
        except (KeyError, ValueError):
            pass

    def me(self) -> XUser:
        data = self.get("2/users/me", {"user.fields": USER_FIELDS}).get("data")
        if not data:
            raise ProviderUnavailable(PROVIDER, "X returned no account for this sign-in.")
        return XUser.from_api(data)
