"""The X API v2 client (OAuth 1.0a user context): one HTTP session, timeouts, rate-limit headers read."""

import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import msgspec
import requests
from requests_oauthlib import OAuth1

from core.errors import ProviderUnavailable, RateLimited, SignInExpired
from providers.http import Deadline, get_with_retries, new_session
from providers.x import XApp
from providers.x.records import TimelinePage, XUser

log = logging.getLogger(__name__)

PROVIDER = "twitter"
USER_FIELDS = "public_metrics,created_at,profile_image_url,description"
# The documented (2.159) parameter and field names; 2.167 renamed them (post.fields), and X accepts both.
POST_FIELDS = "created_at,public_metrics,conversation_id,referenced_tweets,in_reply_to_user_id,entities,attachments"
# Asked for only inside X's 30 days: a request that names them gets only posts of those 30 days back.
PRIVATE_POST_FIELDS = POST_FIELDS + ",non_public_metrics,organic_metrics"
# What a post carries (photos, a video, a GIF, a poll), and a video's views; its playback quartiles are private.
ATTACHMENTS = {"expansions": "attachments.media_keys,attachments.poll_ids", "media.fields": "type,public_metrics"}
PRIVATE_ATTACHMENTS = {**ATTACHMENTS, "media.fields": "type,public_metrics,non_public_metrics,organic_metrics"}
PRIVATE_METRICS_AGE = timedelta(days=30)  # X serves non-public and organic metrics for posts this young
CLOCK_MARGIN = timedelta(minutes=10)  # ask from a little inside X's 30 days: our clock and X's may differ
PAGE_SIZE = 100  # X's maximum for the user timeline
MAX_PAGES = 32  # X serves the newest 3,200 posts of a timeline: 32 pages of 100, whatever next_token says
SHORT_WAIT_SECONDS = 2  # a rate-limit reset this close is waited out once; anything later is the caller's
_http = new_session()


class XClient:
    def __init__(self, app: XApp, token: dict, deadline: Deadline | None = None):
        self.app = app
        self.token = token  # which sign-in this client speaks for (never sent as is: it signs each request)
        self.deadline = deadline  # a sync's: its requests, retries and waits all end by then
        self.auth = OAuth1(
            app.consumer_key,
            client_secret=app.consumer_secret,
            resource_owner_key=token["oauth_token"],
            resource_owner_secret=token["oauth_token_secret"],
        )
        self.rate_remaining: int | None = None
        self.rate_reset: datetime | None = None
        # Called with the path before each request: a shared rate budget that raises RateLimited when spent.
        self.budget: Callable[[str], None] | None = None
        self.extra_headers: dict[str, str] = {}  # sent with every API request (the sandbox's clock, for a replay)
        self.requests = 0
        self.posts_read = 0  # what X's monthly volume cap counts, and bills per post
        self.users_read = 0  # billed per user returned
        self.read: set[str] = set()  # "post:<id>" and "user:<id>" of what was returned: X bills each once a day

    def get(self, path: str, params: dict | None = None) -> dict:
        reply = self._send(path, params)
        if reply.status_code == 429 and self._reset_is_near():
            self._wait_for_reset()
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
        user = XUser.from_api(data)
        self.users_read += 1
        self.read.add(f"user:{user.id}")
        return user

    def timeline(
        self,
        user_id: str,
        username: str,
        since_id: str | None = None,
        start_time: datetime | None = None,
        pagination_token: str | None = None,
        pages_done: int = 0,
    ) -> Iterator[TimelinePage]:
        """The user's posts with public fields, newest first, a page per request, to X's 3,200 at most.

        ``since_id`` keeps only newer posts; ``start_time`` only posts made since then (X lets
        since_id win when both are given). ``pagination_token`` resumes a walk that had taken
        ``pages_done`` pages. Stop iterating to stop fetching.
        """
        params = {"max_results": PAGE_SIZE, "tweet.fields": POST_FIELDS, **ATTACHMENTS}
        if since_id:
            params["since_id"] = since_id
        if start_time:
            params["start_time"] = _rfc3339(start_time)
        if pagination_token:
            params["pagination_token"] = pagination_token
        return self._pages(f"2/users/{user_id}/tweets", params, username, pages_done)

    def private_metrics(self, user_id: str, username: str, start_time: datetime) -> Iterator[TimelinePage]:
        """The posts made since ``start_time`` with their non-public and organic metrics, newest first.

        ``start_time`` must lie inside X's 30 days (``private_metrics_start``): X answers a request for
        these fields with the posts of the last 30 days only, so a walk past them would lose the older
        posts. Posts the user did not write (reposts) come back without them, named in ``errors``.
        """
        params = {
            "max_results": PAGE_SIZE,
            "tweet.fields": PRIVATE_POST_FIELDS,
            **PRIVATE_ATTACHMENTS,
            "start_time": _rfc3339(start_time),
        }
        return self._pages(f"2/users/{user_id}/tweets", params, username)

    def _pages(self, path: str, params: dict, username: str, pages_done: int = 0) -> Iterator[TimelinePage]:
        """The request's pages, following next_token, but never past the pages of X's 3,200 posts."""
        for number in range(pages_done + 1, MAX_PAGES + 1):
            page = TimelinePage.from_api(self.get(path, params), username)
            self.posts_read += len(page.posts)
            self.read.update(f"post:{post.id}" for post in page.posts)
            yield page
            if not page.next_token:
                return
            if number == MAX_PAGES:
                log.info("X offered a page past its 3,200 posts for %s; not fetched", path)
                return
            if self.rate_remaining == 0:  # the next page would only earn a 429: wait out a near reset, or stop
                if not self._reset_is_near():
                    raise RateLimited(PROVIDER, self.rate_reset)
                self._wait_for_reset()
            params = {**params, "pagination_token": page.next_token}

    def _send(self, path: str, params: dict | None) -> requests.Response:
        """One GET, retried a bounded number of times on 5xx and network errors, within the sync's deadline.

        Each try is signed anew (requests signs when it prepares): OAuth 1.0a nonces are single-use.
        """
        if self.budget:
            self.budget(path)
        self.requests += 1
        url = f"{self.app.api_base}/{path}"
        try:
            reply = get_with_retries(
                lambda timeout: _http.get(
                    url, params=params, auth=self.auth, timeout=timeout, headers=self.extra_headers
                ),
                self.deadline,
            )
        except requests.RequestException as error:
            raise ProviderUnavailable(PROVIDER, "X did not answer; try again in a minute.") from error
        self._read_rate_limit(reply)
        return reply

    def _read_rate_limit(self, reply: requests.Response) -> None:
        try:
            self.rate_remaining = int(reply.headers["x-rate-limit-remaining"])
            self.rate_reset = datetime.fromtimestamp(int(reply.headers["x-rate-limit-reset"]), UTC)
        except (KeyError, ValueError):
            pass

    def _wait_for_reset(self) -> None:
        """Sleep past the window's reset (X counts a request of its reset second in the old window), within
        the sync's deadline; RateLimited when the deadline comes first."""
        wait = max(self.rate_reset.timestamp() - time.time(), 0) + 0.2
        if self.deadline and self.deadline.left() <= wait:
            raise RateLimited(PROVIDER, self.rate_reset)
        time.sleep(wait)

    def _reset_is_near(self) -> bool:
        return self.rate_reset is not None and self.rate_reset.timestamp() - time.time() <= SHORT_WAIT_SECONDS


def private_metrics_start(now: datetime | None = None) -> datetime:
    """The earliest time to ask X for private metrics from: inside its 30 days (before ``now``), by a margin."""
    return (now or datetime.now(UTC)) - PRIVATE_METRICS_AGE + CLOCK_MARGIN


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sign_in_expired(reply: requests.Response) -> SignInExpired:
    """Any 401 ends the sign-in: v1.1 says code 89, v2 a problem titled Unauthorized; either way it is logged."""
    log.warning("X answered 401, ending the sign-in: %s", _what_x_said(reply))
    return SignInExpired(PROVIDER, "Your X sign-in was revoked or has expired; please sign in again.")


def _what_x_said(reply: requests.Response) -> str:
    """X's own words from an error reply: v1.1's codes and messages, v2's problem title and detail."""
    try:
        body = reply.json()
    except ValueError:
        return repr(reply.text[:200])
    if not isinstance(body, dict):
        return repr(body)[:200]
    said = [
        f"code {error.get('code')}: {error.get('message')}"
        for error in body.get("errors") or ()
        if isinstance(error, dict) and "code" in error
    ]
    said += [str(body[key]) for key in ("title", "detail") if body.get(key)]
    return "; ".join(dict.fromkeys(said))[:300] or "nothing"  # v2 often repeats its title as the detail
