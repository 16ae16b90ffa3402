"""When one provider endpoint fails, only its panel says so; the rest of the dashboard still draws."""

import requests

from tests.helpers.browser import click_panel_button, sign_in


def test_a_failing_endpoint_spoils_only_its_panel(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_streamer")
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    requests.post(
        f"{live_app}/sandbox/_faults", json={"provider": "twitch", "status": 503, "paths": ["/helix/subscriptions"]}
    ).raise_for_status()
    try:
        click_panel_button(dash_br, "panel-refresh", "subscribers")
        dash_br.wait_for_element("#twitch-panel-subscribers .panel-error", timeout=30)
    finally:
        requests.delete(f"{live_app}/sandbox/_faults")
    assert "503" in dash_br.find_element("#twitch-panel-subscribers .panel-error").text
    # The data fetched earlier stays on screen under the notice, and the other panels are untouched.
    assert dash_br.find_elements("#twitch-subscriber-graph .main-svg")
    assert dash_br.find_elements("#twitch-vod-graph .main-svg")
    assert not dash_br.find_elements("#twitch-panel-vods .panel-error")
