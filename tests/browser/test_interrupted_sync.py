"""A sync whose job dies mid-walk, seen in headless Chromium: the page notices, the sync runs again,
takes over the dead job's datasets and resumes the walk from its checkpoint."""

import signal
import time

import psutil
import requests

from sandbox.x.seed import by_username
from tests.helpers.browser import sign_in
from tests.helpers.servers import forget_stored, sandbox_requests

HEAVY = by_username("sandbox_heavy")
TIMELINE_PAGES = 32  # X's 3,200-post cap at 100 posts a page
KILLED_AFTER = 9  # pages
LATENCY_MS = 150  # a walk slow enough to be cut at a known page
BACK_WITHIN_SECONDS = 30


def walked(redis_client, prefix: str) -> int:
    """Timeline pages the sandbox has served under ``prefix`` so far."""
    return sandbox_requests(redis_client, prefix, "x:users_tweets")


def wait_for_pages(redis_client, prefix: str, pages: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while walked(redis_client, prefix) < pages:
        assert time.monotonic() < deadline, f"the walk did not reach {pages} pages"
        time.sleep(0.05)


def kill(processes: list[psutil.Process]) -> None:
    assert processes, "no job process to kill"
    for process in processes:
        process.send_signal(signal.SIGKILL)


def local_jobs() -> list[psutil.Process]:
    """The processes Dash's local job manager forked from this one (the app is served in this process)."""
    me = psutil.Process()
    return [child for child in me.children() if child.cmdline() == me.cmdline()]


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
    assert pages <= TIMELINE_PAGES + 1  # resumed where it was cut, not from page one
