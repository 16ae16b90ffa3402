"""The dashboards on a mid-range phone, as Lighthouse's mobile profile sees them: 412×823 at 1.75x, the CPU
slowed 4x, 150 ms round trips, 1.6 Mbps down and 750 kbps up, the cache empty, signed in with both
providers and the data already synced (streams sampled for a month).

    python -m benchmarks.phone [LOADS]

Per page and account, medians of LOADS cold loads (default 5), each figure beside the same figure for one
load of a default Dash app sending the heavy account's figures (benchmarks/floor.py) under the same profile:

- LCP: the largest contentful paint, and what it painted;
- first screen: when every chart that sits in the first screen at load is drawn;
- every chart: when the last chart is drawn for a reader who, once the first screen has been still for
  5 s, flicks down the page (0.8 of a screen every 400 ms) to the bottom (charts below the fold are drawn
  as they come into view), and the longest wait from a chart coming into view to its being drawn;
- TBT: total blocking time, the parts over 50 ms of every long task from the first paint until the page
  has been quiet for 5 s (Lighthouse's window, up to time to interactive; before any scrolling);
- bytes on the wire, as Chromium's resource timing counts them;
- a range change: from a tap on "30 days" at the top of the page (its click event) to the last change it brings
  to the screen, and to the last anywhere on the page (the panels near view, drawn after those on screen), and
  INP, the longest interaction of the load (that tap, as Chromium's Event Timing measures it).

Chromium's DevTools protocol applies the throttling, as Lighthouse's "devtools" mode does.
"""

import json
import logging
import statistics
import sys
import tempfile
from datetime import UTC, datetime

import redis
import requests
from selenium import webdriver

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.consent import sign_in
from tests.helpers.servers import delete_prefixed, test_redis_url, unique_prefix

from .browser import chromium
from .common import start_served, stop_served
from .dash_client import plan_page_load

LOADS = 5
PHONE = {"width": 412, "height": 823, "deviceScaleFactor": 1.75, "mobile": True}
CPU_SLOWDOWN = 4
NETWORK = {  # Lighthouse's mobile profile ("slow 4G")
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
ACCOUNTS_BY_KIND = {
    "heavy": {"twitch": "sandbox_megastream", "twitter": "sandbox_heavy"},
    "typical": {"twitch": "sandbox_streamer", "twitter": "sandbox_creator"},
}
GOALS = {"lcp": 2.5, "first_screen": 3.0, "tbt": 0.6}

# Runs in every document before its own scripts: records paints, long tasks and when each chart is drawn.
_RECORDER = """
window.__phone = {lcp: [], longtasks: [], fcp: null, drawn: {}};
new PerformanceObserver(list => list.getEntries().forEach(e => window.__phone.lcp.push(
    {at: e.startTime, size: e.size, what: e.element ? (e.element.tagName + ' ' +
        (e.element.innerText || '').replace(/\\s+/g, ' ').slice(0, 40)) : e.url}
))).observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(list => list.getEntries().forEach(e => window.__phone.longtasks.push(
    [e.startTime, e.duration]))).observe({type: 'longtask', buffered: true});
new PerformanceObserver(list => list.getEntries().forEach(e => {
    if (e.name === 'first-contentful-paint') { window.__phone.fcp = e.startTime; }
})).observe({type: 'paint', buffered: true});
new PerformanceObserver(list => list.getEntries().forEach(e => {
    if (e.interactionId) { window.__phone.inp = Math.max(window.__phone.inp || 0, e.duration); }
})).observe({type: 'event', durationThreshold: 16, buffered: true});
setInterval(() => {
    document.querySelectorAll('.js-plotly-plot').forEach((graph, n) => {
        const key = graph.closest('[id]') ? graph.closest('[id]').id : 'graph-' + n;
        if (!(key in window.__phone.drawn) && graph._fullData && graph._fullData.length
                && graph.querySelector('.main-svg')) {
            window.__phone.drawn[key] = performance.now();
        }
    });
}, 50);
"""
# What a reader waits for: the app's panels (drawn as they come into view), or the default page's graphs.
_PARTS = """
function parts() {
    const panels = Array.from(document.querySelectorAll('.dashboard-panel'));
    return panels.length ? panels : Array.from(document.querySelectorAll('.dash-graph'));
}
function ready(part) {
    return !!part.querySelector('.main-svg')
        || (part.matches('.dashboard-panel') && !part.querySelector('.panel-body > .skeleton'));
}
"""
# Resolves once the parts in the first screen are drawn and no long task has run for 5 s, Lighthouse's
# quiet window for time to interactive (at most 150 s).
_SETTLED = (
    _PARTS
    + """
const done = arguments[arguments.length - 1];
(function check() {
    const phone = window.__phone, now = performance.now(), all = parts();
    const firstScreen = all.filter(part => part.getBoundingClientRect().top < innerHeight);
    const last = phone.longtasks.length ? Math.max(...phone.longtasks.map(([s, d]) => s + d)) : 0;
    if ((all.length && firstScreen.every(ready) && document.readyState === 'complete' && now - last > 5000)
            || now > 150000) {
        done(now);
    } else { setTimeout(check, 200); }
})();
"""
)
_FIRST_SCREEN = """
return Array.from(document.querySelectorAll('.dash-graph')).filter(g => g.getBoundingClientRect().top < innerHeight)
    .map(g => g.id || (g.closest('[id]') || {}).id);
"""
# A reader flicking down the page, 0.8 of a screen every 400 ms, to the bottom, then waiting there (at most
# 20 s) until every part is drawn: for each part below the fold, [id, seconds from its coming into view to its
# being drawn (0 when it was drawn before), or null if it never was].
_SCROLL_THROUGH = (
    _PARTS
    + """
const done = arguments[arguments.length - 1];
const below = parts().filter(part => part.getBoundingClientRect().top >= innerHeight);
const entered = new Map(), drawn = new Map();
function look() {
    const now = performance.now();
    for (const part of below) {
        const box = part.getBoundingClientRect();
        if (!entered.has(part) && box.top < innerHeight && box.bottom > 0) { entered.set(part, now); }
        if (!drawn.has(part) && ready(part)) { drawn.set(part, now); }
    }
}
const watching = setInterval(look, 25);
const started = performance.now();
(function flick() {
    look();
    const bottom = scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
    if (!bottom) {
        window.scrollBy({top: Math.round(innerHeight * 0.8), behavior: 'instant'});
        setTimeout(flick, 400);
        return;
    }
    (function wait() {
        look();
        if (drawn.size === below.length || performance.now() - started > 60000) {
            clearInterval(watching);
            window.scrollTo({top: 0, behavior: 'instant'});
            done(below.map(part => [part.id, drawn.has(part)
                ? Math.max(0, drawn.get(part) - (entered.get(part) || drawn.get(part))) / 1000 : null]));
        } else { setTimeout(wait, 50); }
    })();
})();
"""
)
# Watches the live page's changes from the next tap on: resolves, once nothing has changed for 1.5 s (at most
# 20 s), with [seconds from the tap to the last change on screen, to the last change anywhere on the page]. The
# tap's time is its click event's, when the finger lifts (the time WebDriver takes to deliver it is not the
# reader's); a change is on screen when the element it changed is in the window once all is still. Dash's
# marks of a callback running change nothing a reader sees (but a panel's body, dimmed while it is redrawn).
_WATCH_CHANGES = """
const changes = window.__changes = {from: null, last: null, changed: []};
document.addEventListener('click', event => { if (changes.from === null) { changes.from = event.timeStamp; } },
    {capture: true, once: true});
const marker = node => node.nodeType === 1 && node.classList.contains('_dash-loading-callback');
function seen(change) {
    if (change.type === 'attributes' && change.attributeName === 'data-dash-is-loading') {
        return change.target.classList.contains('panel-body');
    }
    const nodes = Array.from(change.addedNodes).concat(Array.from(change.removedNodes));
    return !(change.type === 'childList' && nodes.length && nodes.every(marker));
}
new MutationObserver(list => {
    const now = performance.now();
    list.filter(seen).forEach(change => { changes.last = now; changes.changed.push([now, change.target]); });
}).observe(document.getElementById('react-entry-point'), {subtree: true, childList: true, attributes: true,
    characterData: true});
"""
_CHANGES_SETTLED = """
const done = arguments[arguments.length - 1], started = performance.now();
function onScreen(node) {
    const element = node.nodeType === 1 ? node : node.parentElement;
    if (!element || !element.isConnected) { return false; }
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight && box.width > 0 && box.height > 0;
}
(function check() {
    const c = window.__changes, now = performance.now();
    if (c.from !== null && ((c.last && now - c.last > 1500) || now - started > 20000)) {
        const seen = c.changed.filter(([at, node]) => at >= c.from && onScreen(node)).map(([at]) => at);
        done([seen.length ? (Math.max(...seen) - c.from) / 1000 : null, c.last ? (c.last - c.from) / 1000 : null]);
    } else { setTimeout(check, 100); }
})();
"""
_TRANSFERRED = """
return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((sum, entry) => sum + (entry.transferSize || 0), 0);
"""


def phone_browser() -> webdriver.Chrome:
    driver = chromium("412,823", script_seconds=180)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _RECORDER})
    return driver


def _throttled(driver: webdriver.Chrome, on: bool) -> None:
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN if on else 1})
    conditions = NETWORK if on else {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)


def cold_load(driver: webdriver.Chrome, url: str) -> dict:
    """One cold load on the phone profile: its figures in seconds (see the module's docstring)."""
    driver.get("about:blank")
    _throttled(driver, True)
    try:
        driver.get(url)
        driver.execute_async_script(_SETTLED)
        phone = driver.execute_script("return window.__phone")
        first_screen = driver.execute_script(_FIRST_SCREEN)
        transferred = driver.execute_script(_TRANSFERRED)
        waits = driver.execute_async_script(_SCROLL_THROUGH)
        drawn = driver.execute_script("return window.__phone.drawn")
        redrawn, whole, inp = _range_change(driver)
    finally:
        _throttled(driver, False)
    fcp = phone["fcp"] or 0
    lcp = phone["lcp"][-1] if phone["lcp"] else {"at": float("nan"), "what": "nothing"}
    first_drawn = [drawn[key] for key in first_screen if key in drawn]
    return {
        "lcp": lcp["at"] / 1000,
        "lcp_what": lcp["what"],
        "first_screen": max(first_drawn) / 1000 if first_drawn else 0.0,
        "first_screen_charts": len(first_screen),
        "every_chart": max(drawn.values()) / 1000 if drawn else float("nan"),
        "charts": len(drawn),
        "longest_wait": max((wait for _, wait in waits if wait is not None), default=0.0),
        "never_drawn": sum(wait is None for _, wait in waits),
        "tbt": sum(max(0, duration - 50) for start, duration in phone["longtasks"] if start >= fcp) / 1000,
        "long_tasks": len(phone["longtasks"]),
        "bytes": transferred,
        "range_change": redrawn,
        "range_change_whole": whole,
        "inp": inp,
    }


def _range_change(driver: webdriver.Chrome) -> tuple[float, float, float]:
    """(seconds from tapping "30 days" at the top of the page to the last change it brings to the screen, to the
    last change anywhere on the page, the longest interaction's duration so far: INP) on the app's page; nans on
    the default page, which has no range."""
    presets = driver.find_elements("css selector", ".range-presets label")
    if len(presets) < 2:
        return float("nan"), float("nan"), float("nan")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", presets[1])
    driver.execute_script(_WATCH_CHANGES)
    presets[1].click()  # "30 days": a real tap, as Chromium's input pipeline delivers it
    on_screen, anywhere = driver.execute_async_script(_CHANGES_SETTLED)
    nan = float("nan")
    return (
        on_screen if on_screen is not None else nan,
        anywhere if anywhere is not None else nan,
        (driver.execute_script("return window.__phone.inp") or 0) / 1000,
    )


def _median(loads: list[dict], key: str) -> float:
    return statistics.median(load[key] for load in loads)


def _report(label: str, loads: list[dict], floor: list[dict]) -> None:
    def pair(key: str, unit: str = "s") -> str:
        app, base = _median(loads, key), _median(floor, key)
        goal = f" (goal {GOALS[key]} s)" if key in GOALS else ""
        ratio = f", ratio {app / base:.2f}" if base else ""
        return f"{app:.2f} {unit}{goal}, default Dash {base:.2f} {unit}{ratio}"

    print(f"  {label}, median of {len(loads)} cold loads:")
    print(f"    LCP {pair('lcp')}; painted: {loads[-1]['lcp_what']!r}")
    print(f"    first screen's {loads[-1]['first_screen_charts']} charts drawn {pair('first_screen')}")
    print(
        f"    every chart ({loads[-1]['charts']}) drawn for a reader who flicks down the page once the first "
        f"screen is still: {pair('every_chart')}; the longest wait from a chart coming into view to its being "
        f"drawn {_median(loads, 'longest_wait'):.2f} s (median of loads); never drawn "
        f"{max(load['never_drawn'] for load in loads)}"
    )
    print(
        f"    TBT {pair('tbt')}; long tasks {_median(loads, 'long_tasks'):.0f} "
        f"(default Dash {_median(floor, 'long_tasks'):.0f})"
    )
    print(f"    bytes {_median(loads, 'bytes') / 1e6:.2f} MB, default Dash {_median(floor, 'bytes') / 1e6:.2f} MB")
    print(
        f'    a tap on "30 days" at the top: what is on screen redrawn in {_median(loads, "range_change"):.2f} s '
        f"(goal 1 s), the panels near view (off screen) in {_median(loads, 'range_change_whole'):.2f} s; "
        f"INP {_median(loads, 'inp') * 1000:.0f} ms (goal 200 ms)"
    )
    if "-v" in sys.argv:
        print(json.dumps(loads, indent=1))


def _prepare(base: str, redis_url: str, prefix: str, database_url: str) -> dict[str, requests.Session]:
    """Both accounts of each kind synced and signed in together, a month of streams sampled."""
    from factory import create_app
    from sandbox.x import seed as x_seed
    from sync.collection.demo import DemoReport, live_moments, sample_history
    from sync.plans.twitch import TwitchSync
    from sync.plans.x import XSync
    from tests.helpers.config import app_config
    from tests.helpers.x_sandbox import Sandbox

    from .twitch import _client

    runtime = create_app(app_config(redis_url, prefix, sandbox_url=base, database_url=database_url)).server.extensions[
        "runtime"
    ]
    sessions = {}
    for kind, logins in ACCOUNTS_BY_KIND.items():
        http = requests.Session()
        for provider, login in logins.items():
            sign_in(http, base, provider, login)
        streamer = ACCOUNTS[logins["twitch"]]
        TwitchSync(
            _client(base, runtime, streamer.login, max_wait=30), runtime.store, runtime.archive, streamer.id
        ).run()
        poster = x_seed.by_username(logins["twitter"])
        XSync(Sandbox(base).client(poster.username), runtime.store, runtime.archive, poster.id, poster.username).run()
        sessions[kind] = http
    sample_history(runtime, live_moments(30, datetime.now(UTC)), DemoReport())
    return sessions


def _floor(http: requests.Session, base: str, path: str):
    figures = plan_page_load(http, base, path).figures(http, base)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(figures, file)
    return start_served("benchmarks.floor", file.name)


def _loads(base: str, path: str, session: str | None, count: int) -> list[dict]:
    browser = phone_browser()
    try:
        if session:
            browser.get(base + "/healthz")
            browser.add_cookie({"name": "session", "value": session, "path": "/"})
        return [cold_load(browser, base + path) for _ in range(count)]
    finally:
        browser.quit()


def desktop_range_change(base: str, path: str, session: str, taps: int = 5) -> tuple[float, float]:
    """(median seconds from a tap on "30 days" to the page's last change, the worst INP) on a 1440×900 window,
    unthrottled: what a computer redraws is what its screen shows (the first panels)."""
    browser = phone_browser()
    try:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        browser.get(base + "/healthz")
        browser.add_cookie({"name": "session", "value": session, "path": "/"})
        taps_measured = []
        for _ in range(taps):
            browser.get(base + path)
            browser.execute_async_script(_SETTLED)
            taps_measured.append(_range_change(browser))
    finally:
        browser.quit()
    return statistics.median(t for t, _, _ in taps_measured), max(inp for _, _, inp in taps_measured)


def main(loads: int = LOADS) -> None:
    from tests.helpers.config import fresh_database_url

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    redis_url, throwaway = test_redis_url()
    prefix, database_url = unique_prefix(), fresh_database_url()
    print(f"Phone (Lighthouse's mobile profile in headless Chromium: 4x CPU, 150 ms, 1.6 Mbps; {loads} loads)")
    process, base = start_served("benchmarks.serve", redis_url, prefix, "", database_url)
    try:
        sessions = _prepare(base, redis_url, prefix, database_url)
        for path in ("/twitch", "/twitter"):
            # The default page sends the heavy account's figures, with Dash's full plotly.js uncompressed: one
            # load (it takes most of a minute on this network), against which both accounts' loads are set.
            floor, floor_base = _floor(sessions["heavy"], base, path)
            try:
                default = _loads(floor_base, "/", None, 1)
            finally:
                stop_served(floor)
            for kind, http in sessions.items():
                app = _loads(base, path, http.cookies["session"], loads)
                _report(f"{path}, {kind} ({ACCOUNTS_BY_KIND[kind][path.strip('/')]})", app, default)
            redrawn, inp = desktop_range_change(base, path, sessions["heavy"].cookies["session"])
            print(
                f'  {path}, heavy, on a computer (1440×900, unthrottled), median of 5 taps on "30 days": what is on '
                f"screen redrawn in {redrawn:.2f} s (goal 1 s); worst INP {inp * 1000:.0f} ms"
            )
    finally:
        stop_served(process)
        delete_prefixed(redis.Redis.from_url(redis_url), prefix)
        if throwaway:
            throwaway.stop()


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2] if arg.isdigit()))
