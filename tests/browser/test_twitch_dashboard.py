"""The /twitch dashboard in headless Chromium: every panel for a typical channel, progress for a heavy one,
empty states for a new one."""

from dataclasses import replace

import requests

from sandbox.twitch.seed import ACCOUNTS
from sync.plans.twitch import DATASETS
from tests.helpers.browser import sign_in
from tests.helpers.servers import forget_stored

PANELS = ("followers", "subscribers", "bits", "vods", "clips", "schedule", "goals")


def panel(browser, name):
    return browser.find_element(f"#twitch-panel-{name}")


def test_typical_channel_shows_every_panel_with_the_sandboxs_numbers(dash_br, live_app):
    streamer = ACCOUNTS["sandbox_streamer"]
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", streamer.login)
    dash_br.wait_for_text_to_equal("#twitch-card-followers-value", f"{streamer.followers:,}", timeout=30)
    for graph in ("follower-graph", "subscriber-graph", "bits-graph", "vod-graph", "clip-graph", "heatmap"):
        dash_br.wait_for_element(f"#twitch-{graph} .main-svg", timeout=20)
    assert dash_br.find_element("#twitch-subscriber-total").text == f"{streamer.subscriptions:,}"
    assert "Road to 2.5k followers!" in panel(dash_br, "goals").text
    for name in PANELS:
        assert "fetched" in panel(dash_br, name).text


def test_heavy_channel_draws_each_panel_as_its_data_lands(dash_br, live_app, live_prefix, redis_client):
    """A first sync: the 524-page follower walk is still going when the other panels are drawn."""
    mega = ACCOUNTS["sandbox_megastream"]
    forget_stored(redis_client, live_prefix, "twitch", mega.id, list(DATASETS) + ["follower_days"])
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", mega.login)
    requests.post(f"{live_app}/sandbox/_faults", json={"provider": "twitch", "latency_ms": 10}).raise_for_status()
    try:
        dash_br.wait_for_element("#twitch-progress-box .progress", timeout=20)
        for graph in ("subscriber-graph", "bits-graph", "vod-graph", "clip-graph"):
            dash_br.wait_for_element(f"#twitch-{graph} .main-svg", timeout=20)
        assert "Fetching your channel" in panel(dash_br, "followers").text  # its walk has not ended yet
        dash_br.wait_for_element("#twitch-follower-graph .main-svg", timeout=60)
    finally:
        requests.delete(f"{live_app}/sandbox/_faults")
    dash_br.wait_for_text_to_equal(
        "#twitch-card-followers-value", f"{ACCOUNTS['sandbox_megastream'].followers:,}", timeout=20
    )
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=20)


def test_empty_channel_shows_empty_states(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_newbie")
    dash_br.wait_for_contains_text("#twitch-panel-vods", "No VODs in this date range", timeout=30)
    dash_br.wait_for_contains_text("#twitch-panel-followers", "No followers", timeout=10)
    dash_br.wait_for_contains_text("#twitch-panel-subscribers", "Affiliate or Partner", timeout=10)
    dash_br.wait_for_contains_text("#twitch-panel-goals", "No active goals", timeout=10)
    assert not dash_br.driver.find_elements("css selector", ".main-svg")  # no broken axes anywhere


def test_a_failed_first_sync_says_what_failed_in_the_profile_header(dash_br, live_app, live_prefix, redis_client):
    streamer = ACCOUNTS["sandbox_streamer"]
    forget_stored(redis_client, live_prefix, "twitch", streamer.id, ["profile"])
    requests.post(
        f"{live_app}/sandbox/_faults", json={"provider": "twitch", "status": 503, "paths": ["/helix/channels"]}
    ).raise_for_status()
    try:
        dash_br.server_url = live_app
        sign_in(dash_br, "twitch", streamer.login)
        dash_br.wait_for_contains_text("#twitch-profile", "Twitch answered 503", timeout=30)
    finally:
        requests.delete(f"{live_app}/sandbox/_faults")
    assert "Fetching" not in dash_br.find_element("#twitch-profile").text


def test_panels_the_first_render_had_no_time_for_are_drawn_as_soon_as_the_page_is_up(
    dash_br, live_app, live_dash_app, monkeypatch
):
    streamer = ACCOUNTS["sandbox_streamer"]
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", streamer.login)
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    runtime = live_dash_app[1].server.extensions["runtime"]
    runtime.store.put("twitch", streamer.id, "videos", runtime.store.get("twitch", streamer.id, "videos"))
    monkeypatch.setattr(
        runtime, "config", replace(runtime.config, first_render_ms=0)
    )  # the page goes out with the VOD panels undrawn
    dash_br.driver.refresh()
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=20)
    dash_br.wait_for_element("#twitch-heatmap .main-svg", timeout=20)
    dash_br.wait_for_text_to_equal("#twitch-card-followers-value", f"{streamer.followers:,}", timeout=20)
