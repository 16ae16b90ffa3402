"""Charts as a person reads them, in headless Chromium: a lone data point (X follower history on a first
visit) is a dot that says history starts today, on the chosen range, with whole-number ticks."""

import re
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
    """The rate column of the top posts table, read at once (the panel redraws under a slower read)."""
    texts = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('#twitter-panel-rate table tbody tr td:last-child'))"
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
