"""Sampling live streams: Helix tells a stream's viewer count only while it is live, so its history
exists only for whoever samples it (as TwitchTracker and SullyGnome do).

Every few minutes one poll asks GET /helix/streams about every tracked Twitch channel, 100 channels
per request, with the app's own access token (the client credentials grant: public data needs no
user's token). Each live channel's sample (time, viewers, game, title, stream id, start) lands in
the history database's ``stream_samples``. The app token is kept sealed in Redis for every process,
validated hourly as Twitch asks, and replaced when Twitch stops accepting it.
"""

import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from core.errors import SignInExpired
from providers.twitch import oauth
from providers.twitch.client import TwitchClient
from sync.jobs.budgets import Budgets
from sync.runtime import Runtime
from sync.upstreams import as_of, twitch_app

log = logging.getLogger(__name__)

POLL_WAIT_SECONDS = 5.0  # a poll may wait this long for a near rate-limit reset, no longer


@dataclass(frozen=True)
class PollReport:
    channels: int
    live: int
    kept: int
    requests: int


class StreamSampler:
    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.app = twitch_app(runtime.config)
        self.token_key = f"{runtime.key}twitch:app-token"
        self.budgets = Budgets(runtime.redis, runtime.key)

    def poll(self, now: datetime | None = None, only: set[str] | None = None) -> PollReport:
        """Sample every tracked, collecting Twitch channel that is live now (``now``: a simulated time, whose
        rate-limit windows the app-token budget then counts in, as the sandbox does); ``only``: just these
        (a channel EventSub just said went live is sampled at once, not at the next poll)."""
        simulated, now = now, now or datetime.now(UTC)
        channels = [
            a.account_id
            for a, _ in self.runtime.archive.collecting_accounts()
            if a.provider == "twitch" and (only is None or a.account_id in only)
        ]
        if not channels:
            return PollReport(0, 0, 0, 0)
        at = simulated.timestamp() if simulated else None
        try:
            client = self._client(at)
            live = client.live_streams(channels)
        except SignInExpired:  # Twitch no longer takes our app token: a new one, once
            self.runtime.redis.delete(self.token_key)
            client = self._client(at)
            live = client.live_streams(channels)
        kept = self.runtime.archive.record_stream_samples(now, live)
        return PollReport(len(channels), len(live), kept, client.requests)

    def _client(self, at: float | None = None) -> TwitchClient:
        token = self._kept_token() or self._new_token()
        client = TwitchClient(self.app, token, keeper=None, max_wait=POLL_WAIT_SECONDS)
        client.budget = self.budgets.twitch_app_token(self.app.client_id, at)
        if at is not None:  # a poll of a simulated time: answered as of then, everyone else as of now
            client.extra_headers = as_of(self.app, at)
        validated_at = token.get("validated_at")
        client.ensure_valid()  # hourly; a token Twitch rejects raises SignInExpired (no refresh token)
        if client.token.get("validated_at") != validated_at:
            self._keep(client.token)
        return client

    def _new_token(self) -> dict:
        token = oauth.app_access_token(self.app)
        token["validated_at"] = time.time()  # fresh from Twitch
        self._keep(token)
        log.info("Twitch app access token obtained for stream sampling")
        return token

    def _kept_token(self) -> dict | None:
        sealed = self.runtime.redis.get(self.token_key)
        if not sealed:
            return None
        try:
            return json.loads(self.runtime.vault.fernet.decrypt(sealed))
        except Exception:  # noqa: BLE001 - a token no key opens is simply replaced
            return None

    def _keep(self, token: dict) -> None:
        ttl = max(int(token.get("expires_at", 0) - time.time()), 60)
        self.runtime.redis.set(self.token_key, self.runtime.vault.fernet.encrypt(json.dumps(token).encode()), ex=ttl)
