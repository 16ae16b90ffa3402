"""The X dashboard's benchmarks: first sync and re-sync of the heavy account, warm page heavy vs typical."""

import math
import time
from datetime import UTC, datetime

from providers.x.client import MAX_PAGES, POST_FIELDS, XClient, private_metrics_start
from sandbox.x import seed
from sync.plans.x import REFRESH_WINDOW, TIMELINE_CAP, XSync
from tests.helpers.x_sandbox import Sandbox

from .chain import x_timeline
from .common import (
    FIRST_SYNC_GOAL,
    LATENCY_MS,
    counting,
    report_redis_bytes,
    report_warm_page,
    set_latency,
    warm_pages,
)
from .first_view import first_view
from .interactions import interactions
from .page_data import page_data

HEAVY = seed.by_username("sandbox_heavy")
TIMELINE_PAGES = math.ceil(min(HEAVY.post_count, TIMELINE_CAP) / 100)  # users/me runs beside them


def _private_pages() -> int:
    """Pages of the last 30 days' private metrics, asked for after the walk."""
    return math.ceil(sum(post.created_at >= private_metrics_start() for post in seed.posts(HEAVY)) / 100)


def _sync(client, runtime, account: seed.Account) -> dict:
    return XSync(client, runtime.store, runtime.archive, account.id, account.username).run()


def _chain(client) -> float:
    """Seconds to walk the timeline, then the private metrics, page after page with the client alone:
    the requests that must follow one another, with nothing else to do."""
    started = time.perf_counter()
    for _ in client.timeline(HEAVY.id, HEAVY.username):
        pass
    for _ in client.private_metrics(HEAVY.id, HEAVY.username, private_metrics_start()):
        pass
    return time.perf_counter() - started


def first_and_resync(base: str, runtime) -> None:
    sandbox = Sandbox(base)
    token = sandbox.token(HEAVY.username)
    client = XClient(sandbox.app, token)
    client.me()  # the sandbox generates the account's 5,000 posts on first use: not X's time, nor ours
    set_latency(base, "x", LATENCY_MS)
    bare, pages = x_timeline(sandbox.app.api_base, sandbox.app, token, HEAVY.id, POST_FIELDS, MAX_PAGES)
    first_view(base, runtime, "twitter", HEAVY.username, HEAVY.id, XSync.DATASETS, bare)
    runtime.store.forget("twitter", HEAVY.id)  # what follows is a first sync again
    chain = _chain(client)
    counts = counting(client)
    started = time.perf_counter()
    outcomes = _sync(client, runtime, HEAVY)
    took = time.perf_counter() - started
    set_latency(base, "x", None)
    least = pages * LATENCY_MS / 1000
    print(
        f"  first sync, heavy account, {LATENCY_MS} ms added latency: {took:.2f} s for {sum(counts.values())} "
        f"requests; the chain, its {pages} timeline pages back to back with a bare client: {bare:.2f} s (at least "
        f"{least:.2f} s of latency); ratio {took / bare:.2f} (goal {FIRST_SYNC_GOAL}; {took / least:.2f} over the "
        f"latency alone); our client, the timeline then the {_private_pages()} pages of private metrics back to "
        f"back: {chain:.2f} s; outcomes: {sorted(set(outcomes.values()))}"
    )
    report_redis_bytes(runtime.redis, runtime, "twitter", HEAVY.id, HEAVY.username)
    counts.clear()
    _sync(client, runtime, HEAVY)
    window_start = datetime.now(UTC) - REFRESH_WINDOW
    in_window = sum(post.created_at >= window_start for post in seed.posts(HEAVY))
    print(
        f"  re-sync, unchanged heavy account: {sum(counts.values())} requests (users/me + twice the pages holding "
        f"the {in_window} posts of the last {REFRESH_WINDOW.days} days, {math.ceil(in_window / 100)} pages: public "
        "fields, then private metrics); per endpoint: " + ", ".join(f"{path} {n}" for path, n in sorted(counts.items()))
    )


def _warm(app, base: str, heavy: str, typical: str):

    runtime = app.server.extensions["runtime"]
    for username in (heavy, typical):
        _sync(Sandbox(base).client(username), runtime, seed.by_username(username))
    return warm_pages(app, base, "twitter", heavy, typical)


def run(app, base: str) -> None:
    print("X")
    first_and_resync(base, app.server.extensions["runtime"])
    report_warm_page(_warm(app, base, "sandbox_heavy", "sandbox_creator"))
    page_data(base, "twitter", "sandbox_heavy")
    interactions(base, "twitter", "sandbox_heavy")
