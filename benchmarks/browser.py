"""What users wait for in headless Chromium: the cold load of a dashboard against the default Dash page
with the same figures, and how soon a first sync puts each panel on screen.

    python -m benchmarks.browser

Cold loads have the browser's cache off, so every bundle travels each time; loads alternate between
the app and the floor (benchmarks/floor.py), and medians are printed with their ratio. Bytes on the
wire are what Chromium's resource timing counts as transferred (headers and compressed bodies).
"""

import json
import logging
import statistics
import sys
import tempfile

import redis
import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.consent import sign_in
from tests.helpers.servers import LiveServer, delete_prefixed, free_port, test_redis_url, unique_prefix

from .common import LATENCY_MS, set_latency, start_served, start_server, stop_served
from .dash_client import plan_page_load

COLD_LOADS = 11  # alternated with the floor; fewer left a ratio moving by 0.1 between runs on a 2-core machine
BYTES_GOAL = 2_000_000
COLD_GOAL = 1.1
ON_SCREEN_GOAL = 3.0  # seconds, for every panel that does not wait for the follower walk
HEAVY = {"twitch": "sandbox_megastream", "twitter": "sandbox_heavy"}
FOLLOWER_CHAIN = {"followers"}  # the Twitch panels drawn from the follower walk

# Resolves with performance.now() once ``count`` graphs are drawn (Plotly has laid each one out).
_DRAWN = """
const [count, done] = arguments;
(function check() {
    const drawn = Array.from(document.querySelectorAll('.js-plotly-plot'))
        .filter(g => g._fullLayout && g.querySelector('.main-svg')).length;
    if (drawn >= count) { done(performance.now()); } else { requestAnimationFrame(check); }
})();
"""
_TRANSFERRED = """
return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((sum, entry) => sum + (entry.transferSize || 0), 0);
"""
# Seconds since navigation at which each element first showed its data: a drawn chart, or words other than
# "Fetching…" (a table, a notice, an empty state), with its text then.
_WATCH = """
const [ids, done] = arguments;
const seen = {};
(function check() {
    for (const id of ids) {
        const element = document.getElementById(id);
        const text = element ? element.innerText.trim() : '';
        const drawn = element && (element.querySelector('.main-svg') || (text && !/Fetching/.test(text)));
        if (!(id in seen) && drawn) { seen[id] = [performance.now() / 1000, text.replace(/\\s+/g, ' ').slice(0, 80)]; }
    }
    if (Object.keys(seen).length === ids.length || performance.now() > 120000) { done(seen); }
    else { setTimeout(check, 25); }
})();
"""


def chromium(window: str = "1280,6000", script_seconds: int = 130) -> webdriver.Chrome:
    """Headless Chromium with its cache off. The default window is tall: every panel is in view."""
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={window}"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(script_seconds)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return driver


def _signed_in_browser(base: str, session_cookie: str) -> webdriver.Chrome:
    driver = chromium()
    driver.get(base + "/healthz")
    driver.add_cookie({"name": "session", "value": session_cookie, "path": "/"})
    return driver


def _cold_load(driver: webdriver.Chrome, url: str, graphs: int) -> tuple[float, int]:
    """(seconds from navigation until ``graphs`` charts are drawn, bytes transferred) of one cold load."""
    driver.get(url)
    drawn_ms = driver.execute_async_script(_DRAWN, graphs)
    return drawn_ms / 1000, driver.execute_script(_TRANSFERRED)


def cold_load(base: str, provider: str) -> None:
    login = HEAVY[provider]
    http = requests.Session()
    sign_in(http, base, provider, login)
    figures = plan_page_load(http, base, "/" + provider).figures(http, base)
    with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
        json.dump(figures, file)
        file.flush()
        floor, floor_base = start_served("benchmarks.floor", file.name)
    app_browser, floor_browser = _signed_in_browser(base, http.cookies["session"]), chromium()
    samples: dict[str, list] = {"app": [], "floor": []}
    try:
        for _ in range(COLD_LOADS + 1):  # the first of each warms the servers: left out
            samples["app"].append(_cold_load(app_browser, base + "/" + provider, len(figures)))
            samples["floor"].append(_cold_load(floor_browser, floor_base + "/", len(figures)))
    finally:
        app_browser.quit()
        floor_browser.quit()
        stop_served(floor)
    app_s, floor_s = (statistics.median(s for s, _ in samples[kind][1:]) for kind in ("app", "floor"))
    app_bytes, floor_bytes = (statistics.median(b for _, b in samples[kind][1:]) for kind in ("app", "floor"))
    print(
        f"  cold load of /{provider} ({login}, {len(figures)} charts), median of {COLD_LOADS}: every chart drawn "
        f"{app_s:.2f} s after navigation, {app_bytes / 1e6:.2f} MB on the wire (goal {BYTES_GOAL / 1e6:.0f} MB); "
        f"default Dash page with the same figures: {floor_s:.2f} s, {floor_bytes / 1e6:.2f} MB; "
        f"ratio {app_s / floor_s:.2f} (goal {COLD_GOAL})"
    )


def first_sync_on_screen(redis_url: str, panels: list[str]) -> None:
    """Open the heavy channel's dashboard before any sync, Twitch answering in LATENCY_MS: when is each panel drawn?

    The app is served here as the browser tests serve it (werkzeug, threaded): under gunicorn with local
    jobs, a job forked from a worker thread can hang before it starts (see the README of the benchmarks).
    """
    from factory import create_app
    from tests.helpers.config import app_config

    login, prefix, port = HEAVY["twitch"], unique_prefix(), free_port()
    live = LiveServer(create_app(app_config(redis_url, prefix, port=port)).server, port)
    base = live.url
    try:
        http = requests.Session()
        sign_in(http, base, "twitch", login)
        set_latency(base, "twitch", LATENCY_MS)
        driver = _signed_in_browser(base, http.cookies["session"])
        try:
            driver.get(base + "/twitch")
            ids = ["twitch-profile"] + [_body_id(panel) for panel in panels]
            seen = driver.execute_async_script(_WATCH, ids)
        finally:
            driver.quit()
    finally:
        live.stop()
        delete_prefixed(redis.Redis.from_url(redis_url), prefix)
    if "-v" in sys.argv:
        print(json.dumps(seen, indent=1))
    seen = {i: at for i, (at, _text) in seen.items()}
    names = {"twitch-profile": "profile", **{_body_id(panel): panel for panel in panels}}
    early = {names[i]: seen.get(i) for i in ids if names[i] not in FOLLOWER_CHAIN}
    slowest = max(early, key=lambda name: early[name] or float("inf"))
    chain = ", ".join(f"{names[i]} {seen.get(i, float('nan')):.1f} s" for i in ids if names[i] in FOLLOWER_CHAIN)
    print(
        f"  first sync of {login} in the browser, {LATENCY_MS} ms per Twitch request: every panel not waiting for "
        f"the follower walk on screen by {early[slowest] or float('nan'):.2f} s after navigation (the last: "
        f"{slowest}; goal {ON_SCREEN_GOAL:.0f} s); the follower walk's: {chain}"
    )


def _body_id(panel: str) -> str:
    """The DOM id Dash gives a panel's body (its dict id as sorted JSON)."""
    return json.dumps(
        {"panel": panel, "provider": "twitch", "type": "panel-body"}, sort_keys=True, separators=(",", ":")
    )


def _sync_heavy_accounts(base: str, runtime) -> None:
    """Store both heavy accounts as their first syncs do, so that the cold loads draw every chart."""
    from sandbox.x import seed as x_seed
    from sync.plans.twitch import TwitchSync
    from sync.plans.x import XSync
    from tests.helpers.x_sandbox import Sandbox

    from .twitch import _client

    mega = ACCOUNTS[HEAVY["twitch"]]
    TwitchSync(_client(base, runtime, mega.login, max_wait=30), runtime.store, runtime.archive, mega.id).run()
    heavy = x_seed.by_username(HEAVY["twitter"])
    XSync(Sandbox(base).client(heavy.username), runtime.store, runtime.archive, heavy.id, heavy.username).run()


def main() -> None:
    from callbacks import twitch
    from factory import create_app
    from tests.helpers.config import app_config

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the app served here: no request log on stdout
    redis_url, throwaway = test_redis_url()
    print("Browser (headless Chromium)")
    try:
        first_sync_on_screen(redis_url, [panel for panel in twitch.board.panels if panel != "profile"])
        prefix = unique_prefix()
        process, base = start_server(redis_url, prefix)
        try:
            _sync_heavy_accounts(
                base, create_app(app_config(redis_url, prefix, sandbox_url=base)).server.extensions["runtime"]
            )
            for provider in HEAVY:
                cold_load(base, provider)
        finally:
            stop_served(process)
            delete_prefixed(redis.Redis.from_url(redis_url), prefix)
    finally:
        if throwaway:
            throwaway.stop()


if __name__ == "__main__":
    main()
