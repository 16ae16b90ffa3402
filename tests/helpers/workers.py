"""The production shape in processes: `python app.py` as the web process and the Procfile's Celery worker."""

import contextlib
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import redis
import requests

from tests.helpers.config import fresh_database_url
from tests.helpers.servers import delete_prefixed, free_port, unique_prefix

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def procfile_worker() -> list[str]:
    """The Procfile's worker command, run from this virtualenv (its options matter: mingle and gossip are on)."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("worker:"))
    command = shlex.split(line.removeprefix("worker:"))
    return [str(BIN / command[0]), *command[1:]]


@contextlib.contextmanager
def app_with_worker(redis_url: str, **settings: str):
    """The app (python app.py) and a Celery worker on ``redis_url``, sharing a history database of their own;
    yields (base URL, key prefix, worker process, database URL). ``settings``: more environment variables."""
    prefix, port, database_url = unique_prefix(), free_port(), fresh_database_url()
    env = {
        **os.environ,
        "ENVIRONMENT": "testing",
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": prefix,
        "BACKGROUND_JOBS": "celery",
        "PORT": str(port),
        "SECRET_KEY": "celery-test-secret",
        "DATABASE_URL": database_url,
        "HISTORY_DEMO": "0",
        **settings,
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
        yield url, prefix, worker, database_url
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
