"""GET /healthz and the waits a request may make on the process's shared pools: probes in parallel beside a
real Celery worker, Redis away, a worker gone, and a broker pool held by others."""

import concurrent.futures
import time

import pytest
import requests

from sandbox.twitch import seed
from tests.helpers.config import app_config
from tests.helpers.consent import sign_in
from tests.helpers.servers import free_port
from tests.helpers.workers import app_with_worker

PROBES = 20
PROBE_LIMIT_SECONDS = 3.0  # each probe's answer, however many arrive together


def test_health_reports_redis(live_app):
    healthy = requests.get(live_app + "/healthz")
    assert healthy.status_code == 200 and healthy.json() == {"status": "ok", "redis": "ok"}


def test_health_is_503_when_redis_is_away(redis_url, key_prefix):
    from factory import create_app

    app = create_app(app_config(f"redis://127.0.0.1:{free_port()}/0", key_prefix))
    reply = app.server.test_client().get("/healthz")
    assert reply.status_code == 503 and reply.get_json() == {"status": "unavailable", "redis": "down"}


def test_health_is_503_when_no_celery_worker_answers(redis_url, key_prefix):
    from factory import create_app

    app = create_app(app_config(redis_url, key_prefix, background_jobs="celery"))
    reply = app.server.test_client().get("/healthz")
    assert reply.status_code == 503 and reply.get_json() == {"status": "unavailable", "redis": "ok", "worker": "down"}


def test_a_worker_that_stopped_noting_itself_counts_as_down(redis_client, key_prefix):
    from web.worker_presence import SEEN_WITHIN_SECONDS, WorkerPresence

    presence = WorkerPresence(redis_client, key_prefix)
    now = time.time()
    presence.beat("celery@a", now - SEEN_WITHIN_SECONDS - 1)  # killed without a word: its last beat ages out
    presence.beat("celery@b", now)
    assert presence.alive(now) == 1
    presence.gone("celery@b")  # a worker shutting down says so
    assert presence.alive(now) == 0


def _probe(url: str) -> tuple[object, float]:
    started = time.monotonic()
    try:
        reply = requests.get(url + "/healthz", timeout=10)
        return reply.status_code, time.monotonic() - started
    except requests.RequestException as error:
        return type(error).__name__, time.monotonic() - started


def test_parallel_probes_answer_at_once_and_leave_the_process_serving(redis_url, redis_client):
    """Probes in parallel once deadlocked the process's broker pool (each held a connection and waited for a
    producer): they timed out, and every sync the process sent afterwards waited behind them for good."""
    from sync.cache.store import DataStore

    with app_with_worker(redis_url) as (url, prefix, _worker, _database):
        for _ in range(2):  # twice: a second wave after the first finds nothing left held
            with concurrent.futures.ThreadPoolExecutor(PROBES) as pool:
                answers = list(pool.map(lambda _: _probe(url), range(PROBES)))
            assert [status for status, _ in answers] == [200] * PROBES, answers
            assert max(seconds for _, seconds in answers) < PROBE_LIMIT_SECONDS, answers
        # The process still hands syncs to the worker: a first view's head start fetches the channel.
        http = requests.Session()
        sign_in(http, url, "twitch", seed.STREAMER.login)
        http.get(url + "/_dash-layout", headers={"Referer": url + "/twitch"}, timeout=30).raise_for_status()
        store, deadline = DataStore(redis_client, prefix), time.monotonic() + 30
        while not {"profile", "videos"} <= set(store.status("twitch", seed.STREAMER.id)):
            assert time.monotonic() < deadline, "the head start never reached the worker"
            time.sleep(0.2)


@pytest.fixture
def celery_jobs(redis_url, key_prefix):
    """The Celery job manager of a web process (no worker needed: nothing here is meant to run)."""
    from factory import create_app

    app = create_app(app_config(redis_url, key_prefix, background_jobs="celery"))
    return app.server.extensions["head_start"], app._background_manager


def test_a_request_never_waits_unbounded_for_the_broker_pool(celery_jobs, monkeypatch):
    """Others hold every pooled broker connection: the head start and the page's job give up within the bound."""
    from web.background import LOST_JOB
    from web.celery_jobs import BROKER_WAIT_SECONDS, UNSENT_JOB

    head_start, manager = celery_jobs
    celery_app = manager.handle
    held = [celery_app.pool.acquire(block=True) for _ in range(celery_app.conf.broker_pool_limit)]
    try:
        monkeypatch.setattr("web.background.identity", lambda app_key: {"app": app_key})  # no session here
        started = time.monotonic()
        head_start("twitch", ["profile"], time.time())
        assert time.monotonic() - started < BROKER_WAIT_SECONDS + 1.5
        started = time.monotonic()
        job = manager.call_job_fn("page-job", celery_app.tasks["sync.head_start"], [], {})
        assert job == UNSENT_JOB and time.monotonic() - started < BROKER_WAIT_SECONDS + 1.5
        assert manager.get_result("page-job", job)["lost"] == LOST_JOB["lost"]  # the page asks for it again
    finally:
        for connection in held:
            connection.release()
