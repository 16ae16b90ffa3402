"""GET /healthz: is every part this app depends on answering? 200 when so, 503 naming what is not."""

import logging

import redis
from flask import Flask, jsonify

log = logging.getLogger(__name__)

WORKER_PING_SECONDS = 1.0


def _redis_ok(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def _worker_ok(celery_app) -> bool:
    """At least one Celery worker answered a ping over the broker."""
    try:
        return bool(celery_app.control.ping(timeout=WORKER_PING_SECONDS))
    except Exception as error:  # noqa: BLE001 - a broker that is away means no worker can be reached
        log.warning("Celery worker ping failed: %s", type(error).__name__)
        return False


def register_health(server: Flask, client: redis.Redis, celery_app=None) -> None:
    @server.get("/healthz")
    def healthz():
        checks = {"redis": _redis_ok(client)}
        if celery_app is not None:  # BACKGROUND_JOBS=celery: syncs need a live worker
            checks["worker"] = checks["redis"] and _worker_ok(celery_app)
        healthy = all(checks.values())
        body = {"status": "ok" if healthy else "unavailable", **{k: "ok" if v else "down" for k, v in checks.items()}}
        return jsonify(body), 200 if healthy else 503
