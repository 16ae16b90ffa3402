"""The production job engine: the app and a Celery worker started as the Procfile starts them.

The web process hands the Twitch sync to the worker through Redis; the browser sees the charts.
"""

import time

import psutil
import pytest
import redis
import requests

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.browser import click_panel_button, sign_in
from tests.helpers.servers import ThrowawayRedis
from tests.helpers.workers import app_with_worker

REDIS_DOWN_SECONDS = 10  # as long as the outage the worker failed to recover from
NEXT_SYNC_SECONDS = 30


@pytest.fixture
def celery_app_url(redis_url):
    with app_with_worker(redis_url) as served:
        yield served


def test_a_celery_worker_runs_the_twitch_sync(dash_br, celery_app_url, redis_client):
    url, prefix, _worker, _database = celery_app_url
    assert requests.get(url + "/healthz", timeout=5).json() == {"status": "ok", "redis": "ok", "worker": "ok"}
    streamer = ACCOUNTS["sandbox_streamer"]
    dash_br.server_url = url
    sign_in(dash_br, "twitch", streamer.login)
    dash_br.wait_for_text_to_equal("#twitch-card-followers-value", f"{streamer.followers:,}", timeout=60)
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    # The work went through Celery (results under the app's prefix), not a local process.
    assert any(b"celery-task-meta-" in key for key in redis_client.scan_iter(match=prefix + "celery:*"))


def _fetched_at(client: redis.Redis, prefix: str, account: str, dataset: str) -> float | None:
    from sync.cache.store import DataStore

    status = DataStore(client, prefix).status("twitch", account).get(dataset)
    return status.fetched_at if status else None


def test_the_worker_consumes_again_after_redis_restarts(dash_br):
    """Redis (with AOF, as in production) stops and starts again; nothing else is restarted."""
    own = ThrowawayRedis(appendonly=True)
    streamer = ACCOUNTS["sandbox_streamer"]
    try:
        with app_with_worker(own.url) as (url, prefix, _worker, _database):
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

    with app_with_worker(redis_url) as (url, prefix, worker, _database):
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
    # Resumed, not walked again (a walk from page one would come to about 47 here). The private metrics run
    # beside the walk, so the killed job's were fetched and lost with it: the resumed job fetches them again;
    # a page of the walk and one of theirs may have been on their way when it was killed.
    assert pages <= TIMELINE_PAGES + 2 + 2 * private_pages()
