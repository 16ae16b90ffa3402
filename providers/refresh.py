"""One token refresh at a time per user, across threads, web processes and job workers.

OAuth refresh tokens may be single-use: two callbacks refreshing at once would leave one of them
holding a dead token. The first caller takes a short Redis lock and refreshes; the others wait
for the lock to go, then read the new token from the vault.
"""

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

from core.errors import SignInExpired
from core.locks import RELEASE

LOCK_MS = 10_000
WAIT_SECONDS = 8.0
POLL_SECONDS = 0.05


@dataclass
class TokenKeeper:
    """Where a client's token lives: how to read it, how to store a new one, which lock guards it."""

    load: Callable[[], dict | None]
    save: Callable[[dict], None]
    redis: redis.Redis
    lock_key: str
    forget: Callable[[], None] = lambda: None  # the refresh failed: the sign-in is over

    def refresh_once(self, stale: dict, refresh: Callable[[dict], dict], provider: str) -> dict:
        """A working token replacing ``stale``: refreshed here, or by whoever held the lock."""
        current = self._newer_than(stale)
        if current:
            return current
        owner = secrets.token_hex(8)
        if self.redis.set(self.lock_key, owner, nx=True, px=LOCK_MS):
            try:
                current = self.load()
                if current is None:  # an earlier refresh failed and ended the sign-in
                    raise SignInExpired(provider, "Your sign-in has expired; please sign in again.")
                if current.get("access_token") != stale.get("access_token"):
                    return current
                try:
                    new_token = refresh(current)
                except SignInExpired:
                    self.forget()
                    raise
                self.save(new_token)
                return new_token
            finally:
                self.redis.eval(RELEASE, 1, self.lock_key, owner)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and self.redis.exists(self.lock_key):
            time.sleep(POLL_SECONDS)
        current = self._newer_than(stale)
        if current:
            return current
        raise SignInExpired(provider, "Your sign-in has expired; please sign in again.")

    def _newer_than(self, stale: dict) -> dict | None:
        current = self.load()
        if current and current.get("access_token") != stale.get("access_token"):
            return current
        return None


def memory_keeper(token: dict, client: redis.Redis, lock_key: str) -> TokenKeeper:
    """A keeper for a token held only in memory (benchmarks, tests)."""
    box = {"token": token}
    return TokenKeeper(
        lambda: box["token"], lambda new: box.update(token=new), client, lock_key, forget=lambda: box.update(token=None)
    )
