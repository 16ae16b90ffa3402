"""A sync whose job dies mid-walk, seen in headless Chromium: the page notices, the sync runs again,
takes over the dead job's datasets and resumes the walk from its checkpoint."""

import time

import requests

from tests.helpers.browser import sign_in
from tests.helpers.interruptions import (
    BACK_WITHIN_SECONDS,
    HEAVY,
    KILLED_AFTER,
    LATENCY_MS,
    TIMELINE_PAGES,
    kill,
    local_jobs,
    private_pages,
    wait_for_pages,
    walked,
)
from tests.helpers.servers import forget_stored


def test_a_local_job_killed_mid_walk_is_started_again_and_resumes(dash_br, live_app, live_prefix, redis_client):
    forget_stored(redis_client, live_prefix, "twitter", HEAVY.id, ["profile", "posts"])
    before = walked(redis_client, live_prefix)  # other tests walked timelines of this app too
    requests.post(f"{live_app}/sandbox/_faults", json={"provider": "x", "latency_ms": LATENCY_MS}).raise_for_status()
    try:
        dash_br.server_url = live_app
        sign_in(dash_br, "twitter", HEAVY.username)
        wait_for_pages(redis_client, live_prefix, before + KILLED_AFTER)
        kill(local_jobs())
        killed = time.monotonic()
        dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=BACK_WITHIN_SECONDS)
        took = time.monotonic() - killed
    finally:
        requests.delete(f"{live_app}/sandbox/_faults")
    pages = walked(redis_client, live_prefix) - before
    print(f"charts {took:.1f} s after the job was killed at page {KILLED_AFTER}; {pages} timeline pages in all")
    # Resumed where it was cut (one page fetched twice at most), not from page one; then the private metrics.
    assert pages <= TIMELINE_PAGES + 1 + private_pages()
