"""End to end in headless Chromium: sign in through the sandbox consent pages, see the dashboard."""

from selenium.webdriver.support.ui import WebDriverWait

from sandbox.twitch.seed import ACCOUNTS as TWITCH_ACCOUNTS
from sandbox.x.seed import ACCOUNTS as X_ACCOUNTS
from tests.helpers.browser import sign_in, wait_for_url

TWITCH = TWITCH_ACCOUNTS["sandbox_streamer"]
X = next(a for a in X_ACCOUNTS if a.username == "sandbox_creator")


def test_twitch_sign_in_shows_the_profile(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", TWITCH.login)
    dash_br.wait_for_text_to_equal("#profile-name", TWITCH.display_name, timeout=15)
    dash_br.wait_for_text_to_equal("#profile-followers", f"{TWITCH.followers:,}", timeout=15)  # as they land
    assert dash_br.find_element("#profile-broadcaster-type").text == "Affiliate"
    assert "sandbox account" in dash_br.find_element("#sandbox-note").text
    assert TWITCH.display_name in dash_br.find_element("#nav-twitch").text


def test_x_sign_in_shows_the_profile(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", X.username)
    dash_br.wait_for_text_to_equal("#profile-name", X.name, timeout=15)
    assert dash_br.find_element("#profile-followers").text == f"{X.followers:,}"
    assert dash_br.find_element("#profile-following").text == f"{X.following:,}"


def test_cancel_shows_the_friendly_message(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", approve=False)
    wait_for_url(dash_br, "notice=cancelled")
    dash_br.wait_for_contains_text("#notice", "Sign-in cancelled", timeout=10)
    dash_br.wait_for_element("#sign-in-twitch")


def test_sign_out_returns_home_and_the_dashboard_asks_to_sign_in(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch")
    dash_br.wait_for_element("#profile-name", timeout=15)
    dash_br.find_element("#sign-out").click()
    wait_for_url(dash_br, "notice=signed-out")
    dash_br.wait_for_contains_text("#notice", "You are signed out", timeout=10)
    dash_br.driver.get(f"{live_app}/twitch")
    dash_br.wait_for_element("#sign-in-prompt", timeout=10)


def test_signed_in_to_both_the_navbar_switches_dashboards(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch")
    dash_br.wait_for_element("#profile-name", timeout=15)
    dash_br.driver.get(live_app)
    sign_in(dash_br, "twitter")
    dash_br.wait_for_text_to_equal("#profile-name", X.name, timeout=15)
    dash_br.find_element("#nav-twitch").click()
    # The Twitch page is drawn whole on the server, every panel of it: a first view after a sync draws them all
    # (marking the X posts now beside them) before the page goes out. Under CI's coverage tracing, with the X
    # sync running beside it, that took over 15 s in 3 of 4 runs (see the closing note of issue 12).
    dash_br.wait_for_text_to_equal("#profile-name", TWITCH.display_name, timeout=45)


def test_a_dashboard_while_signed_out_asks_to_sign_in(dash_br, live_app):
    dash_br.server_url = f"{live_app}/twitter"
    dash_br.wait_for_element("#sign-in-prompt", timeout=10)
    assert "Sign in with X" in dash_br.find_element("#sign-in-prompt").text


def test_on_a_phone_the_menu_opens_and_signs_out(dash_br, live_app):
    dash_br.driver.set_window_size(390, 844)
    try:
        dash_br.server_url = live_app
        sign_in(dash_br, "twitch")
        dash_br.wait_for_element("#profile-name", timeout=15)
        assert not dash_br.find_element("#sign-out").is_displayed()  # folded behind the toggler
        dash_br.find_element("#navbar-toggler").click()
        WebDriverWait(dash_br.driver, 5).until(lambda d: dash_br.find_element("#sign-out").is_displayed())
        assert TWITCH.display_name in dash_br.find_element("#nav-twitch").text
        dash_br.find_element("#sign-out").click()
        wait_for_url(dash_br, "notice=signed-out")
    finally:
        dash_br.driver.set_window_size(1280, 900)


def test_a_tab_left_open_after_signing_out_in_another_says_so_and_offers_sign_in(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_streamer")
    dash_br.wait_for_element("#twitch-follower-graph .main-svg", timeout=30)
    first = dash_br.driver.current_window_handle
    dash_br.driver.switch_to.new_window("tab")
    dash_br.driver.get(live_app + "/twitch")
    dash_br.wait_for_element("#sign-out", timeout=15).click()
    dash_br.wait_for_element("#sign-in-twitch", timeout=15)
    dash_br.driver.close()
    dash_br.driver.switch_to.window(first)
    # The first tab still shows the dashboard; the next thing the person does there is answered with the news.
    dash_br.driver.find_elements("css selector", ".range-presets label.btn")[0].click()
    dash_br.wait_for_contains_text("#twitch-alerts", "sign-in has ended", timeout=15)
    assert dash_br.find_element("#twitch-alerts a").get_attribute("href").endswith("/login/twitch")
    assert dash_br.driver.find_elements("css selector", "#twitch-follower-graph .main-svg")  # what it showed stays


def test_signing_in_to_x_again_can_choose_another_account(dash_br, live_app):
    """The sandbox, as X, sends a person who approved the app before straight back as the same account;
    "Choose the X account" asks X for the account again (force_login), as X's own switch does."""
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element("#twitter-card-followers-value", timeout=30)
    dash_br.wait_for_element("#sign-out", timeout=15).click()
    dash_br.wait_for_element("#sign-in-twitter", timeout=15).click()
    dash_br.wait_for_text_to_equal("#nav-twitter strong", "Sandbox Creator", timeout=30)  # no prompt: approved
    dash_br.wait_for_element("#sign-out", timeout=15).click()
    dash_br.wait_for_element("#sign-in-twitter-switch", timeout=15).click()
    dash_br.wait_for_element("#account-sandbox_heavy", timeout=15).click()
    dash_br.wait_for_element("#authorize").click()
    dash_br.wait_for_text_to_equal("#nav-twitter strong", "Sandbox Heavy", timeout=30)
