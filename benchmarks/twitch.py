"""The Twitch dashboard's benchmarks: first sync and re-sync of the heavy channel, warm page heavy vs typical."""

import time

from providers.refresh import memory_keeper
from providers.twitch.client import TwitchClient
from sandbox.twitch.seed import ACCOUNTS
from sync.plans.twitch import TwitchSync
from tests.helpers.twitch_sandbox import sandbox_app, sandbox_token

from .chain import twitch_followers
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

FOLLOWER_PAGES = -(-ACCOUNTS["sandbox_megastream"].followers // 100)


def _client(base: str, runtime, login: str, max_wait: float = 2.0) -> TwitchClient:
    token = sandbox_token(base, login)
    return TwitchClient(
        sandbox_app(base), token, memory_keeper(token, runtime.redis, runtime.key + "bench-lock"), max_wait=max_wait
    )


def _wait_for_a_full_bucket(client: TwitchClient) -> None:
    """Until Twitch's rate bucket of the token's user resets, so the next walk starts with all 800 points."""
    client.get("users", {"id": ACCOUNTS["sandbox_megastream"].id})
    time.sleep(max(0.0, (client.rate_reset or 0) - time.time()) + 0.5)


def _chain(client: TwitchClient, channel: str) -> float:
    """Seconds to walk the follower pages back to back with the client alone: the requests that must
    follow one another, each waiting for the cursor of the one before, with nothing else to do."""
    started = time.perf_counter()
    for _ in client.follower_pages(channel):
        pass
    took = time.perf_counter() - started
    _wait_for_a_full_bucket(client)
    return took


def first_and_resync(base: str, runtime) -> None:
    mega = ACCOUNTS["sandbox_megastream"]
    client = _client(base, runtime, mega.login, max_wait=30)
    set_latency(base, "twitch", LATENCY_MS)
    bare, pages = twitch_followers(client.app.api_base, client.app.client_id, client.token["access_token"], mega.id)
    _wait_for_a_full_bucket(client)
    first_view(base, runtime, "twitch", mega.login, mega.id, TwitchSync.DATASETS, bare)
    runtime.store.forget("twitch", mega.id)  # what follows is a first sync again
    _wait_for_a_full_bucket(client)
    chain = _chain(client, mega.id)
    started, before = time.perf_counter(), client.requests
    outcomes = TwitchSync(client, runtime.store, runtime.archive, mega.id).run()
    took = time.perf_counter() - started
    least = FOLLOWER_PAGES * LATENCY_MS / 1000
    print(
        f"  first sync, heavy channel, {LATENCY_MS} ms added latency: {took:.1f} s for {client.requests - before} "
        f"requests; the chain, its {pages} follower pages back to back with a bare client: {bare:.1f} s (at least "
        f"{least:.1f} s of latency); ratio {took / bare:.2f} (goal {FIRST_SYNC_GOAL}; {took / least:.2f} over the "
        f"latency alone); the same pages with our client: {chain:.1f} s ({chain / bare:.2f} of the bare chain); "
        f"outcomes: {sorted(set(outcomes.values()))}"
    )
    report_redis_bytes(runtime.redis, runtime, "twitch", mega.id, mega.login)
    set_latency(base, "twitch", None)
    counts = counting(client)
    TwitchSync(client, runtime.store, runtime.archive, mega.id).run()
    print(
        f"  re-sync, unchanged heavy channel: {sum(counts.values())} requests; per endpoint: "
        + ", ".join(f"{path} {n}" for path, n in sorted(counts.items()))
    )


def _warm(app, base: str, heavy: str, typical: str):

    runtime = app.server.extensions["runtime"]
    for login in (heavy, typical):
        TwitchSync(_client(base, runtime, login), runtime.store, runtime.archive, ACCOUNTS[login].id).run()
    return warm_pages(app, base, "twitch", heavy, typical)


def run(app, base: str) -> None:
    print("Twitch")
    first_and_resync(base, app.server.extensions["runtime"])
    report_warm_page(_warm(app, base, "sandbox_megastream", "sandbox_streamer"))
    page_data(base, "twitch", "sandbox_megastream")
    interactions(base, "twitch", "sandbox_megastream")
