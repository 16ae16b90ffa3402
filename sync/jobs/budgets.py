"""Each provider's published rate limits as budgets in Redis, shared by every process, taken before each call.

Twitch meters Helix per client id and user token: 800 points a minute (one point per request for
the endpoints we call), and app access tokens in a bucket of their own per client id. X meters each
endpoint per user token in 15-minute windows (the user's timeline 900, users/me 75: X's rate-limit
table). Every client takes from the budgets of the token it sends before each request; when one is
spent the call is not made and the round stops with ``RateLimited`` (reset time included), so the
scheduler resumes it after the reset instead of spending requests on 429s.

Windows are fixed (aligned to the window length), the way both providers reset their counters.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import redis

from core.errors import RateLimited

# Take one unit from every key only if none is spent: all or nothing, in one round trip.
TAKE = """
for i, key in ipairs(KEYS) do
  local used = tonumber(redis.call('GET', key) or '0')
  if used + 1 > tonumber(ARGV[i * 2 - 1]) then return i end
end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ARGV[i * 2]) end
end
return 0
"""


@dataclass(frozen=True)
class Limit:
    name: str  # what it meters, for the key: "user", "app", or an endpoint
    requests: int
    window_seconds: int


# Twitch: one bucket per user token, and (for app access tokens, the stream sampler's) one per client id.
TWITCH_USER = Limit("user", 800, 60)
TWITCH_APP = Limit("app", 800, 60)
# X: per user token, per endpoint, 15-minute windows.
X_ENDPOINTS = {"tweets": Limit("tweets", 900, 900), "me": Limit("me", 75, 900)}


def x_endpoint(path: str) -> str:
    """The metered endpoint of an X API path: 2/users/<id>/tweets -> tweets, 2/users/me -> me."""
    return "me" if path.rstrip("/").endswith("users/me") else "tweets"


class Budgets:
    """Rate budgets under the app's key prefix; ``scale`` shrinks every limit (tests, or a share kept for pages)."""

    def __init__(self, client: redis.Redis, key_prefix: str, scale: float = 1.0):
        self.client, self.prefix, self.scale = client, key_prefix + "budget:", scale
        self._take = client.register_script(TAKE)

    def take(self, provider: str, metered: list[tuple[str, Limit]], now: float | None = None) -> None:
        """One request from each (owner, limit); RateLimited, with nothing taken, when any is spent."""
        now = time.time() if now is None else now
        keys, args = [], []
        for owner, limit in metered:
            window = int(now // limit.window_seconds)
            keys.append(f"{self.prefix}{provider}:{owner}:{limit.name}:{window}")
            args += [max(1, int(limit.requests * self.scale)), limit.window_seconds + 5]
        spent = int(self._take(keys=keys, args=args))
        if spent:
            limit = metered[spent - 1][1]
            reset = (int(now // limit.window_seconds) + 1) * limit.window_seconds
            raise RateLimited(provider, _utc(reset))

    def twitch(self, user_id: str, at: float | None = None):
        """What a Twitch client calls before each request of ``user_id``'s token (``at``: a simulated time)."""
        return lambda _path: self.take("twitch", [(f"u{user_id}", TWITCH_USER)], now=at)

    def twitch_app_token(self, client_id: str, at: float | None = None):
        """What a client with the app access token (client credentials) calls before each request."""
        return lambda _path: self.take("twitch", [(f"c{client_id}", TWITCH_APP)], now=at)

    def x(self, user_id: str, at: float | None = None):
        """What an X client calls before each request of ``user_id``'s token (``at``: a simulated time)."""
        return lambda path: self.take("twitter", [(f"u{user_id}", X_ENDPOINTS[x_endpoint(path)])], now=at)


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)
