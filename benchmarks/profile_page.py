"""Where a page view's server time goes: cProfile over the requests of many views of a synced page.

The app runs in this process (Flask's test client: every layer of the request, without the socket),
next to a served copy for the sandbox and the sign-in. Prints the functions with the most time of
their own and the most time under them.

    python -m benchmarks.profile_page [twitch|twitter] [views]
"""

import cProfile
import pstats
import sys

import redis
import requests

from factory import create_app
from tests.helpers.config import app_config
from tests.helpers.consent import sign_in
from tests.helpers.servers import delete_prefixed, test_redis_url, unique_prefix

from .common import start_server, stop_served
from .dash_client import DISPATCH, plan_page_load

HEAVY = {"twitch": "sandbox_megastream", "twitter": "sandbox_heavy"}


def _sync(app, base: str, provider: str) -> None:
    if provider == "twitch":
        from . import twitch

        twitch._warm(app, base, HEAVY["twitch"], "sandbox_streamer")
    else:
        from . import x

        x._warm(app, base, HEAVY["twitter"], "sandbox_creator")


def main(provider: str = "twitch", views: int = 50) -> None:
    redis_url, throwaway = test_redis_url()
    prefix = unique_prefix()
    process, base = start_server(redis_url, prefix)
    try:
        app = create_app(app_config(redis_url, prefix, sandbox_url=base))
        _sync(app, base, provider)
        http = requests.Session()
        sign_in(http, base, provider, HEAVY[provider])
        page = plan_page_load(http, base, "/" + provider)
        client = app.server.test_client()
        client.set_cookie("session", http.cookies.get("session"), domain="localhost")

        def view():
            client.get("/_dash-layout", headers={"Referer": "http://localhost" + page.path})
            for body in page.bodies:
                assert client.post(DISPATCH, json=body, headers={"Accept-Encoding": "br, gzip"}).status_code in (
                    200,
                    204,
                )

        view()  # panels rendered and kept, modules warm
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(views):
            view()
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(f"{provider}: {views} views, {stats.total_tt / views * 1000:.1f} ms of server CPU per view")
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(45)
    finally:
        stop_served(process)
        delete_prefixed(redis.Redis.from_url(redis_url), prefix)
        if throwaway:
            throwaway.stop()


if __name__ == "__main__":
    main(*sys.argv[1:2], *(int(a) for a in sys.argv[2:3]))
