"""The /twitter dashboard in headless Chromium: every panel for a typical account, progress for a heavy one,
empty states for a new one, and a sign-in that ends."""

import requests

from sandbox.x.seed import by_username
from tests.helpers.browser import click_panel_button, sign_in

PANELS = ("impressions", "interactions", "scatter", "ctr", "rate", "heatmap", "mix", "followers")
GRAPHS = (
    "impressions-graph",
    "interactions-graph",
    "scatter-graph",
    "ctr-graph",
    "rate-graph",
    "heatmap",
    "mix-graph",
    "follower-graph",
)


def panel(browser, name):
    return browser.find_element(f"#twitter-panel-{name}")


def test_typical_account_shows_every_panel_with_the_sandboxs_numbers(dash_br, live_app):
    creator = by_username("sandbox_creator")
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", creator.username)
    dash_br.wait_for_text_to_equal("#twitter-card-followers-value", f"{creator.followers:,}", timeout=30)
    assert dash_br.find_element("#twitter-card-posts-value").text == f"{creator.post_count:,}"
    for graph in GRAPHS:
        dash_br.wait_for_element(f"#twitter-{graph} .main-svg", timeout=20)
    assert "%" in dash_br.find_element("#twitter-card-rate-value").text
    assert "Open" not in panel(dash_br, "rate").text and "x.com" in panel(dash_br, "rate").get_attribute("innerHTML")
    assert "no other tool" in dash_br.find_element("#twitter-kept-history").text
    for name in PANELS:
        assert "fetched" in panel(dash_br, name).text


def test_heavy_account_shows_progress_then_charts(dash_br, live_app):
    heavy = by_username("sandbox_heavy")
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", heavy.username)
    dash_br.wait_for_element("#twitter-progress-box .progress", timeout=20)
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=60)
    dash_br.wait_for_text_to_equal("#twitter-card-followers-value", f"{heavy.followers:,}", timeout=20)
    dash_br.wait_for_element("#twitter-heatmap .main-svg", timeout=20)


def test_empty_account_shows_empty_states(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_new")
    dash_br.wait_for_contains_text("#twitter-panel-impressions", "No posts in this range", timeout=30)
    for name in ("interactions", "scatter", "ctr", "rate", "heatmap", "mix"):
        dash_br.wait_for_contains_text(f"#twitter-panel-{name}", "No posts in this range", timeout=10)
    dash_br.wait_for_text_to_equal(
        "#twitter-card-followers-value", f"{by_username('sandbox_new').followers:,}", timeout=10
    )
    # No broken axes anywhere; only the follower history draws, from today's first snapshot, and the reads the
    # first sync used.
    graphs = dash_br.driver.find_elements("css selector", ".main-svg")
    assert {
        g.find_element("xpath", "ancestor::*[contains(@class, 'dash-graph')]").get_attribute("id") for g in graphs
    } <= {"twitter-follower-graph", "twitter-cost-graph"}


def test_an_ended_sign_in_stays_ended_and_its_charts_stay(dash_br, live_app):
    """X answers 401 (code 89): the page says so, the sign-in is gone for good, and the stored charts and the
    message stay, reload after reload, until the person signs in again."""
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=30)
    requests.post(f"{live_app}/sandbox/_faults", json={"provider": "x", "expire_tokens": True}).raise_for_status()
    try:
        click_panel_button(dash_br, "panel-refresh", "impressions")
        dash_br.wait_for_contains_text("#twitter-alerts", "Your X sign-in has ended", timeout=30)
    finally:
        requests.delete(f"{live_app}/sandbox/_faults")
    for _ in range(2):
        dash_br.driver.get(f"{live_app}/twitter")
        dash_br.wait_for_contains_text("#twitter-alerts", "Your X sign-in has ended", timeout=10)
        dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=10)
        assert not dash_br.find_elements("#nav-twitter")  # signed out of X: nothing more is fetched
    assert dash_br.find_element("#twitter-alerts a").get_attribute("href").endswith("/login/twitter")
    dash_br.find_element("#twitter-alerts a").click()  # signing in again (X knows the app: no prompt) ends it
    dash_br.wait_for_element("#nav-twitter", timeout=15)
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=30)
    assert "sign-in has ended" not in dash_br.find_element("#twitter-alerts").text
