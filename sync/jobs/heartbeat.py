"""A background job's sign of life, so that a job that died is noticed and its sync started again."""

import redis


class Heartbeat:
    """A background job's sign of life in Redis, by its Dash cache key.

    Set when the job is handed over, long enough for a worker to take it up; renewed by the job while it
    runs (see sync/jobs/runner.py). A killed job stops renewing it, and it lapses.
    """

    QUEUED_SECONDS = 25
    ALIVE_SECONDS = 10

    def __init__(self, client: redis.Redis, key_prefix: str, job_key: str | None):
        self.client = client
        self.key = f"{key_prefix}job-alive:{job_key}" if job_key else None

    def queued(self) -> None:
        self.client.set(self.key, 1, ex=self.QUEUED_SECONDS)

    def forget(self) -> None:
        """The job was never handed over: it has no life to wait for."""
        self.client.delete(self.key)

    def beat(self) -> None:
        if self.key:
            self.client.set(self.key, 1, ex=self.ALIVE_SECONDS)

    def alive(self) -> bool:
        return bool(self.client.exists(self.key))
