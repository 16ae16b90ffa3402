"""The production job engine: the app and a Celery worker started as the Procfile starts them.

The web process hands the Twitch sync to the worker through Redis; the browser sees the charts.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.servers import delete_prefixed, free_port, unique_prefix
from tests.helpers.browser import sign_in

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.fixture
def celery_app_url(redis_url, redis_client):
    prefix = unique_prefix()
    port = free_port()
    env = {**os.environ, "ENVIRONMENT": "testing", "REDIS_URL": redis_url, "REDIS_KEY_PREFIX": prefix,
           "BACKGROUND_JOBS": "celery", "PORT": str(port), "SECRET_KEY": "celery-test-secret"}
    worker = subprocess.Popen([str(BIN / "celery"), "-A", "app:celery_app", "worker", "--concurrency=2",
                               "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    web = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        yield url, prefix
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        delete_prefixed(redis_client, prefix)


def test_a_celery_worker_runs_the_twitch_sync(dash_br, celery_app_url, redis_client):
    url, prefix = celery_app_url
    assert requests.get(url + "/healthz", timeout=5).json() == {"status": "ok", "redis": "ok", "worker": "ok"}
    streamer = ACCOUNTS["sandbox_streamer"]
    dash_br.server_url = url
    sign_in(dash_br, "twitch", streamer.login)
    dash_br.wait_for_text_to_equal("#twitch-card-followers-value", f"{streamer.followers:,}", timeout=60)
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    # The work went through Celery (results under the app's prefix), not a local process.
    assert any(b"celery-task-meta-" in key for key in redis_client.scan_iter(match=prefix + "celery:*"))
