"""Load on the production shape: many signed-in users opening their dashboard on cached data.

The app runs as the Procfile runs it (gunicorn with gunicorn.conf.py: 2 processes x 8 threads, and
a Celery worker with concurrency 4), on loopback, against the Redis the tests use. Each user has
a session of its own and opens /twitch over and over: the page, its layout, and every callback
its load fires (benchmarks/dash_client.py), for a bounded time. Printed: errors, median and p95 of
request times, requests per second, the Redis connections the app's processes hold, and their RSS.

    python -m benchmarks.load [users] [seconds] [celery|local]
"""

import os
import shlex
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import redis
import requests

from tests.helpers.consent import sign_in
from tests.helpers.servers import delete_prefixed, free_port, test_redis_url, unique_prefix

from .dash_client import plan_page_load

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ACCOUNT = "sandbox_streamer"
HEROKU_MINI_CONNECTIONS = 20


def procfile_command(process: str) -> list[str]:
    """The Procfile's command for ``process``, run from this virtualenv."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith(process + ":"))
    command = shlex.split(line.removeprefix(process + ":"))
    return [str(BIN / command[0]), *command[1:]]


def start_production_shape(redis_url: str, prefix: str, port: int, jobs: str) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "ENVIRONMENT": "testing",
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": prefix,
        "PORT": str(port),
        "SECRET_KEY": "load-benchmark-secret",
        "BACKGROUND_JOBS": jobs,
        "SIGN_IN_RATE_LIMIT": "10000 per minute",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "8",
    }
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT, "env": env}
    web = subprocess.Popen([str(BIN / "gunicorn"), "app:server", "--access-logfile", "/dev/null"], **quiet)
    if jobs == "local":  # the Heroku button's formation: web dynos only, syncs in their own processes
        return [web]
    worker = subprocess.Popen(procfile_command("worker"), **quiet)
    return [web, worker]


def wait_until_healthy(url: str, processes, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        if any(p.poll() is not None for p in processes):
            break
        time.sleep(0.3)
    raise RuntimeError("the production shape did not become healthy")


def _tree(process: subprocess.Popen) -> list[psutil.Process]:
    root = psutil.Process(process.pid)
    return [root, *root.children(recursive=True)]


def sample_resources(processes, redis_port: int) -> tuple[dict[str, int], int]:
    """(Redis connections held by each kind of the app's processes, their summed RSS in bytes) right now."""
    connections: dict[str, int] = {}
    rss = 0
    for role, process in zip(("web", "worker"), processes):
        root = psutil.Process(process.pid)
        for member in _tree(process):
            kind = f"{role} {'main' if member.pid == root.pid else 'child'}"
            try:
                held = sum(
                    1
                    for c in member.net_connections(kind="tcp")
                    if c.raddr and c.raddr.port == redis_port and c.status == psutil.CONN_ESTABLISHED
                )
                rss += member.memory_info().rss
            except psutil.NoSuchProcess:
                continue
            connections[kind] = connections.get(kind, 0) + held
    return connections, rss


def run(users: int = 50, seconds: float = 60, jobs: str = "celery") -> None:
    redis_url, throwaway = test_redis_url()
    redis_port = redis.Redis.from_url(redis_url).connection_pool.connection_kwargs["port"]
    prefix, port = unique_prefix(), free_port()
    url = f"http://127.0.0.1:{port}"
    processes = start_production_shape(redis_url, prefix, port, jobs)
    try:
        wait_until_healthy(url, processes)
        _store_the_channel(redis_url, prefix, url)
        sessions = _signed_in_users(url, users)
        page = plan_page_load(sessions[0], url, "/twitch")
        timings, errors, peak = _hammer(url, page, sessions, seconds, processes, redis_port)
        _report(users, seconds, jobs, timings, errors, peak)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        delete_prefixed(redis.Redis.from_url(redis_url), prefix)
        if throwaway:
            throwaway.stop()


def _signed_in_users(url: str, users: int) -> list[requests.Session]:
    sessions = []
    for _ in range(users):
        http = requests.Session()
        sign_in(http, url, "twitch", ACCOUNT)
        sessions.append(http)
    return sessions


def _store_the_channel(redis_url: str, prefix: str, url: str) -> None:
    """Sync the channel once into the app's store, so every view reads cached data."""
    from factory import create_app
    from providers.refresh import memory_keeper
    from providers.twitch.client import TwitchClient
    from sandbox.twitch.seed import ACCOUNTS
    from sync.twitch import TwitchSync
    from tests.helpers.config import app_config
    from tests.helpers.twitch_sandbox import sandbox_app, sandbox_token

    app = create_app(app_config(redis_url, prefix, sandbox_url=url))
    runtime = app.server.extensions["runtime"]
    token = sandbox_token(url, ACCOUNT)
    client = TwitchClient(sandbox_app(url), token, memory_keeper(token, runtime.redis, prefix + "load-lock"))
    TwitchSync(client, runtime.store, runtime.archive, ACCOUNTS[ACCOUNT].id).run()


def _hammer(url, page, sessions, seconds, processes, redis_port):
    timings: list[float] = []
    errors = [0]
    kinds: dict[str, int] = {}
    lock = threading.Lock()
    stop = threading.Event()
    peak = {"connections": 0, "rss": 0, "by_kind": {}}

    def user(http: requests.Session):
        while not stop.is_set():
            for body in [None, *page.bodies]:
                started = time.perf_counter()
                try:
                    reply = (
                        http.get(url + page.path, timeout=30)
                        if body is None
                        else http.post(url + "/_dash-update-component", json=body, timeout=30)
                    )
                    ok, what = reply.status_code in (200, 204), str(reply.status_code)
                except requests.RequestException as error:
                    ok, what = False, type(error).__name__
                with lock:
                    timings.append(time.perf_counter() - started)
                    if not ok:
                        errors[0] += 1
                        kinds[what] = kinds.get(what, 0) + 1

    def watch():
        while not stop.wait(0.5):
            by_kind, rss = sample_resources(processes, redis_port)
            if sum(by_kind.values()) >= peak["connections"]:
                peak["connections"], peak["by_kind"] = sum(by_kind.values()), by_kind
            peak["rss"] = max(peak["rss"], rss)

    threads = [threading.Thread(target=user, args=(http,), daemon=True) for http in sessions]
    threads.append(threading.Thread(target=watch, daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(35)
    peak["errors"] = kinds
    return timings, errors[0], peak


SHAPES = {"celery": "gunicorn 2 x 8 threads + Celery worker x 4", "local": "gunicorn 2 x 8 threads, local jobs"}


def _report(users, seconds, jobs, timings, errors, peak) -> None:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1] if ordered else 0
    median = statistics.median(ordered) if ordered else 0
    print(
        f"Load: {users} signed-in users opening /twitch on cached data for {seconds:.0f} s ({SHAPES[jobs]}, loopback)"
    )
    print(
        f"  requests {len(timings):,}, errors {errors} {peak['errors'] or ''}(goal 0), median {median * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, {len(timings) / seconds:.1f} requests/s"
    )
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(peak["by_kind"].items()))
    print(
        f"  Redis connections held by the app's processes, peak: {peak['connections']} ({kinds}; "
        f"Heroku Redis mini allows {HEROKU_MINI_CONNECTIONS}); RSS of the app's processes, peak: "
        f"{peak['rss'] / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    numbers = [float(a) for a in sys.argv[1:3]]
    shapes = sys.argv[3:] or ["celery", "local"]
    for shape in shapes:
        run(int(numbers[0]) if numbers else 50, numbers[1] if len(numbers) > 1 else 60, shape)
