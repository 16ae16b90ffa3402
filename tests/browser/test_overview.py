"""The home page for a signed-in person, in headless Chromium: each connected account's headline numbers
with their change against the previous 30 days, a link to its dashboard, sign-in only for the other."""

import re

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import sign_in

# "▲ 12% more posts than the 30 days before", "▼ net -3, against +10 the ...", "– no data for the ..."
CHANGE = re.compile(r"^[▲▼=–] .*\bthe \d+ days before$")


def _x_cards_say_how_they_moved(driver) -> bool:
    cards = driver.find_elements(By.CSS_SELECTOR, "#twitter-cards .card")
    return len(cards) == 5 and all(card.find_elements(By.CSS_SELECTOR, ".change") for card in cards)


def _visible(browser, css: str) -> bool:
    found = browser.find_elements(css)
    return bool(found) and found[0].is_displayed()


def test_home_shows_each_connected_account_and_offers_only_the_other(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_streamer")
    dash_br.wait_for_element("#twitch-card-followers-value", timeout=30)
    dash_br.driver.get(f"{live_app}/")
    dash_br.wait_for_element("#overview-twitch #twitch-card-followers", timeout=15)
    assert not _visible(dash_br, "#sign-in-twitch") and _visible(dash_br, "#sign-in-twitter")
    # Signed in, the opening line no longer asks for a sign-in: it says what the cards are.
    lead = dash_br.find_element("#home-lead").text
    assert lead.startswith("Your Twitch numbers at a glance") and "Sign in with" not in lead, lead
    changes = [e.text for e in dash_br.find_elements("#overview-twitch .change")]
    assert changes and all(CHANGE.match(text) for text in changes), changes
    assert any(text.startswith(("▲", "▼", "=")) for text in changes)  # followers: real numbers to compare
    assert dash_br.find_element("#open-twitch").get_attribute("href").endswith("/twitch")

    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element("#twitter-card-followers-value", timeout=30)
    # Every metric card on the dashboard says how it moved against the previous period.
    # Read until they agree: a landing's redraw may replace the cards between two reads.
    assert WebDriverWait(dash_br.driver, 15, ignored_exceptions=[StaleElementReferenceException]).until(
        _x_cards_say_how_they_moved
    )
    dash_br.driver.get(f"{live_app}/")
    dash_br.wait_for_element("#overview-twitter #twitter-card-rate", timeout=15)
    dash_br.wait_for_element("#overview-twitch", timeout=5)
    assert not _visible(dash_br, "#sign-in-twitch") and not _visible(dash_br, "#sign-in-twitter")
    dash_br.find_element("#open-twitter").click()
    dash_br.wait_for_element("#twitter-cards .card", timeout=15)
