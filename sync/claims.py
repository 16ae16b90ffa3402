"""Sync jobs: a Redis lock per account and dataset, so two tabs never sync the same data at once,
and progress kept in Redis, so every tab (and every process) can show the same progress bar."""
import secrets
import time
from typing import Callable

import redis
from core.locks import RELEASE, RENEW

LOCK_SECONDS = 120  # renewed while the job runs; a crashed job frees its datasets after this
WAIT_POLL_SECONDS = 0.25


Progress = Callable[[int, int, str], None]  # (done, total, what is happening)


class SyncJob:
    """The datasets one job claimed, and the progress of all datasets of the account."""

    def __init__(self, client: redis.Redis, key_prefix: str, provider: str, account: str):
        self.client = client
        self.base = f"{key_prefix}job:{provider}:{account}"
        self.owner = secrets.token_hex(8)
        self.claimed: list[str] = []

    def _lock(self, dataset: str) -> str:
        return f"{self.base}:lock:{dataset}"

    @property
    def _progress_key(self) -> str:
        return f"{self.base}:progress"

    def claim(self, datasets: list[str]) -> list[str]:
        """Lock what nobody else is syncing; returns the datasets another job holds."""
        busy = []
        for dataset in datasets:
            if self.client.set(self._lock(dataset), self.owner, nx=True, ex=LOCK_SECONDS):
                self.claimed.append(dataset)
                self.client.hdel(self._progress_key, dataset)
            else:
                busy.append(dataset)
        return busy

    def renew(self) -> None:
        for dataset in self.claimed:
            self.client.eval(RENEW, 1, self._lock(dataset), self.owner, LOCK_SECONDS * 1000)

    def release(self) -> None:
        for dataset in self.claimed:
            self.client.eval(RELEASE, 1, self._lock(dataset), self.owner)
        self.claimed = []

    def report(self, dataset: str, done: int, total: int) -> None:
        self.client.hset(self._progress_key, dataset, f"{done}/{max(total, done, 1)}")
        self.client.expire(self._progress_key, LOCK_SECONDS)

    def progress(self, datasets: list[str]) -> tuple[int, int]:
        """Summed (done, total) steps of ``datasets``; a dataset not yet started counts one step to go."""
        done = total = 0
        for raw in self.client.hmget(self._progress_key, datasets):
            d, t = (int(x) for x in raw.decode().split("/")) if raw else (0, 1)
            done, total = done + d, total + t
        return done, total

    def wait_for(self, datasets: list[str], on_progress: Progress, timeout: float) -> bool:
        """Wait for other jobs to finish ``datasets``, relaying their progress; False on timeout."""
        deadline = time.monotonic() + timeout
        while any(self.client.exists(self._lock(d)) for d in datasets):
            if time.monotonic() > deadline:
                return False
            on_progress(*self.progress(datasets), "Another tab is syncing this data…")
            time.sleep(WAIT_POLL_SECONDS)
        return True
