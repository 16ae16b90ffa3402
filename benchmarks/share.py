"""A shared page under 50 concurrent viewers: p50 and p95 of its request times over HTTP.

The app is served by gunicorn with the production settings (gunicorn.conf.py: threads per process; two
processes, as WEB_CONCURRENCY's default), on loopback, against the Redis and the PostgreSQL the tests use (a
schema of its own). The sandbox streamer signs in, its dashboard's data is synced, and it shares every panel of
its Twitch dashboard over the rolling last 30 days. Then 50 viewers, each with no cookie, open the link over and
over for a fixed time. Each view finds the link (its hash), counts the view and draws the panels from the
stored data (kept drawn after the first view). Printed: views, errors, p50, p95 and views per second.

    python -m benchmarks.share [--viewers N] [--seconds N]
"""

import argparse
import html
import re
import statistics
import sys
import threading
import time

import redis
import requests

from sandbox.twitch import seed
from sync.cache.store import DataStore
from sync.plans.twitch import DATASETS
from tests.helpers.consent import sign_in
from tests.helpers.database import PostgresSchema, postgres_url
from tests.helpers.servers import delete_prefixed, test_redis_url, unique_prefix
from tests.helpers.sessions import csrf_token

from .common import start_served, stop_served

WORKERS = 2  # WEB_CONCURRENCY's default


def serve(port: int, redis_url: str, prefix: str, database_url: str) -> None:
    """The served app: the benchmark's viewers all come from 127.0.0.1, so the per-address limit is lifted."""
    from benchmarks.serve import quiet_stdout
    from benchmarks.serve import serve as run
    from factory import create_app
    from tests.helpers.config import app_config

    quiet_stdout()
    config = app_config(redis_url, prefix, port=port, database_url=database_url, share_rate_limit="1000000 per minute")
    run(create_app(config).server, port, WORKERS)


def _synced(base: str, client: redis.Redis, prefix: str) -> requests.Session:
    """The streamer signed in, its dashboard's datasets fetched (the page's own sync)."""
    http = requests.Session()
    sign_in(http, base, "twitch", seed.STREAMER.login, next_path="/")
    http.get(base + "/_dash-layout", headers={"Referer": base + "/twitch"}, timeout=60)  # starts the page's sync
    store, deadline = DataStore(client, prefix), time.monotonic() + 120
    while time.monotonic() < deadline:
        status = store.status("twitch", seed.STREAMER.id)
        if all(status.get(d) and status[d].fetched_at for d in DATASETS if d != "followers"):
            return http
        time.sleep(0.5)
    raise RuntimeError("the dashboard's sync did not finish")


def _link(base: str, http: requests.Session, client: redis.Redis, prefix: str) -> str:
    form = http.get(base + "/shares/new", params={"provider": "twitch"}, timeout=30).text
    panels = re.findall(r'name="panels" value="([^"]+)"', form)
    made = http.post(
        base + "/shares",
        data={
            "csrf_token": csrf_token(client, prefix, http),
            "kind": "dashboard",
            "provider": "twitch",
            "panels": panels,
            "range": "rolling",
            "expires": "never",
        },
        timeout=30,
    )
    return html.unescape(re.search(r'readonly value="([^"]+)"', made.text).group(1))


def _view(link: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    reply = requests.get(link, timeout=60)  # a new client each time: no cookie, no kept connection
    return time.perf_counter() - started, reply.status_code, len(reply.content)


def _crowd(link: str, viewers: int, seconds: float) -> tuple[list[float], int, float]:
    times, errors, lock = [], [0], threading.Lock()
    ends = time.monotonic() + seconds

    def viewer():
        while time.monotonic() < ends:
            elapsed, status, _size = _view(link)
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    errors[0] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=viewer) for _ in range(viewers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors[0], time.monotonic() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    redis_url, throwaway = test_redis_url()
    client, prefix = redis.Redis.from_url(redis_url), unique_prefix()
    schema = PostgresSchema(postgres_url())
    import migrations
    from core.database import create_database_engine

    engine = create_database_engine(schema.url)
    migrations.upgrade(engine)
    engine.dispose()
    process, base = start_served("benchmarks.share", "serve", redis_url, prefix, schema.url)
    try:
        http = _synced(base, client, prefix)
        link = _link(base, http, client, prefix)
        for _ in range(5):  # each process draws the panels once; later views take them as kept
            _elapsed, status, size = _view(link)
            assert status == 200, status
        times, errors, took = _crowd(link, args.viewers, args.seconds)
        cuts = statistics.quantiles(times, n=100)
        print(
            f"Shared page (every Twitch panel, rolling 30 days, {size / 1024:.0f} KiB of HTML), gunicorn "
            f"{WORKERS} processes on loopback, PostgreSQL and Redis, {args.viewers} concurrent viewers for "
            f"{took:.0f} s:"
        )
        print(f"  views: {len(times)}, errors: {errors}, {len(times) / took:.1f} views/s")
        print(f"  p50: {cuts[49] * 1000:.0f} ms, p95: {cuts[94] * 1000:.0f} ms")
    finally:
        stop_served(process)
        delete_prefixed(client, prefix)
        schema.drop()
        if throwaway:
            throwaway.stop()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "serve":
        serve(int(sys.argv[1]), *sys.argv[3:6])
    else:
        main()
