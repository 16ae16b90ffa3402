"""The Helix client: timeouts, bounded retries, rate-limit pacing, one refresh on 401, typed readers.

One client may be shared by the threads of a sync: the rate-limit state and the token are
guarded by a lock, and the HTTP session's pool is sized for them.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import msgspec
import requests

from core.errors import NotAvailable, ProviderUnavailable, RateLimited, SignInExpired
from providers.http import Deadline, get_with_retries, new_session
from providers.recording import Observer, observing
from providers.refresh import TokenKeeper
from providers.twitch import TwitchApp, oauth
from providers.twitch.records import (
    ChannelInfo,
    Cheerer,
    Clip,
    Follower,
    Goal,
    LiveStream,
    ScheduleSegment,
    StreamSample,
    Subscription,
    TwitchUser,
    Video,
)

log = logging.getLogger(__name__)

PROVIDER = "twitch"
PAGE = 100  # Helix's largest page
VALIDATE_EVERY = 3600  # Twitch requires apps to validate tokens hourly
RESERVE = 2  # requests kept back from the rate-limit bucket, for the page's own callbacks
SLOW_DOWN_BELOW = 0.1  # share of the bucket left at which requests start being spaced out
CLOSE_RESET_SECONDS = 2.0  # a 429 whose reset is this close is waited out once; later ones are reported
EXPIRED = "Your Twitch sign-in has expired; please sign in again."

_http = new_session()


class TwitchClient:
    def __init__(
        self,
        app: TwitchApp,
        token: dict,
        keeper: TokenKeeper | None = None,
        max_wait: float = 2.0,
        deadline: Deadline | None = None,
    ):
        self.app = app
        self.token = token
        self.keeper = keeper
        self.max_wait = max_wait  # longest pause for the rate limit: short on the request path
        self.deadline = deadline  # a sync's: its requests, retries and waits all end by then
        self.rate_limit: int | None = None
        self.rate_remaining: int | None = None
        self.rate_reset: float | None = None
        self.requests = 0
        # Called with the path before each request: a shared rate budget that raises RateLimited when spent.
        self.budget: Callable[[str], None] | None = None
        self.extra_headers: dict[str, str] = {}  # sent with every API request (the sandbox's clock, for a replay)
        # Sees the replies of this client's refreshes and validations (the sign-in replay's, providers/recording.py).
        self.token_observer: Observer | None = None
        self._lock = threading.Lock()

    # Transport -----------------------------------------------------------------------------------

    def get(self, path: str, params: dict | None = None) -> dict:
        """One Helix GET, answered by its JSON body or a typed error."""
        self._pace()
        sent_with = self.token
        reply = self._send(path, params)
        if reply.status_code == 401 and not _about_scope(reply):
            self._refresh(sent_with)
            reply = self._send(path, params)
            if reply.status_code == 401 and not _about_scope(reply):
                raise SignInExpired(PROVIDER, EXPIRED)
        if reply.status_code == 429:
            wait = (self.rate_reset or 0) - time.time()
            if wait > min(CLOSE_RESET_SECONDS, self._patience()):
                raise RateLimited(PROVIDER, _utc(self.rate_reset))
            time.sleep(max(0.0, wait))
            reply = self._send(path, params)  # once: never a loop
            if reply.status_code == 429:
                raise RateLimited(PROVIDER, _utc(self.rate_reset))
        if reply.status_code == 401:
            raise NotAvailable(
                PROVIDER, "This needs a permission your sign-in did not grant; sign out and in again to grant it."
            )
        if reply.status_code >= 500:
            raise ProviderUnavailable(PROVIDER, f"Twitch answered {reply.status_code}; try again in a minute.")
        if reply.status_code == 404:
            raise NotAvailable(PROVIDER, _message(reply) or "Twitch has nothing here.")
        if reply.status_code != 200:
            log.warning("Helix %s answered %s: %s", path, reply.status_code, _message(reply))
            raise ProviderUnavailable(PROVIDER, f"Twitch refused the request ({reply.status_code}).")
        try:
            body = msgspec.json.decode(
                reply.content
            )  # a 100-follower page decodes several times faster than reply.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ProviderUnavailable(PROVIDER, "Twitch's reply was not understood.")
        return body

    def _send(self, path: str, params: dict | None) -> requests.Response:
        if self.budget:
            self.budget(path)
        with self._lock:
            self.requests += 1
            access = self.token["access_token"]
        url, headers = (
            f"{self.app.api_base}/{path}",
            {**self.extra_headers, "Authorization": f"Bearer {access}", "Client-Id": self.app.client_id},
        )
        try:
            reply = get_with_retries(
                lambda timeout: _http.get(url, params=params, timeout=timeout, headers=headers), self.deadline
            )
        except requests.RequestException as error:
            raise ProviderUnavailable(PROVIDER, "Twitch did not answer; try again in a minute.") from error
        self._read_rate_limit(reply)
        return reply

    def _read_rate_limit(self, reply: requests.Response) -> None:
        try:
            limit = int(reply.headers["Ratelimit-Limit"]) if "Ratelimit-Limit" in reply.headers else None
            remaining, reset = int(reply.headers["Ratelimit-Remaining"]), float(reply.headers["Ratelimit-Reset"])
        except (KeyError, ValueError):
            return
        with self._lock:
            self.rate_limit, self.rate_remaining, self.rate_reset = limit or self.rate_limit, remaining, reset

    def _pace(self) -> None:
        """Space requests out when the bucket runs low; stop short of an empty one."""
        with self._lock:
            remaining, reset, limit = self.rate_remaining, self.rate_reset, self.rate_limit
        if remaining is None or reset is None:
            return
        until_reset = reset - time.time()
        if until_reset <= 0:
            return
        if remaining <= RESERVE:
            if until_reset > self._patience():
                raise RateLimited(PROVIDER, _utc(reset))
            time.sleep(until_reset)
        elif limit and remaining < limit * SLOW_DOWN_BELOW:
            time.sleep(min(until_reset / remaining, self._patience()))

    def _patience(self) -> float:
        """The longest this client may pause for the rate limit now: its own limit, within the sync's deadline."""
        return min(self.max_wait, self.deadline.left()) if self.deadline else self.max_wait

    def _refresh(self, stale: dict) -> None:
        if not stale.get("refresh_token"):
            raise SignInExpired(PROVIDER, EXPIRED)
        if self.keeper:
            new_token = self.keeper.refresh_once(stale, self._refreshed, PROVIDER)
        else:
            new_token = self._refreshed(stale)
        with self._lock:
            self.token = new_token

    def _refreshed(self, old: dict) -> dict:
        with observing(self.token_observer):
            new_token = oauth.refresh(self.app, old["refresh_token"])
        new_token["validated_at"] = time.time()  # a token fresh from Twitch needs no validation now
        log.info("Twitch token refreshed")
        return new_token

    def ensure_valid(self) -> None:
        """Twitch's hourly /oauth2/validate; a token it rejects gets one refresh, then the sign-in ends."""
        if time.time() - float(self.token.get("validated_at") or 0) < VALIDATE_EVERY:
            return
        try:
            with observing(self.token_observer):
                oauth.validate(self.app, self.token["access_token"])
        except SignInExpired:
            self._refresh(self.token)
            with observing(self.token_observer):
                oauth.validate(self.app, self.token["access_token"])
        validated = {**self.token, "validated_at": time.time()}
        with self._lock:
            self.token = validated
        if self.keeper:
            self.keeper.save(validated)

    def pages(self, path: str, params: dict) -> Iterator[dict]:
        """Every page of a cursor-paged endpoint, lazily: stop iterating to stop fetching."""
        query = dict(params)
        while True:
            body = self.get(path, query)
            yield body
            cursor = (body.get("pagination") or {}).get("cursor")
            if not cursor or not body.get("data"):
                return
            query["after"] = cursor

    # Endpoints -----------------------------------------------------------------------------------

    def own_user(self) -> TwitchUser:
        data = self.get("users").get("data") or []
        if not data:
            raise ProviderUnavailable(PROVIDER, "Twitch returned no account for this sign-in.")
        return TwitchUser.from_api(data[0])

    def channel(self, broadcaster_id: str) -> ChannelInfo:
        data = self.get("channels", {"broadcaster_id": broadcaster_id}).get("data") or [{}]
        return ChannelInfo.from_api(data[0])

    def live_stream(self, user_id: str) -> LiveStream | None:
        data = self.get("streams", {"user_id": user_id, "type": "live"}).get("data") or []
        return LiveStream.from_api(data[0]) if data else None

    def live_streams(self, user_ids: list[str]) -> list[StreamSample]:
        """The live streams among ``user_ids``: one request per 100 channels (Helix's most per request)."""
        found: list[StreamSample] = []
        for start in range(0, len(user_ids), PAGE):
            chunk = user_ids[start : start + PAGE]
            data = self.get("streams", {"user_id": chunk, "type": "live", "first": PAGE}).get("data") or []
            found.extend(StreamSample.from_api(item) for item in data)
        return found

    def follower_total(self, broadcaster_id: str) -> int:
        return int(self.get("channels/followers", {"broadcaster_id": broadcaster_id, "first": 1}).get("total", 0))

    def follower_pages(
        self, broadcaster_id: str, after: str | None = None
    ) -> Iterator[tuple[int, list[Follower], str]]:
        """(total, followers, cursor of the next page) per page, newest first; ``after`` resumes at a cursor."""
        params = {"broadcaster_id": broadcaster_id, "first": PAGE, **({"after": after} if after else {})}
        for body in self.pages("channels/followers", params):
            yield (
                int(body.get("total") or 0),
                [Follower.from_api(item) for item in body.get("data") or []],
                (body.get("pagination") or {}).get("cursor") or "",
            )

    def subscription_pages(self, broadcaster_id: str) -> Iterator[tuple[int, int, list[Subscription]]]:
        """(total, points, subscriptions) per page."""
        for body in self.pages("subscriptions", {"broadcaster_id": broadcaster_id, "first": PAGE}):
            yield (
                int(body.get("total") or 0),
                int(body.get("points") or 0),
                [Subscription.from_api(item) for item in body.get("data") or []],
            )

    def video_pages(self, user_id: str) -> Iterator[list[Video]]:
        """Archives, highlights and uploads, newest first."""
        for body in self.pages("videos", {"user_id": user_id, "first": PAGE, "sort": "time", "type": "all"}):
            yield [Video.from_api(item) for item in body.get("data") or []]

    def clip_pages(
        self, broadcaster_id: str, started_at: str | None = None, ended_at: str | None = None
    ) -> Iterator[list[Clip]]:
        """Clips, most viewed first; ``started_at``/``ended_at`` (RFC 3339) narrow them to a window."""
        params = {"broadcaster_id": broadcaster_id, "first": PAGE}
        if started_at:
            params.update(started_at=started_at, ended_at=ended_at)
        for body in self.pages("clips", params):
            yield [Clip.from_api(item) for item in body.get("data") or []]

    def bits_leaderboard(self, period: str, started_at: str | None = None) -> list[Cheerer]:
        params = {"count": PAGE, "period": period}
        if period != "all" and started_at:
            params["started_at"] = started_at
        return [Cheerer.from_api(item) for item in self.get("bits/leaderboard", params).get("data") or []]

    def schedule(self, broadcaster_id: str) -> list[ScheduleSegment]:
        """The next segments; empty when the channel has no schedule (Helix answers 404)."""
        try:
            body = self.get("schedule", {"broadcaster_id": broadcaster_id, "first": 25})
        except NotAvailable:
            return []
        segments = (body.get("data") or {}).get("segments") or []
        return [ScheduleSegment.from_api(item) for item in segments]

    def goals(self, broadcaster_id: str) -> list[Goal]:
        return [Goal.from_api(item) for item in self.get("goals", {"broadcaster_id": broadcaster_id}).get("data") or []]


def _message(reply: requests.Response) -> str:
    try:
        return str(reply.json().get("message") or "")[:200]
    except (ValueError, AttributeError):
        return ""


def _about_scope(reply: requests.Response) -> bool:
    """A 401 about a missing scope is not an expired token: refreshing would not help."""
    return "scope" in _message(reply).lower()


def _utc(epoch: float | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch else None
