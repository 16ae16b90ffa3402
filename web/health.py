"""GET /healthz: is every part this app depends on answering? 200 when so, 503 naming what is not.

Uptime monitors and routers probe in parallel, so a probe shares nothing it could wait on with the pages: it
reads Redis over a connection of its own, with short timeouts, and learns of the Celery workers from the note
each keeps there (web/worker_presence.py), never from a broadcast over the process's broker pool. A probe
answers within about HEALTH_SECONDS, whatever Redis, the worker or the other requests do.
"""

import logging

import redis
from flask import Flask, jsonify

from core.connections import Store, single_connection_client
from web.worker_presence import WorkerPresence

log = logging.getLogger(__name__)

HEALTH_SECONDS = 1.0  # each of: waiting for the probes' connection, connecting, reading a reply


def check(client: redis.Redis, presence: WorkerPresence | None) -> dict[str, bool]:
    """Redis answers; and, with Celery jobs, at least one worker noted itself lately."""
    try:
        checks = {"redis": bool(client.ping())}
        if presence is not None:  # BACKGROUND_JOBS=celery: syncs need a live worker
            checks["worker"] = presence.alive() > 0
    except redis.RedisError as error:
        log.warning("Health check could not read Redis: %s", type(error).__name__)
        checks = {"redis": False, **({"worker": False} if presence is not None else {})}
    return checks


def register_health(server: Flask, store: Store, key_prefix: str, with_worker: bool) -> None:
    # One connection for every probe of this process: a probe that cannot have it within HEALTH_SECONDS
    # reports Redis down rather than queueing.
    client = single_connection_client(store, HEALTH_SECONDS)
    presence = WorkerPresence(client, key_prefix) if with_worker else None

    @server.get("/healthz")
    def healthz():
        checks = check(client, presence)
        healthy = all(checks.values())
        body = {"status": "ok" if healthy else "unavailable", **{k: "ok" if v else "down" for k, v in checks.items()}}
        return jsonify(body), 200 if healthy else 503
