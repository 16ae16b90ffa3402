"""The page "How your sign-in worked" in headless Chromium: reached from a sign-in that lands back on it, laid out on a
phone and a computer in both themes without sideways scrolling, clean under axe-core, and no whole secret in
any response Dash's scripts receive."""

import os
from urllib.parse import parse_qs, urlsplit

import requests
from selenium.webdriver.support.ui import WebDriverWait

from core.vault import TokenVault, fernet_from
from sandbox import credentials
from tests.helpers.axe import violations
from tests.helpers.browser import DESKTOP, PHONE, horizontal_overflow, set_viewport, sign_in
from tests.helpers.consent import sign_in as sign_in_over_http
from tests.helpers.sessions import stored_session

# Keeps the text of every response from Dash's endpoints (layout, callbacks) before the page's scripts run;
# added through DevTools, as the app's CSP allows no inline script.
KEEP_DASH_RESPONSES = """
window.dashResponses = [];
var realFetch = window.fetch;
window.fetch = function (input) {
    var address = typeof input === "string" ? input : input.url;
    return realFetch.apply(this, arguments).then(function (response) {
        if (address.indexOf("_dash-") !== -1) {
            response.clone().text().then(function (text) { window.dashResponses.push([address, text]); });
        }
        return response;
    });
};
"""


def wait_until(browser, script: str, *args, timeout: float = 20):
    """Poll ``script`` (returning a truthy value when done) in the page until it is."""
    WebDriverWait(browser.driver, timeout, poll_frequency=0.1).until(lambda d: d.execute_script(script, *args))


def wait_for_steps(browser, least: int):
    """The live page (not its first paint) lists at least ``least`` steps."""
    wait_until(
        browser, "return document.querySelectorAll('#signin-steps > li.signin-step').length >= arguments[0]", least
    )


def assert_fits_and_is_clean(browser, page: str):
    for width, height in (PHONE, DESKTOP):
        set_viewport(browser, width, height)
        wait_until(browser, "return window.innerWidth === arguments[0]", width)
        assert horizontal_overflow(browser) == 0, f"{page} scrolls sideways at {width} px"
        found = violations(browser)
        assert found == [], f"{page} at {width} px: {found}"
        if os.environ.get("SCREENSHOTS"):  # for a person checking the layout by eye
            browser.driver.save_screenshot(os.path.join(os.environ["SCREENSHOTS"], f"{page}-{width}.png"))


def test_signing_in_from_the_page_lands_back_on_the_replay_which_fits_in_both_themes(dash_br, live_app):
    dash_br.driver.get(live_app + "/signin-explained/twitch")
    invitation = dash_br.wait_for_element("#replay-sign-in-twitch", timeout=15)
    assert violations(dash_br) == []  # signed out: an invitation to sign in, as clean as the rest
    invitation.click()
    dash_br.wait_for_element("#authorize", timeout=15).click()
    wait_until(dash_br, "return location.pathname === '/signin-explained/twitch'")
    wait_for_steps(dash_br, 12)  # the sign-in's nine, two not yet happened, the revocation at disconnect
    times = [e.text for e in dash_br.driver.find_elements("css selector", "#signin-steps .step-time")]
    assert any(t.startswith("Twitch answered in") and t.endswith(" ms") for t in times), times
    assert_fits_and_is_clean(dash_br, "twitch-light")
    dash_br.find_element("#theme-toggle").click()
    dash_br.driver.refresh()  # the choice is kept; and no pressed button is left under the pointer for axe
    wait_until(dash_br, "return document.documentElement.getAttribute('data-bs-theme') === 'dark'")
    wait_for_steps(dash_br, 12)
    assert_fits_and_is_clean(dash_br, "twitch-dark")
    set_viewport(dash_br, *DESKTOP)


def test_x_replay_wraps_its_signature_base_string_on_a_phone(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    wait_until(dash_br, "return location.pathname === '/twitter'")
    dash_br.find_element("#navbar-signin-replay").click()  # the navbar leads to the signed-in account's replay
    wait_until(dash_br, "return location.pathname === '/signin-explained/twitter'")
    wait_for_steps(dash_br, 8)
    opened = dash_br.driver.find_elements("css selector", ".step-access-token details.signature[open] .base-string")
    assert len(opened) == 1  # the access token exchange's signature is shown taken apart
    assert_fits_and_is_clean(dash_br, "x")
    dash_br.driver.find_elements("css selector", "#signin-glance a")[4].click()  # at a glance: to the fifth step
    wait_until(
        dash_br,
        "var r = document.getElementById('step-5').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight;",
    )
    assert dash_br.driver.execute_script("return location.hash;") == "#step-5"
    set_viewport(dash_br, *PHONE)
    widths = dash_br.driver.execute_script(
        "return Array.from(document.querySelectorAll('#signin-steps .base-string'))"
        ".map(function (e) { return [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]; });"
    )
    assert len(widths) == 3 and all(scroll <= client and right <= PHONE[0] for scroll, client, right in widths)
    set_viewport(dash_br, *DESKTOP)
    dash_br.driver.execute_script("window.scrollTo({top: 0, behavior: 'instant'});")  # up to the navbar's toggle
    dash_br.find_element("#theme-toggle").click()
    dash_br.driver.refresh()
    wait_until(dash_br, "return document.documentElement.getAttribute('data-bs-theme') === 'dark'")
    wait_for_steps(dash_br, 8)
    assert_fits_and_is_clean(dash_br, "x-dark")  # the base strings' panels and the code on a dark page
    set_viewport(dash_br, *DESKTOP)


def test_no_whole_secret_in_any_response_dash_receives(dash_br, live_app, redis_client, live_prefix):
    """A real sandbox sign-in with each provider (over HTTP, so that the callbacks' codes are known), carried into
    the browser by its session cookie; then every response of Dash's endpoints on both replay pages is scanned."""
    http = requests.Session()
    back = {}
    for provider, account in (("twitter", "sandbox_creator"), ("twitch", None)):
        landed = sign_in_over_http(http, live_app, provider, account=account)
        callback = next(r.url for r in landed.history if f"/callback/{provider}" in r.url)
        back.update({name: values[0] for name, values in parse_qs(urlsplit(callback).query).items()})
    vault = TokenVault(redis_client, fernet_from("test-secret-key"), live_prefix, 60)
    vault_id = stored_session(redis_client, live_prefix, http)["vault"]
    x_token, twitch_token = vault.get(vault_id, "twitter"), vault.get(vault_id, "twitch")
    secrets = {
        "X access token": x_token["oauth_token"],
        "X token secret": x_token["oauth_token_secret"],
        "X verifier": back["oauth_verifier"],
        "X consumer secret": credentials.X_CONSUMER_SECRET,
        "Twitch access token": twitch_token["access_token"],
        "Twitch refresh token": twitch_token["refresh_token"],
        "Twitch code": back["code"],
        "Twitch client secret": credentials.TWITCH_CLIENT_SECRET,
    }
    driver = dash_br.driver
    driver.get(live_app + "/no-such-page")
    driver.add_cookie({"name": "session", "value": http.cookies["session"], "path": "/"})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_DASH_RESPONSES})
    responses = []
    for path in ("/signin-explained/twitter", "/signin-explained/twitch"):
        driver.get(live_app + path)
        wait_for_steps(dash_br, 8)
        set_viewport(dash_br, *PHONE)
        dash_br.find_element("#navbar-toggler").click()  # a server callback: the phone's menu
        wait_until(dash_br, "return window.dashResponses.some(function (r) { return /update-component/.test(r[0]); })")
        responses += driver.execute_script("return window.dashResponses;")
        set_viewport(dash_br, *DESKTOP)
    layouts = [text for address, text in responses if "_dash-layout" in address]
    assert len(layouts) == 2 and all("signin-steps" in text for text in layouts)  # the filled pages came this way
    for what, secret in secrets.items():
        for address, text in responses:
            assert secret not in text, f"the whole {what} is in the response of {address}"
