"""Cutting a sync short on purpose, and counting what the sandbox served: for the interrupted-sync tests."""

import math
import signal
import time

import psutil

from providers.x.client import private_metrics_start
from sandbox.x import seed
from tests.helpers.servers import sandbox_requests

HEAVY = seed.by_username("sandbox_heavy")
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


def private_pages() -> int:
    """Requests of the private metrics that follow the walk: the heavy account's posts of X's 30 days."""
    return math.ceil(sum(post.created_at >= private_metrics_start() for post in seed.posts(HEAVY)) / 100)
