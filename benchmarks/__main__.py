"""Dashboard benchmarks against the sandbox on 127.0.0.1: first sync, re-sync, warm page, bytes.

``python -m benchmarks`` runs both dashboards; ``python -m benchmarks x`` (or ``twitch``) one.
Bounded: every step has a fixed number of iterations, and the server process is ended at the end.
"""

import logging
import sys

import redis

from factory import create_app
from tests.helpers.config import app_config
from tests.helpers.servers import delete_prefixed, test_redis_url, unique_prefix

from . import twitch, x
from .common import start_server

DASHBOARDS = {"twitch": twitch.run, "x": x.run}


def main(chosen: list[str]) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    unknown = set(chosen) - set(DASHBOARDS)
    if unknown:
        sys.exit(f"unknown dashboard(s) {sorted(unknown)}; choose from {sorted(DASHBOARDS)}")
    redis_url, throwaway = test_redis_url()
    r = redis.Redis.from_url(redis_url)
    prefix = unique_prefix()
    process, base = start_server(redis_url, prefix)
    try:
        app = create_app(app_config(redis_url, prefix, sandbox_url=base))
        for name in chosen or DASHBOARDS:
            DASHBOARDS[name](app, base)
    finally:
        process.stdin.close()
        process.wait(10)
        delete_prefixed(r, prefix)
        if throwaway:
            throwaway.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
