"""Twitch dashboard benchmarks against the sandbox on 127.0.0.1: first sync, re-sync, warm page, bytes.

Bounded: every step has a fixed number of iterations, and the server process is ended at the end.
"""
import collections
import json
import statistics
import subprocess
import sys
import time

import plotly.utils
import redis
import requests

from providers.refresh import memory_keeper
from providers.sandbox.twitch.seed import ACCOUNTS
from providers.twitch.client import TwitchClient
from sync.twitch import TwitchSync
from tests.consent import sign_in
from tests.support import delete_prefixed, free_port, test_redis_url, unique_prefix
from tests.twitch_sandbox_token import sandbox_app, sandbox_token
from webapp.config import Config
from webapp.factory import create_app

LATENCY_MS = 50
FOLLOWER_PAGES = -(-ACCOUNTS["sandbox_megastream"].followers // 100)
PAGE_LOADS = 15


def start_server(redis_url: str, prefix: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.serve", str(port), redis_url, prefix],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if process.stdout.readline().strip() != "ready":
        raise RuntimeError("the benchmark server did not start")
    return process, f"http://127.0.0.1:{port}"


def counting(client: TwitchClient) -> collections.Counter:
    """Count requests per endpoint by wrapping the client's transport."""
    counts = collections.Counter()
    send = client._send

    def counted(path, params):
        counts[path] += 1
        return send(path, params)

    client._send = counted
    return counts


def first_and_resync(base: str, r: redis.Redis, prefix: str, runtime) -> None:
    mega = ACCOUNTS["sandbox_megastream"]
    token = sandbox_token(base, mega.login)
    client = TwitchClient(sandbox_app(base), token, memory_keeper(token, r, prefix + "bench-lock"), max_wait=30)
    requests.post(f"{base}/sandbox/_faults", json={"provider": "twitch", "latency_ms": LATENCY_MS}).raise_for_status()
    started = time.perf_counter()
    outcomes = TwitchSync(client, runtime.store, runtime.snapshots, mega.id).run()
    took = time.perf_counter() - started
    chain = FOLLOWER_PAGES * LATENCY_MS / 1000
    print(f"first sync, heavy channel, {LATENCY_MS} ms added latency: {took:.1f} s for {client.requests} requests "
          f"(budget 1.2 x {FOLLOWER_PAGES} chained follower pages x {LATENCY_MS} ms = {1.2 * chain:.1f} s; "
          f"ratio {took / chain:.2f}); outcomes: {sorted(set(outcomes.values()))}")
    requests.delete(f"{base}/sandbox/_faults").raise_for_status()
    counts = counting(client)
    TwitchSync(client, runtime.store, runtime.snapshots, mega.id).run()
    print(f"re-sync, unchanged heavy channel: {sum(counts.values())} requests; per endpoint: "
          + ", ".join(f"{path} {n}" for path, n in sorted(counts.items())))


def page_callbacks():
    """The functions behind every callback the /twitch page runs on a warm load, with their inputs."""
    from callbacks import twitch as cb
    from dashboard.components.daterange import DEFAULT_PRESET, preset_dates

    start, end = preset_dates(DEFAULT_PRESET)
    calls = [(cb.plan_sync, (True, [None] * 7)), (cb.show_profile_and_cards, (True, None, start, end))]
    extra = {"followers": ("day",), "bits": ("all",)}
    for name, render in cb.PANEL_RENDERERS.items():
        calls.append((render, (True, None, start, end, *extra.get(name, ()))))
    return calls


def warm_page(app, base: str, login: str) -> tuple[float, int]:
    """(median server ms of all the page's callbacks, bytes of layout + callback replies) for one account."""
    runtime = app.server.extensions["runtime"]
    token = sandbox_token(base, login)
    client = TwitchClient(sandbox_app(base), token, memory_keeper(token, runtime.redis, "bench-lock:"))
    TwitchSync(client, runtime.store, runtime.snapshots, ACCOUNTS[login].id).run()  # warm: data stored
    http = requests.Session()
    sign_in(http, base, "twitch", login)
    cookie = http.cookies.get("session")
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    context_value.set(AttributeDict(triggered_inputs=[]))  # what Dash sets for a page-load call
    timings, size = [], 0
    with app.server.test_request_context("/twitch", headers={"Cookie": f"session={cookie}"}):
        layout = app.server.view_functions  # noqa: F841 - the request context opens the session
        for round_ in range(PAGE_LOADS):
            started = time.perf_counter()
            replies = [function(*args) for function, args in page_callbacks()]
            timings.append((time.perf_counter() - started) * 1000)
            if round_ == 0:
                size = sum(len(json.dumps(reply, cls=plotly.utils.PlotlyJSONEncoder)) for reply in replies)
        import dash

        page_layout = next(page["layout"] for page in dash.page_registry.values() if page["path"] == "/twitch")
        size += len(json.dumps(page_layout(), cls=plotly.utils.PlotlyJSONEncoder))
    return statistics.median(timings), size


def main() -> None:
    import logging

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    redis_url, throwaway = test_redis_url()
    r = redis.Redis.from_url(redis_url)
    prefix = unique_prefix()
    process, base = start_server(redis_url, prefix)
    try:
        app = create_app(Config(environment="testing", secret_key="benchmark-secret", redis_url=redis_url,
                                key_prefix=prefix, login_rate_limit="1000 per minute"))
        runtime = app.server.extensions["runtime"]
        first_and_resync(base, r, prefix, runtime)
        heavy_ms, heavy_bytes = warm_page(app, base, "sandbox_megastream")
        typical_ms, typical_bytes = warm_page(app, base, "sandbox_streamer")
        print(f"warm page, median of {PAGE_LOADS} loads of all callbacks: heavy {heavy_ms:.1f} ms, "
              f"typical {typical_ms:.1f} ms, ratio {heavy_ms / typical_ms:.2f} (limit 1.5)")
        print(f"data sent to the browser for the page (layout + callback replies, not the cached JS bundles): "
              f"heavy {heavy_bytes / 1024:.0f} KiB, typical {typical_bytes / 1024:.0f} KiB (limit 1 MB)")
    finally:
        process.stdin.close()
        process.wait(10)
        delete_prefixed(r, prefix)
        if throwaway:
            throwaway.stop()


if __name__ == "__main__":
    main()
