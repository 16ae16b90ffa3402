"""Charts as a person reads them, in headless Chromium: a lone data point (X follower history on a first
visit) is a dot that says history starts today, on the chosen range, with whole-number ticks."""

import re
import time
from datetime import date, timedelta

from selenium.webdriver.support.ui import WebDriverWait

from dashboard.components.daterange import DEFAULT_PRESET
from tests.helpers.browser import sign_in

GRAPH = "#twitter-follower-graph"


def _ticks(browser, axis: str) -> list[str]:
    return [t.text for t in browser.find_elements(f"{GRAPH} .{axis}tick text") if t.text]


def test_a_single_follower_snapshot_reads_as_the_start_of_a_history(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element(f"{GRAPH} .main-svg", timeout=30)
    driver = dash_br.driver
    points = driver.execute_script(f"return document.querySelector('{GRAPH} .js-plotly-plot').data[0].x.length;")
    assert points == 1  # one snapshot a day: a first visit has one
    assert "history starts today" in dash_br.find_element(GRAPH).text
    y_ticks = _ticks(dash_br, "y")
    assert len(y_ticks) >= 3 and all(re.fullmatch(r"\d{1,3}(,\d{3})*", t) for t in y_ticks), y_ticks
    x_ticks = _ticks(dash_br, "x")
    assert x_ticks and not any(":" in t or "." in t for t in x_ticks), x_ticks  # no "23:59:59.9995"
    # The x axis spans the chosen 90 days, not a sliver around the one point.
    first, last = driver.execute_script(
        f"return document.querySelector('{GRAPH} .js-plotly-plot')._fullLayout.xaxis.range;"
    )
    shown = date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])
    assert shown >= timedelta(days=int(DEFAULT_PRESET) - 1), (first, last)


def _rates(browser) -> list[float]:
    """The rate column (third) of the top posts table, read at once (the panel redraws under a slower read)."""
    texts = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('#twitter-panel-rate table tbody tr td:nth-child(3)'))"
        ".map(c => c.textContent);"
    )
    return [float(t.rstrip("%")) for t in texts if t != "–"]


def test_top_posts_sort_by_engagements_or_by_rate(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element("#twitter-rate-graph .main-svg", timeout=30)
    by_engagements = _rates(dash_br)
    dash_br.driver.execute_script("document.querySelectorAll('#twitter-top-posts-by input')[1].click();")
    WebDriverWait(dash_br.driver, 15).until(lambda _driver: _rates(dash_br) != by_engagements)
    rates = _rates(dash_br)
    assert len(rates) >= 5 and rates == sorted(rates, reverse=True)


# Each drawn chart's margins as Plotly laid it out, against those its layout asked for.
_MARGINS = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).filter(gd => gd.querySelector('.main-svg')).map(gd => {
    const size = gd._fullLayout._size, asked = gd._fullLayout.margin, sides = ['l', 'r', 't', 'b'];
    return [gd.parentElement.id, sides.map(side => Math.round(size[side])), sides.map(side => asked[side])];
});
"""


def _laid_out_margins(browser) -> list:
    """Once every chart of the page is drawn (no new one for a second, time for automargin's second pass too)."""
    drawn: list = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(1)
        now = browser.driver.execute_script(_MARGINS)
        if drawn and len(now) == len(drawn):
            return now
        drawn = now
    return drawn


def test_every_chart_is_laid_out_once_its_margins_already_holding_its_labels(dash_br, live_app):
    """Plotly's automargin draws a chart a second time when its labels need wider margins than its layout's
    (dashboard/figures/style.py fit_margins): on every chart of both dashboards, none did, but on the left of
    the horizontal bar charts, whose labels' width only the browser's font tells."""
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_streamer")
    twitch = _laid_out_margins(dash_br)
    dash_br.driver.get(live_app)
    sign_in(dash_br, "twitter", "sandbox_creator")
    x = _laid_out_margins(dash_br)
    bars = {"twitch-bits-graph", "twitch-clip-graph", "twitter-topics-graph"}
    widened = [
        (graph, laid_out, asked)
        for graph, laid_out, asked in twitch + x
        if (laid_out[1:] if graph in bars else laid_out) != (asked[1:] if graph in bars else asked)
    ]
    assert len(twitch) >= 6 and len(x) >= 8  # every chart of the sandbox accounts' dashboards
    assert widened == [], widened
