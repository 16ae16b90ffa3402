"""The job engine behind Dash background callbacks: DiskcacheManager locally, CeleryManager on Redis.

Both are wrapped so that what reaches the job (a subprocess, or a Celery message) holds no
secret: Dash would pass the request's cookies and headers along, and we drop them. In their
place goes the caller's identity, read from the session here, on the request path: the app key,
the vault id (the job opens the token itself), and the provider account ids and usernames. Nothing
of the request itself goes along: where a job sends its calls is configuration, never a header.

Both also notice a job that died (a killed worker, a restarted web process): Dash would poll it
for ever. A job keeps a heartbeat in Redis; once it lapses with no result, the page is answered
LOST_JOB and starts the sync again.
"""

import logging
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

import redis
from dash import DiskcacheManager
from flask import session

from core.config import Config
from core.connections import Store
from sync.jobs.heartbeat import Heartbeat

log = logging.getLogger(__name__)

IDENTITY = "sync_identity"
LOST_JOB = {"lost": True}  # what a background callback answers when its job died without a result
_DROPPED_HEADERS = {"cookie", "authorization", "x-csrf-token"}


def identity(app_key: str) -> dict:
    """Who the job works for: non-secret identifiers only."""
    from web.accounts import signed_in as signed_in_accounts

    signed_in = {provider: asdict(account) for provider, account in signed_in_accounts().items()}
    return {
        "app": app_key,
        "vault": session.get("vault"),
        "accounts": {provider: account["id"] for provider, account in signed_in.items()},
        "usernames": {provider: account["username"] for provider, account in signed_in.items()},
    }


def scrubbed(context: dict, app_key: str, job_key: str) -> dict:
    clean = dict(context)
    clean["cookies"] = {}
    clean["headers"] = {k: v for k, v in (context.get("headers") or {}).items() if k.lower() not in _DROPPED_HEADERS}
    clean[IDENTITY] = {**identity(app_key), "job": job_key}
    return clean


class Identified:
    """Mixin: hand the job its caller's identity instead of the caller's cookies, and notice a job that died."""

    app_key: str
    redis: redis.Redis

    def call_job_fn(self, key, job_fn, args, context):
        Heartbeat(self.redis, self.app_key, key).queued()
        return super().call_job_fn(key, job_fn, args, scrubbed(context, self.app_key, key))

    def get_result(self, key, job):
        """The job's result; LOST_JOB once it has none and is gone (no heartbeat, or its process ended)."""
        result = super().get_result(key, job)
        if result is self.UNDEFINED and not (
            self.job_running(job) and Heartbeat(self.redis, self.app_key, key).alive()
        ):
            log.warning("A background job ended without a result; the page starts it again")
            return {**LOST_JOB, "at": time.time()}
        return result


class LocalJobs(Identified, DiskcacheManager):
    pass


HEAD_START_TASK = "sync.head_start"


def run_head_start(provider: str, who: dict, datasets: list[str], at: float) -> None:
    from sync.jobs.runner import sync_job

    try:
        sync_job(provider, who, datasets, lambda *_progress: None, since=at, head_start=True)
    except Exception as error:  # noqa: BLE001 - the page's own job syncs whatever this left
        log.warning("A sync's head start failed: %s", type(error).__name__)


class HeadStart:
    """Begins a page's due sync on the server while the page is sent, instead of once the browser has shown it
    (about 0.7 s later): a Celery task on the worker, or a thread of this process with local jobs. The page's
    own job then finds the datasets claimed, waits for them and relays their progress (sync/jobs/runner.py)."""

    def __init__(self, app_key: str, celery_app=None):
        self.app_key, self.celery_app = app_key, celery_app

    def __call__(self, provider: str, datasets: list[str], at: float) -> None:
        who = identity(self.app_key)
        try:
            if self.celery_app is not None:
                from web.celery_jobs import bounded_producer

                with bounded_producer(self.celery_app) as producer:
                    self.celery_app.send_task(
                        HEAD_START_TASK, args=[provider, who, datasets, at], expires=60, producer=producer
                    )
            else:
                threading.Thread(target=run_head_start, args=(provider, who, datasets, at), daemon=True).start()
        except Exception as error:  # noqa: BLE001 - the broker away: the page's own job still runs
            log.warning("A sync's head start was not sent: %s", type(error).__name__)


def job_manager(config: Config, store: Store):
    """The background-callback manager the configuration asks for."""
    if config.background_jobs == "celery":
        from web.celery_jobs import celery_manager

        return celery_manager(config, store)
    import diskcache

    directory = Path(config.job_cache_dir) if not config.testing else Path(tempfile.mkdtemp(prefix="dash-jobs-"))
    directory.mkdir(parents=True, exist_ok=True)
    manager = LocalJobs(diskcache.Cache(str(directory)), expire=3600)
    manager.app_key, manager.redis = config.key_prefix, store.client
    return manager


def job_identity() -> dict:
    """Inside a job: the identity the manager attached to it."""
    from dash._callback_context import context_value

    found = context_value.get().get(IDENTITY)
    if not found:
        raise RuntimeError("background job started without an identity")
    return found
