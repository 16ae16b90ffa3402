"""A provider that stops answering, seen in headless Chromium: the stored data is drawn at once, and every
panel says what failed within 25 s (Heroku cuts requests at 30 s)."""

import time

import pytest
import requests

from sandbox.twitch.seed import ACCOUNTS
from sandbox.x.seed import by_username
from tests.helpers.browser import sign_in
from tests.helpers.servers import age_stored_data

ANSWER_SECONDS = 25
DRAWN_SECONDS = 8  # the stored data, drawn while the sync still waits
HANG_SECONDS = 60  # longer than any answer may take


@pytest.mark.parametrize(
    "provider, login, account_id, panels",
    [
        ("twitch", "sandbox_streamer", ACCOUNTS["sandbox_streamer"].id, ("followers", "subscribers", "bits", "vods")),
        ("twitter", "sandbox_creator", by_username("sandbox_creator").id, ("impressions", "followers")),
    ],
)
def test_a_hanging_provider_leaves_stored_data_drawn_and_is_reported_within_25_s(
    dash_br, live_app, live_prefix, redis_client, provider, login, account_id, panels
):
    dash_br.server_url = live_app
    sign_in(dash_br, provider, login)
    dash_br.wait_for_element(f"#{provider}-panel-followers .main-svg", timeout=30)
    age_stored_data(redis_client, live_prefix, provider, account_id)  # a returning person: every dataset is due
    sandbox_name = "x" if provider == "twitter" else provider
    requests.post(f"{live_app}/sandbox/_faults", json={"provider": sandbox_name, "hang_seconds": HANG_SECONDS})
    try:
        opened = time.monotonic()
        dash_br.driver.get(f"{live_app}/{provider}")
        for panel in panels:
            dash_br.wait_for_element(f"#{provider}-panel-{panel} .main-svg", timeout=DRAWN_SECONDS)
        drawn = time.monotonic() - opened
        assert dash_br.find_element(f"#{provider}-progress-box").is_displayed()  # the sync is still waiting
        for panel in panels:
            dash_br.wait_for_contains_text(
                f"#{provider}-panel-{panel} .panel-error", "did not answer", timeout=ANSWER_SECONDS
            )
        took = time.monotonic() - opened
    finally:
        requests.delete(f"{live_app}/sandbox/_faults")
    print(
        f"{provider}: stored data drawn {drawn:.1f} s, every panel said what failed {took:.1f} s after the page opened"
    )
    assert took < ANSWER_SECONDS
