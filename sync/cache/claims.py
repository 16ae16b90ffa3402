"""Sync jobs: a Redis lock per account and dataset, so two tabs never sync the same data at once,
and progress kept in Redis, so every tab (and every process) can show the same progress bar.

A job that dies (its worker killed, its web process restarted) stops renewing its locks; they lapse
within LOCK_SECONDS and a job waiting for them takes the datasets over. A dataset's finishing is
recorded before its lock goes, which is how a waiting job tells a finished holder from a dead one.
"""

import secrets
import threading
import time
from collections.abc import Callable

import redis

from core.locks import RELEASE, RENEW

LOCK_SECONDS = 10  # renewed every fraction of a second while the job runs; a dead job's locks lapse after this
FINISHED_SECONDS = 86_400
WAIT_POLL_SECONDS = 0.25


# (done, total, what is happening, the datasets finished so far)
Progress = Callable[[int, int, str, list[str]], None]


def early(dataset: str) -> str:
    """The mark of a dataset whose first part is stored while the rest is still being fetched."""
    return f"{dataset}:early"


class SyncJob:
    """The datasets one job claimed, and the progress of all datasets of the account."""

    def __init__(self, client: redis.Redis, key_prefix: str, provider: str, account: str, since: float | None = None):
        self.client = client
        self.base = f"{key_prefix}job:{provider}:{account}"
        self.owner = secrets.token_hex(8)
        # Datasets finished after this count as this job's news: its start, or when its page asked for it
        # (a head start begun with the page may finish some before the page's own job starts).
        self.started = since or time.time()
        self.claimed: list[str] = []
        self.landed = threading.Event()  # set when a dataset is finished here, so the page is told at once

    def _lock(self, dataset: str) -> str:
        return f"{self.base}:lock:{dataset}"

    @property
    def _progress_key(self) -> str:
        return f"{self.base}:progress"

    @property
    def _finished_key(self) -> str:
        return f"{self.base}:finished"

    def claim(self, datasets: list[str]) -> list[str]:
        """Lock what nobody else is syncing; returns the datasets another job holds."""
        return [dataset for dataset in datasets if not self._claim_one(dataset)]

    def _claim_one(self, dataset: str) -> bool:
        if not self.client.set(self._lock(dataset), self.owner, nx=True, ex=LOCK_SECONDS):
            return False
        self.claimed.append(dataset)
        self.client.hdel(self._progress_key, dataset)
        return True

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

    def finish(self, dataset: str) -> None:
        """Record that this job is done with ``dataset`` (whatever the outcome), while it still holds the lock."""
        self.client.hset(self._finished_key, dataset, f"{self.owner} {time.time()}")
        self.client.expire(self._finished_key, FINISHED_SECONDS)
        self.landed.set()

    def finished(self, datasets: list[str]) -> list[str]:
        """Those of ``datasets`` that some job finished since this one started, and those that landed early
        (``early(dataset)``): their panels can be drawn."""
        asked = [name for dataset in datasets for name in (dataset, early(dataset))]
        marks = self.client.hmget(self._finished_key, asked)
        return [name for name, mark in zip(asked, marks) if mark and float(mark.split()[1]) >= self.started]

    def progress(self, datasets: list[str]) -> tuple[int, int]:
        """Summed (done, total) steps of ``datasets``; a dataset not yet started counts one step to go."""
        done = total = 0
        for raw in self.client.hmget(self._progress_key, datasets):
            d, t = (int(x) for x in raw.decode().split("/")) if raw else (0, 1)
            done, total = done + d, total + t
        return done, total

    def wait_for(self, datasets: list[str], timeout: float) -> tuple[list[str], list[str]]:
        """Wait for the jobs holding ``datasets``; returns (taken over, still held) as soon as either list is final.

        A dataset whose lock lapsed without its holder recording it finished belongs to a job that died:
        this job claims it, and the caller syncs it. Still held: the datasets a live job kept past ``timeout``.
        """
        holders = {dataset: self.client.get(self._lock(dataset)) for dataset in datasets}
        deadline = time.monotonic() + timeout
        taken: list[str] = []
        while holders and not taken and time.monotonic() < deadline:
            for dataset, holder in list(holders.items()):
                current = self.client.get(self._lock(dataset))
                if current is not None:
                    holders[dataset] = current  # still held, perhaps by a job that took it over
                elif holder is None or self._finisher(dataset) == holder:
                    del holders[dataset]  # its holder finished it
                elif self._claim_one(dataset):
                    del holders[dataset]  # its holder died: ours now
                    taken.append(dataset)
                else:
                    holders[dataset] = self.client.get(self._lock(dataset))  # another waiter took it over first
            if holders and not taken:
                time.sleep(WAIT_POLL_SECONDS)
        return taken, list(holders)

    def _finisher(self, dataset: str) -> bytes | None:
        mark = self.client.hget(self._finished_key, dataset)
        return mark.split()[0] if mark else None
