"""A first view's sync as a person meets it: signed in over HTTP, the dashboard asked for, and every dataset
the page syncs landed, timed from the page request (the head start begins on the server as the page is sent;
the served app runs it in a thread, as with local jobs). Printed beside the unavoidable chain of the same run
(benchmarks/chain.py) and its ratio to it.

The app is served in a process of its own, its providers being the benchmark server's sandbox (sharing its
state in Redis): as with a real provider, the provider's work takes none of the app's CPU.
"""

import time

import requests

from tests.helpers.consent import sign_in

from .common import FIRST_SYNC_GOAL, start_served, stop_served

WITHIN_SECONDS = 120


def first_view(sandbox: str, runtime, provider: str, login: str, account_id: str, datasets, chain: float) -> None:
    """Print the first view's sync of ``login`` against ``chain``, the bare walk's seconds measured just before."""
    config = runtime.config
    app, base = start_served("benchmarks.serve", config.redis_url, config.key_prefix, sandbox)
    try:
        took, errors = _timed_first_view(base, runtime, provider, login, account_id, datasets)
    finally:
        stop_served(app)
    print(
        f"  first view's sync over HTTP (page asked, head start on the server, every dataset landed): {took:.2f} s; "
        f"ratio to the bare chain {took / chain:.2f} (goal {FIRST_SYNC_GOAL}); errors: {errors or 'none'}"
    )


def _timed_first_view(base: str, runtime, provider: str, login: str, account_id: str, datasets):
    http = requests.Session()
    sign_in(http, base, provider, login)
    store = runtime.store
    asked = time.time()
    started = time.perf_counter()
    http.get(base + "/_dash-layout", headers={"Referer": f"{base}/{provider}"}, timeout=60).raise_for_status()
    while True:
        status = store.status(provider, account_id)
        if all(
            name in status and (status[name].fetched_at or status[name].noted_at or 0) >= asked for name in datasets
        ):
            break
        if time.perf_counter() - started > WITHIN_SECONDS:
            raise RuntimeError(f"the first view's sync did not land within {WITHIN_SECONDS} s")
        time.sleep(0.02)
    took = time.perf_counter() - started
    return took, sorted(name for name in datasets if status[name].kind == "error")
