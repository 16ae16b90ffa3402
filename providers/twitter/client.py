"""The X API v2 client (OAuth 1.0a user context): one HTTP session, timeouts, rate-limit headers read."""
import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Iterator

import msgspec
import requests
from requests_oauthlib import OAuth1

from providers.errors import ProviderUnavailable, RateLimited, SignInExpired
from providers.http import Deadline, get_with_retries, new_session

from . import TwitterApp
from .records import TimelinePage, XUser

log = logging.getLogger(__name__)

PROVIDER = "twitter"
USER_FIELDS = "public_metrics,created_at,profile_image_url,description"
# The documented (2.159) parameter name; 2.167 renamed it post.fields, and X accepts both.
POST_FIELDS = ("created_at,public_metrics,non_public_metrics,organic_metrics,conversation_id,"
               "referenced_tweets,in_reply_to_user_id,entities")
# Past X's 30 days the private metrics only come back as errors, one per post and field: not asked for.
PUBLIC_POST_FIELDS = "created_at,public_metrics,conversation_id,referenced_tweets,in_reply_to_user_id,entities"
PRIVATE_METRICS_AGE = timedelta(days=30, hours=1)  # an hour's margin for clocks that disagree with X's
PAGE_SIZE = 100  # X's maximum for the user timeline
SHORT_WAIT_SECONDS = 2  # a rate-limit reset this close is waited out once; anything later is the caller's
INVALID_TOKEN = 89
_http = new_session()


class TwitterClient:
    def __init__(self, app: TwitterApp, token: dict, deadline: Deadline | None = None):
        self.app = app
        self.deadline = deadline  # a sync's: its requests, retries and waits all end by then
        self.auth = OAuth1(app.consumer_key, client_secret=app.consumer_secret,
                           resource_owner_key=token["oauth_token"],
                           resource_owner_secret=token["oauth_token_secret"])
        self.rate_remaining: int | None = None
        self.rate_reset: datetime | None = None

    def get(self, path: str, params: dict | None = None) -> dict:
        reply = self._send(path, params)
        if reply.status_code == 429 and self._reset_is_near():
            wait = max(self.rate_reset.timestamp() - time.time(), 0) + 0.2
            if self.deadline and self.deadline.left() <= wait:
                raise RateLimited(PROVIDER, self.rate_reset)
            time.sleep(wait)
            reply = self._send(path, params)
        if reply.status_code == 401:
            raise _sign_in_expired(reply)
        if reply.status_code == 429:
            raise RateLimited(PROVIDER, self.rate_reset)
        if reply.status_code >= 500:
            raise ProviderUnavailable(PROVIDER, f"X answered {reply.status_code}; try again in a minute.")
        if reply.status_code != 200:
            log.info("X answered %s to %s", reply.status_code, path)
            raise ProviderUnavailable(PROVIDER, f"X refused the request ({reply.status_code}).")
        try:
            body = msgspec.json.decode(reply.content)  # a 100-post page decodes several times faster than reply.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ProviderUnavailable(PROVIDER, "X's reply was not understood.")
        return body

    def me(self) -> XUser:
        data = self.get("2/users/me", {"user.fields": USER_FIELDS}).get("data")
        if not data:
            raise ProviderUnavailable(PROVIDER, "X returned no account for this sign-in.")
        return XUser.from_api(data)

    def timeline(self, user_id: str, username: str, since_id: str | None = None,
                 start_time: datetime | None = None, pagination_token: str | None = None) -> Iterator[TimelinePage]:
        """The user's posts, newest first, a page per request, to the end of what X serves (3,200).

        ``since_id`` keeps only newer posts; ``start_time`` only posts made since then (X lets
        since_id win when both are given). ``pagination_token`` resumes a walk at that page. Stop iterating to
        stop fetching.
        """
        path = f"2/users/{user_id}/tweets"
        params = {"max_results": PAGE_SIZE, "tweet.fields": POST_FIELDS}
        if since_id:
            params["since_id"] = since_id
        if start_time:
            params["start_time"] = start_time.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if pagination_token:
            params["pagination_token"] = pagination_token
        while True:
            page = TimelinePage.from_api(self.get(path, params), username)
            yield page
            if not page.next_token:
                return
            if self.rate_remaining == 0 and not self._reset_is_near():
                raise RateLimited(PROVIDER, self.rate_reset)  # the next page would only earn a 429
            params["pagination_token"] = page.next_token
            if _older_than_private_metrics(page):  # so is every later page: newest first
                params["tweet.fields"] = PUBLIC_POST_FIELDS

    def _send(self, path: str, params: dict | None) -> requests.Response:
        """One GET, retried a bounded number of times on 5xx and network errors.

        Each try is signed anew (requests signs when it prepares): OAuth 1.0a nonces are single-use.
        """
        url = f"{self.app.api_base}/{path}"
        try:
            reply = get_with_retries(lambda timeout: _http.get(url, params=params, auth=self.auth, timeout=timeout),
                                     self.deadline)
        except requests.RequestException as error:
            raise ProviderUnavailable(PROVIDER, "X did not answer; try again in a minute.") from error
        self._read_rate_limit(reply)
        return reply

    def _read_rate_limit(self, reply: requests.Response) -> None:
        try:
            self.rate_remaining = int(reply.headers["x-rate-limit-remaining"])
            self.rate_reset = datetime.fromtimestamp(int(reply.headers["x-rate-limit-reset"]), timezone.utc)
        except (KeyError, ValueError):
            pass

    def _reset_is_near(self) -> bool:
        return self.rate_reset is not None and self.rate_reset.timestamp() - time.time() <= SHORT_WAIT_SECONDS


def _older_than_private_metrics(page: TimelinePage) -> bool:
    """Whether the page's oldest post is past the age X serves private metrics for."""
    oldest = page.posts[-1].created_at if page.posts else None
    if oldest is None:
        return False
    return datetime.now(timezone.utc) - oldest.replace(tzinfo=oldest.tzinfo or timezone.utc) > PRIVATE_METRICS_AGE


def _sign_in_expired(reply: requests.Response) -> SignInExpired:
    try:
        codes = {error.get("code") for error in reply.json().get("errors") or ()}
    except (ValueError, AttributeError):
        codes = set()
    if INVALID_TOKEN in codes:
        return SignInExpired(PROVIDER, "Your X sign-in was revoked or has expired; please sign in again.")
    # Not code 89: X could not check our signature (a wrong secret or a clock far off); logged for us.
    log.warning("X refused the request signature (401 without code 89)")
    return SignInExpired(PROVIDER, "X could not verify this sign-in; please sign in again.")
