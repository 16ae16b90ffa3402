"""The production job engine: the app and a Celery worker started as the Procfile starts them.

The web process hands the Twitch sync to the worker through Redis; the browser sees the charts.
"""

import contextlib
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import redis
import requests

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.browser import click_panel_button, sign_in
from tests.helpers.servers import ThrowawayRedis, delete_prefixed, free_port, unique_prefix

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_DOWN_SECONDS = 10  # as long as the outage the worker failed to recover from
NEXT_SYNC_SECONDS = 30


def procfile_worker() -> list[str]:
    """The Procfile's worker command, run from this virtualenv (its options matter: mingle and gossip are on)."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("worker:"))
    command = shlex.split(line.removeprefix("worker:"))
    return [str(BIN / command[0]), *command[1:]]


@contextlib.contextmanager
def app_with_worker(redis_url: str):
    """The app (python app.py) and a Celery worker on ``redis_url``; yields (base URL, key prefix, worker process)."""
    prefix = unique_prefix()
    port = free_port()
    env = {
        **os.environ,
        "ENVIRONMENT": "testing",
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": prefix,
        "BACKGROUND_JOBS": "celery",
        "PORT": str(port),
        "SECRET_KEY": "celery-test-secret",
    }
    worker = subprocess.Popen(
        procfile_worker() + ["--concurrency=2", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    web = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:  # until the app answers and its health check finds the worker
            try:
                if requests.get(url + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or web.poll() is not None or worker.poll() is not None:
                raise RuntimeError("the app or its worker did not start")
            time.sleep(0.2)
        yield url, prefix, worker
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        with contextlib.suppress(redis.RedisError):
            delete_prefixed(redis.Redis.from_url(redis_url), prefix)


@pytest.fixture
def celery_app_url(redis_url):
    with app_with_worker(redis_url) as served:
        yield served


def test_a_celery_worker_runs_the_twitch_sync(dash_br, celery_app_url, redis_client):
    url, prefix, _worker = celery_app_url
    assert requests.get(url + "/healthz", timeout=5).json() == {"status": "ok", "redis": "ok", "worker": "ok"}
    streamer = ACCOUNTS["sandbox_streamer"]
    dash_br.server_url = url
    sign_in(dash_br, "twitch", streamer.login)
    dash_br.wait_for_text_to_equal("#twitch-card-followers-value", f"{streamer.followers:,}", timeout=60)
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    # The work went through Celery (results under the app's prefix), not a local process.
    assert any(b"celery-task-meta-" in key for key in redis_client.scan_iter(match=prefix + "celery:*"))


def _fetched_at(client: redis.Redis, prefix: str, account: str, dataset: str) -> float | None:
    from sync.store import DataStore

    status = DataStore(client, prefix).status("twitch", account).get(dataset)
    return status.fetched_at if status else None


def test_the_worker_consumes_again_after_redis_restarts(dash_br):
    """Redis (with AOF, as in production) stops and starts again; nothing else is restarted."""
    own = ThrowawayRedis(appendonly=True)
    streamer = ACCOUNTS["sandbox_streamer"]
    try:
        with app_with_worker(own.url) as (url, prefix, _worker):
            dash_br.server_url = url
            sign_in(dash_br, "twitch", streamer.login)
            dash_br.wait_for_element("#twitch-subscriber-graph .main-svg", timeout=60)
            client = redis.Redis.from_url(own.url)
            before = _fetched_at(client, prefix, streamer.id, "subscriptions")
            own.halt()
            time.sleep(REDIS_DOWN_SECONDS)
            own.start()
            asked = time.monotonic()
            click_panel_button(dash_br, "panel-refresh", "subscribers")
            while (_fetched_at(client, prefix, streamer.id, "subscriptions") or 0) <= before:
                assert time.monotonic() - asked < NEXT_SYNC_SECONDS, "the sync after Redis came back never ran"
                time.sleep(0.25)
            print(f"next sync done {time.monotonic() - asked:.1f} s after Redis came back")
    finally:
        own.stop()


def test_a_sync_whose_worker_process_is_killed_mid_walk_is_redelivered_and_resumes(dash_br, redis_url, redis_client):
    """The pool process running the X walk dies (OOM killer, a crash): Celery requeues the job, and the job
    takes over the dead one's datasets and resumes the walk from its checkpoint."""
    from tests.helpers.interruptions import (
        BACK_WITHIN_SECONDS,
        HEAVY,
        KILLED_AFTER,
        LATENCY_MS,
        TIMELINE_PAGES,
        kill,
        private_pages,
        wait_for_pages,
        walked,
    )

    with app_with_worker(redis_url) as (url, prefix, worker):
        requests.post(f"{url}/sandbox/_faults", json={"provider": "x", "latency_ms": LATENCY_MS}).raise_for_status()
        dash_br.server_url = url
        sign_in(dash_br, "twitter", HEAVY.username)
        wait_for_pages(redis_client, prefix, KILLED_AFTER)
        kill(psutil.Process(worker.pid).children())
        killed = time.monotonic()
        dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=BACK_WITHIN_SECONDS)
        took = time.monotonic() - killed
        pages = walked(redis_client, prefix)
    print(f"charts {took:.1f} s after the worker process was killed at page {KILLED_AFTER}; {pages} pages in all")
    assert pages <= TIMELINE_PAGES + 1 + private_pages()  # resumed, not walked again; then the private metrics
