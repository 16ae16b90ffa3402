"""Loading and failure states in headless Chromium: skeletons hold the page's shape, the progress label
names X as X, and an ended sign-in shows one banner while the stored charts stay."""

import time

import requests

from sandbox.x.seed import by_username
from sync.plans.x import DATASETS
from tests.helpers.browser import click_panel_button, sign_in
from tests.helpers.servers import forget_stored

GRAPHS = ("impressions-graph", "interactions-graph", "scatter-graph", "rate-graph", "heatmap", "mix-graph")


def test_a_first_sync_shows_skeletons_and_says_x(dash_br, live_app, live_prefix, redis_client):
    heavy = by_username("sandbox_heavy")
    forget_stored(redis_client, live_prefix, "twitter", heavy.id, list(DATASETS))
    requests.post(f"{live_app}/sandbox/_faults", json={"provider": "x", "latency_ms": 30}).raise_for_status()
    try:
        dash_br.server_url = live_app
        sign_in(dash_br, "twitter", heavy.username)
        dash_br.wait_for_element("#twitter-frame .skeleton", timeout=10)  # shapes, not an empty page
        dash_br.wait_for_contains_text("#twitter-progress-label", "Fetching from X", timeout=30)
        assert "Twitter" not in dash_br.find_element("#twitter-progress-label").text
    finally:
        requests.delete(f"{live_app}/sandbox/_faults")
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=60)
    dash_br.wait_for_text_to_equal("#twitter-card-followers-value", f"{heavy.followers:,}", timeout=20)
    assert not dash_br.find_elements("#twitter-cards .skeleton, #twitter-profile .skeleton")


def test_an_ended_sign_in_shows_one_banner_and_keeps_the_charts(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    for graph in GRAPHS:
        dash_br.wait_for_element(f"#twitter-{graph} .main-svg", timeout=30)
    requests.post(f"{live_app}/sandbox/_faults", json={"provider": "x", "expire_tokens": True}).raise_for_status()
    try:
        click_panel_button(dash_br, "panel-refresh", "impressions")
        dash_br.wait_for_contains_text("#twitter-alerts", "Your X sign-in has ended", timeout=30)
    finally:
        requests.delete(f"{live_app}/sandbox/_faults")
    # Every panel draws again for a new range: still one banner, and each chart as it was.
    thirty_days = dash_br.driver.find_elements("css selector", ".range-presets label.btn")[1]
    dash_br.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", thirty_days)
    time.sleep(0.3)  # let the page settle after scrolling before clicking
    thirty_days.click()
    time.sleep(3)  # let every panel's callback answer
    banners = [e for e in dash_br.find_elements(".problem") if "sign-in has ended" in e.text]
    assert len(banners) == 1
    for graph in GRAPHS:
        assert dash_br.find_elements(f"#twitter-{graph} .main-svg"), graph
    assert dash_br.find_elements("#profile-card, #profile-name")
