"""Load on the production shape: many signed-in users opening their dashboard on cached data.

The app runs as the Procfile runs it (its release phase, then gunicorn with gunicorn.conf.py: 2 processes
x 8 threads, and a Celery worker with concurrency 4), on loopback, against the Redis and the PostgreSQL
the tests use (a schema of its own). Each user has
a session of its own and opens /twitch over and over: the page, its layout, and every callback
its load fires (benchmarks/dash_client.py), for a bounded time. Printed: errors, median and p95 of
request times, views and requests per second, the Redis connections the app's processes hold, and
their RSS; and the views per second of the floor (benchmarks/floor.py: a default Dash app sending
the same figures, served by gunicorn with the same settings) under the same users, the two
measured in alternating rounds.

    python -m benchmarks.load [users ...] [--seconds N] [--shape celery|local]
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import redis
import requests

from tests.helpers.consent import sign_in
from tests.helpers.database import PostgresSchema, postgres_url
from tests.helpers.servers import delete_prefixed, free_port, test_redis_url, unique_prefix

from .common import start_served, stop_served
from .dash_client import BROWSER, DISPATCH, plan_page_load
from .floor import floor_bodies

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ACCOUNT = "sandbox_streamer"
HEROKU_MINI_CONNECTIONS = 20
THROUGHPUT_GOAL = 0.67  # the app's views per second over the floor's
ROUNDS = 2  # alternating rounds of the app and the floor
HEALTH_PROBES = 20  # uptime monitors and routers probing /healthz in parallel, beside the users
STALL_SECONDS = 5.0  # a request (a view's or a probe's) waiting this long met a stalled process


def procfile_command(process: str) -> list[str]:
    """The Procfile's command for ``process``, run from this virtualenv."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith(process + ":"))
    command = shlex.split(line.removeprefix(process + ":"))
    return [str(BIN / command[0]), *command[1:]]


def start_production_shape(
    redis_url: str, prefix: str, port: int, jobs: str, database_url: str
) -> list[subprocess.Popen]:
    """The Procfile's processes; its release phase (the schema's migrations) first, as Heroku runs it."""
    env = {
        **os.environ,
        "ENVIRONMENT": "testing",
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": prefix,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "SECRET_KEY": "load-benchmark-secret",
        "BACKGROUND_JOBS": jobs,
        "SIGN_IN_RATE_LIMIT": "10000 per minute",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "8",
    }
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT, "env": env}
    subprocess.run(procfile_command("release"), check=True, **quiet)
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
    database = PostgresSchema(postgres_url())  # Heroku Postgres's stand-in: a schema of this run's own
    processes = start_production_shape(redis_url, prefix, port, jobs, database.url)
    floor = None
    try:
        wait_until_healthy(url, processes)
        _store_the_channel(redis_url, prefix, url)
        sessions = _signed_in_users(url, users)
        page = plan_page_load(sessions[0], url, "/twitch")
        layout = ("GET", "/_dash-layout", {"Referer": page.referer, **BROWSER})
        app_view = [("GET", page.path, BROWSER), layout, *(("POST", body, BROWSER) for body in page.bodies)]
        figures = page.figures(sessions[0], url)
        with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
            json.dump(figures, file)
            file.flush()
            floor, floor_url = start_served("benchmarks.floor", file.name, os.environ.get("WEB_CONCURRENCY", "2"))
        floor_view = [
            ("GET", "/", BROWSER),
            ("GET", "/_dash-layout", BROWSER),
            *(("POST", body, BROWSER) for body in floor_bodies(requests, floor_url)),
        ]
        floor_sessions = [requests.Session() for _ in range(users)]
        app, floor_load = Load(), Load()
        for _ in range(ROUNDS):
            _hammer(url, app_view, sessions, seconds / ROUNDS, processes, redis_port, app, HEALTH_PROBES)
            _hammer(floor_url, floor_view, floor_sessions, seconds / ROUNDS, [], redis_port, floor_load)
        _report(users, seconds, jobs, app, floor_load, len(figures))
    finally:
        if floor:
            stop_served(floor)
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        delete_prefixed(redis.Redis.from_url(redis_url), prefix)
        database.drop()
        if throwaway:
            throwaway.stop()


@dataclass
class Load:
    """What the users of one server got, summed over its rounds."""

    timings: list[float] = field(default_factory=list)
    views: int = 0
    seconds: float = 0
    errors: dict[str, int] = field(default_factory=dict)
    first_error: dict[str, str] = field(default_factory=dict)  # per kind, what the first one said and where
    probes: list[float] = field(default_factory=list)  # seconds of each /healthz answer
    probe_errors: dict[str, int] = field(default_factory=dict)
    peak: dict = field(default_factory=lambda: {"connections": 0, "rss": 0, "by_kind": {}})


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
    from sync.plans.twitch import TwitchSync
    from tests.helpers.config import app_config
    from tests.helpers.twitch_sandbox import sandbox_app, sandbox_token

    app = create_app(app_config(redis_url, prefix, sandbox_url=url))
    runtime = app.server.extensions["runtime"]
    token = sandbox_token(url, ACCOUNT)
    client = TwitchClient(sandbox_app(url), token, memory_keeper(token, runtime.redis, prefix + "load-lock"))
    TwitchSync(client, runtime.store, runtime.archive, ACCOUNTS[ACCOUNT].id).run()


def _hammer(url, view, sessions, seconds, processes, redis_port, load: Load, probes: int = 0) -> None:
    """Every user views the page over and over for ``seconds``, beside ``probes`` health probes doing the same
    with /healthz; adds what they got to ``load``."""
    lock = threading.Lock()
    stop = threading.Event()

    def user(http: requests.Session):
        while not stop.is_set():
            for method, what, headers in view:
                started = time.perf_counter()
                where = f"{method} {what if method == 'GET' else DISPATCH}"
                try:
                    reply = (
                        http.get(url + what, headers=headers, timeout=30)
                        if method == "GET"
                        else http.post(url + DISPATCH, json=what, headers=headers, timeout=30)
                    )
                    ok, kind = reply.status_code in (200, 204), str(reply.status_code)
                    said = f"{reply.status_code} on {where}"
                except requests.RequestException as error:
                    ok, kind = False, type(error).__name__
                    said = f"{error} on {where}"
                with lock:
                    load.timings.append(time.perf_counter() - started)
                    if not ok:
                        load.errors[kind] = load.errors.get(kind, 0) + 1
                        load.first_error.setdefault(kind, said[:300])
            with lock:
                if not stop.is_set():  # a view cut by the end of the round does not count
                    load.views += 1

    def watch():
        peak = load.peak
        while not stop.wait(0.5):
            by_kind, rss = sample_resources(processes, redis_port)
            if sum(by_kind.values()) >= peak["connections"]:
                peak["connections"], peak["by_kind"] = sum(by_kind.values()), by_kind
            peak["rss"] = max(peak["rss"], rss)

    def probe():
        http = requests.Session()
        while not stop.is_set():
            started = time.perf_counter()
            try:
                ok, kind = http.get(url + "/healthz", timeout=30).status_code == 200, "503"
            except requests.RequestException as error:
                ok, kind = False, type(error).__name__
            with lock:
                load.probes.append(time.perf_counter() - started)
                if not ok:
                    load.probe_errors[kind] = load.probe_errors.get(kind, 0) + 1
            stop.wait(0.2)

    threads = [threading.Thread(target=user, args=(http,), daemon=True) for http in sessions]
    threads += [threading.Thread(target=probe, daemon=True) for _ in range(probes)]
    if processes:
        threads.append(threading.Thread(target=watch, daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    load.seconds += seconds
    for thread in threads:
        thread.join(35)


SHAPES = {"celery": "gunicorn 2 x 8 threads + Celery worker x 4", "local": "gunicorn 2 x 8 threads, local jobs"}


def _report(users, seconds, jobs, app: Load, floor: Load, figures: int) -> None:
    ordered = sorted(app.timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1] if ordered else 0
    median = statistics.median(ordered) if ordered else 0
    errors = sum(app.errors.values())
    app_views, floor_views = app.views / app.seconds, floor.views / floor.seconds
    print(
        f"Load: {users} signed-in users opening /twitch on cached data for {seconds:.0f} s ({SHAPES[jobs]}, loopback)"
    )
    print(
        f"  {app_views:.1f} views/s; default Dash app with the same {figures} figures, same users and gunicorn "
        f"settings: {floor_views:.1f} views/s; ratio {app_views / floor_views:.2f} (goal {THROUGHPUT_GOAL}), "
        f"{ROUNDS} alternating rounds each"
    )
    print(
        f"  requests {len(app.timings):,}, errors {errors} {app.errors or ''}(goal 0), median {median * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, {len(app.timings) / app.seconds:.1f} requests/s"
    )
    for kind, said in app.first_error.items():
        print(f"    first {kind}: {said}")
    if app.probes:
        probes = sorted(app.probes)
        waited = sum(t >= STALL_SECONDS for t in app.timings + app.probes)
        print(
            f"  beside them {HEALTH_PROBES} parallel /healthz probes: {len(probes):,} answered, errors "
            f"{sum(app.probe_errors.values())} {app.probe_errors or ''}(goal 0), median "
            f"{statistics.median(probes) * 1000:.0f} ms, max {probes[-1] * 1000:.0f} ms; requests (views' and probes') "
            f"that waited {STALL_SECONDS:.0f} s or more, as a stalled process makes them: {waited} (goal 0)"
        )
    floor_errors = sum(floor.errors.values())
    print(
        f"  the floor, same users: requests {len(floor.timings):,}, errors {floor_errors} {floor.errors or ''}".rstrip()
    )
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(app.peak["by_kind"].items()))
    print(
        f"  Redis connections held by the app's processes, peak: {app.peak['connections']} ({kinds}; "
        f"Heroku Redis mini allows {HEROKU_MINI_CONNECTIONS}); RSS of the app's processes, peak: "
        f"{app.peak['rss'] / 2**20:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Dashboard views per second on the production shape, against the floor"
    )
    parser.add_argument("users", nargs="*", type=int, default=[10, 50])
    parser.add_argument("--seconds", type=float, default=40, help="per user count, split into alternating rounds")
    parser.add_argument("--shape", choices=SHAPES, action="append", help="celery (default) or local; repeatable")
    options = parser.parse_args()
    for shape in options.shape or ["celery"]:
        for users in options.users:
            run(users, options.seconds, shape)


if __name__ == "__main__":
    main()
