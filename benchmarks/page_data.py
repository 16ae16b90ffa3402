"""Page data over HTTP against the floor: every request a dashboard's load sends for its data, as the
browser sends them, timed against a default Dash app (benchmarks/floor.py) sending the same figures.

A view's page data is what the browser asks for in turn (benchmarks/dash_client.py): Dash's layout
(``/_dash-layout``, which carries the page when its Referer names it), then each wave of callbacks the
page fires on load, six at a time as a browser does over one host's HTTP/1.1 connections. The floor's
is its layout, then its one callback. Loads alternate between the two
servers, so both medians come from the same moments.
"""

import json
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.helpers.consent import sign_in

from .common import PAGE_LOADS, start_served, stop_served
from .dash_client import PageLoad, plan_page_load
from .floor import floor_bodies

GOAL = 1.5
BROWSER_CONNECTIONS = 6  # per host, over HTTP/1.1


def _timed(view) -> tuple[float, int]:
    """(ms, bytes on the wire) of one view: ``view()`` sends its requests and returns the replies."""
    started = time.perf_counter()
    replies = view()
    took = (time.perf_counter() - started) * 1000
    for reply in replies:
        reply.raise_for_status()
    return took, sum(int(reply.headers.get("Content-Length") or len(reply.content)) for reply in replies)


def page_data(base: str, provider: str, login: str) -> None:
    """Print the page data of ``login``'s dashboard (already synced) against the floor, with the ratio."""
    http = requests.Session()
    sign_in(http, base, provider, login)
    page = plan_page_load(http, base, "/" + provider)
    figures = page.figures(http, base)
    with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
        json.dump(figures, file)
        file.flush()
        floor, floor_base = start_served("benchmarks.floor", file.name)
    try:
        floor_http = requests.Session()
        floor_page = PageLoad("/", floor_base + "/", [floor_bodies(floor_http, floor_base)])
        samples: dict[str, list] = {"app": [], "floor": []}
        with ThreadPoolExecutor(BROWSER_CONNECTIONS) as pool:
            for _ in range(PAGE_LOADS + 1):  # the first of each warms connections and caches: left out
                samples["app"].append(_timed(lambda: page.view(http, base, pool.map)))
                samples["floor"].append(_timed(lambda: floor_page.view(floor_http, floor_base, pool.map)))
    finally:
        stop_served(floor)
    app_ms, floor_ms = (statistics.median(ms for ms, _ in samples[kind][1:]) for kind in ("app", "floor"))
    app_bytes, floor_bytes = samples["app"][-1][1], samples["floor"][-1][1]
    print(
        f"  page data over HTTP, {login}: layout, then {len(page.bodies)} callbacks in {len(page.waves)} waves as a "
        "browser sends them, "
        f"median of {PAGE_LOADS}: "
        f"{app_ms:.1f} ms, {app_bytes / 1024:.0f} KiB on the wire; default Dash app with the same "
        f"{len(figures)} figures: {floor_ms:.1f} ms, {floor_bytes / 1024:.0f} KiB; ratio {app_ms / floor_ms:.2f} "
        f"(goal {GOAL})"
    )
