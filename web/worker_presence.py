"""Which Celery workers are up: each worker's consumer notes itself in Redis every few seconds, and /healthz
reads that note instead of pinging the workers over the broker.

Celery's broadcast ping holds one of the web process's pooled broker connections for its whole timeout and then
waits, with no bound, for a producer from the same small pool: three concurrent health probes deadlocked it, and
every sync the process sent afterwards queued behind them for good. A note in Redis is one command to read.
The note is written from the consumer's own event loop (a timer of its bootstep), so a worker whose loop is stuck
stops being counted, as it would stop answering a ping.
"""

import contextlib
import logging
import time

import redis

log = logging.getLogger(__name__)

BEAT_SECONDS = 5.0
SEEN_WITHIN_SECONDS = 15.0  # three beats missed: the worker is down, or cannot reach Redis


class WorkerPresence:
    """The workers' notes: a sorted set of worker host names scored by when each last beat."""

    def __init__(self, client: redis.Redis, key_prefix: str):
        self.client, self.key = client, f"{key_prefix}workers:seen"

    def beat(self, hostname: str, now: float | None = None) -> None:
        now = now or time.time()
        pipe = self.client.pipeline(transaction=False)
        pipe.zadd(self.key, {hostname: now})
        pipe.zremrangebyscore(self.key, "-inf", now - SEEN_WITHIN_SECONDS)  # workers that went away unannounced
        pipe.expire(self.key, int(SEEN_WITHIN_SECONDS) * 4)
        pipe.execute()

    def gone(self, hostname: str) -> None:
        self.client.zrem(self.key, hostname)

    def alive(self, now: float | None = None) -> int:
        """How many workers beat within SEEN_WITHIN_SECONDS."""
        return self.client.zcount(self.key, (now or time.time()) - SEEN_WITHIN_SECONDS, "+inf")


def announce_workers(celery_app, presence: WorkerPresence) -> None:
    """Add the bootstep that keeps each worker's note fresh to ``celery_app``'s consumers."""
    from celery import bootsteps

    class Presence(bootsteps.StartStopStep):
        requires = {"celery.worker.consumer.tasks:Tasks"}  # beats once the worker consumes tasks

        def __init__(self, consumer, **kwargs):
            super().__init__(consumer, **kwargs)
            self.timer_entry = None

        def start(self, consumer):
            self._beat(consumer.hostname)
            self.timer_entry = consumer.timer.call_repeatedly(BEAT_SECONDS, self._beat, (consumer.hostname,))

        def stop(self, consumer):
            if self.timer_entry is not None:
                self.timer_entry.cancel()
                self.timer_entry = None
            with contextlib.suppress(redis.RedisError):  # else the note lapses by itself
                presence.gone(consumer.hostname)

        shutdown = stop

        @staticmethod
        def _beat(hostname: str) -> None:
            try:
                presence.beat(hostname)
            except redis.RedisError as error:  # Redis away for a moment: the next beat tries again
                log.warning("Worker presence not noted: %s", type(error).__name__)

    celery_app.steps["consumer"].add(Presence)
