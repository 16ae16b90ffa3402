"""The collection bar in Chromium: it says collection is on, the switch turns it off, a paused account asks
for a sign-in, and "Disconnect and delete my data" asks first, then deletes and says how much."""

from datetime import date

from sandbox.twitch.seed import ACCOUNTS
from sync.collection.collect import Rounds
from tests.helpers.browser import sign_in, wait_for_url

NEWBIE = ACCOUNTS["sandbox_newbie"]


def test_collection_bar_switch_pause_and_delete(dash_br, live_dash_app):
    url, app = live_dash_app
    runtime = app.server.extensions["runtime"]
    dash_br.server_url = url
    sign_in(dash_br, "twitch", NEWBIE.login)
    dash_br.wait_for_contains_text("#twitch-collection-state", "Daily collection is on", timeout=15)

    dash_br.find_element("#twitch-collection .form-switch input").click()
    dash_br.wait_for_contains_text("#twitch-collection", "off: nothing is collected while away", timeout=10)
    # The sentence beside the switch says so too, at once: not "on" until a reload.
    dash_br.wait_for_contains_text("#twitch-collection-state", "Daily collection is off", timeout=10)
    assert not runtime.archive.account("twitch", NEWBIE.id).collecting
    dash_br.driver.get(url + "/twitch")
    dash_br.wait_for_contains_text("#twitch-collection-state", "Daily collection is off", timeout=15)
    dash_br.find_element("#twitch-collection .form-switch input").click()
    dash_br.wait_for_contains_text("#twitch-collection", "Collect daily (on)", timeout=10)
    dash_br.wait_for_contains_text("#twitch-collection-state", "Daily collection is on", timeout=10)
    assert runtime.archive.account("twitch", NEWBIE.id).collecting

    runtime.archive.needs_sign_in("twitch", NEWBIE.id, "Twitch no longer accepts this sign-in.")
    dash_br.driver.get(url + "/twitch")
    dash_br.wait_for_contains_text("#twitch-collection-state", "Collection is paused", timeout=15)
    assert dash_br.find_element("#twitch-collection a").get_attribute("href").endswith("/login/twitch")

    dash_br.find_element("#twitch-collection a").click()  # signing in again resumes collection
    dash_br.wait_for_element(f"#account-{NEWBIE.login}", timeout=10).click()
    dash_br.wait_for_element("#authorize").click()
    dash_br.wait_for_contains_text("#twitch-collection-state", "Daily collection is on", timeout=15)
    assert Rounds(runtime).run_round("twitch", NEWBIE.id, on_demand=True).outcome in ("collected", "partial")

    dash_br.find_element("#twitch-delete-open").click()
    dash_br.wait_for_element("#twitch-delete-cancel", timeout=5).click()  # asks first; Cancel keeps everything
    assert runtime.archive.account("twitch", NEWBIE.id) is not None
    dash_br.find_element("#twitch-delete-open").click()
    dash_br.wait_for_element("#twitch-delete-confirm", timeout=5).click()
    wait_for_url(dash_br, "notice=deleted")
    dash_br.wait_for_contains_text("#notice", "stored rows of your history were deleted", timeout=10)
    assert runtime.archive.account("twitch", NEWBIE.id) is None
    assert runtime.archive.counters_by_day("twitch", NEWBIE.id, date.min, date.max) == {}
    assert "nav-twitch" not in dash_br.driver.page_source  # this browser's Twitch sign-in ended too
