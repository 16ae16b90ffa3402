"""A share link made from the Twitch dashboard's Share button, opened in a signed-out browser on a 390 px phone:
the chosen panels' charts drawn under the app's CSP with no error, the creator named, nothing wider than the
screen, and axe-core finds nothing critical or serious."""

from selenium.webdriver.support.ui import WebDriverWait

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers import axe
from tests.helpers.browser import PHONE, horizontal_overflow, set_viewport, sign_in, wait_for_url

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""
KEPT = ("followers", "vods", "profile")


def _until(browser, script: str, timeout: float = 30):
    """Poll a script (no string waits: the CSP forbids eval) until it returns something true."""
    return WebDriverWait(browser.driver, timeout, poll_frequency=0.2).until(lambda d: d.execute_script(script))


def test_a_link_from_the_share_button_shows_its_panels_to_a_signed_out_phone(dash_br, live_app):
    streamer = ACCOUNTS["sandbox_streamer"]
    dash_br.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    dash_br.server_url = live_app
    set_viewport(dash_br, *PHONE)
    sign_in(dash_br, "twitch", streamer.login)
    wait_for_url(dash_br, "/twitch")
    dash_br.wait_for_element("#twitch-card-followers-value", timeout=30)
    _until(dash_br, "return document.querySelector('#twitch-share').getAttribute('href').indexOf('start=') > 0")
    dash_br.driver.get(dash_br.driver.execute_script("return document.querySelector('#twitch-share').href"))

    # The form: every panel ticked (what the dashboard shows); keep three of them, with the range in view.
    for box in dash_br.driver.find_elements("css selector", "input[name=panels]"):
        if (box.get_attribute("value") in KEPT) != box.is_selected():
            dash_br.driver.execute_script("arguments[0].click();", box)
    dash_br.driver.execute_script("document.querySelector('#range-fixed').click();")
    dash_br.driver.execute_script("document.querySelector('form[action=\"/shares\"] button[type=submit]').click();")
    link = _until(dash_br, "var f = document.querySelector('#share-address'); return f && f.value;")
    assert "/s/" in link

    dash_br.driver.delete_all_cookies()  # signed out: the visitor has nothing of the creator's
    dash_br.driver.get(link)
    _until(dash_br, "return document.documentElement.getAttribute('data-shared-drawn') === '1';")
    assert dash_br.driver.get_cookies() == []
    titles = dash_br.driver.execute_script(
        "return Array.from(document.querySelectorAll('.shared-panel > .card-header h2'))"
        ".map(function (h) { return h.textContent; });"
    )
    assert titles == ["Profile and headline numbers", "Follower growth", "VOD views"]
    drawn = dash_br.driver.execute_script("return document.querySelectorAll('.shared-chart .main-svg').length;")
    assert drawn >= 2
    assert streamer.display_name in dash_br.find_element(".shared-creator").text
    assert horizontal_overflow(dash_br) == 0
    found = dash_br.driver.execute_script("return window.__cspViolations || []")
    found += [entry["message"] for entry in dash_br.get_logs() or []]
    assert found == [], "\n".join(found)
    assert axe.violations(dash_br) == []


DARK_BACKGROUND = """
var c = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
return [document.documentElement.getAttribute('data-bs-theme'), Math.max(c[0], c[1], c[2])];
"""


def _dark_and_fits(browser) -> None:
    """The page is dark (Bootstrap's dark body), nothing is wider than the phone, axe finds nothing serious."""
    theme, brightest = browser.driver.execute_script(DARK_BACKGROUND)
    assert theme == "dark" and brightest < 60, (browser.driver.current_url, theme, brightest)
    assert horizontal_overflow(browser) == 0, browser.driver.current_url
    found = axe.violations(browser)
    assert found == [], found


def test_the_sharing_pages_are_dark_and_fit_a_phone_in_dark_mode(dash_br, live_app):
    """The system in dark mode: the creator's pages follow the dashboards' theme (their cookie), the visitor's page
    the visitor's system; /shares' list fits 390 px with Revoke in reach; the charts' text is light."""
    streamer = ACCOUNTS["sandbox_streamer"]
    driver = dash_br.driver
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    dash_br.server_url = live_app
    set_viewport(dash_br, *PHONE)
    sign_in(dash_br, "twitch", streamer.login)
    wait_for_url(dash_br, "/twitch")
    dash_br.wait_for_element("#twitch-card-followers-value", timeout=30)
    assert {c["name"]: c["value"] for c in driver.get_cookies()}.get("theme") == "dark"
    # Chosen dark with the navbar's toggle: DevTools' emulated dark drops to light for a moment as a page unloads,
    # and 40-theme.js would write that moment into the cookie; a choice holds.
    driver.execute_script("localStorage.setItem('creator-analytics-theme', 'dark');")
    driver.get(driver.execute_script("return document.querySelector('#twitch-share').href"))
    assert {c["name"]: c["value"] for c in driver.get_cookies()}.get("theme") == "dark"

    _dark_and_fits(dash_br)
    back = driver.execute_script("var a = document.querySelector('.sharing-back'); return a && a.pathname;")
    assert back == "/twitch"  # the way back to the dashboard the creator came from
    driver.execute_script("document.querySelector('form[action=\"/shares\"] button[type=submit]').click();")
    link = _until(dash_br, "var f = document.querySelector('#share-address'); return f && f.value;")
    _dark_and_fits(dash_br)

    driver.get(live_app + "/shares")
    _until(dash_br, "return document.querySelector('.share-list button[type=submit]');")
    _dark_and_fits(dash_br)
    revoke = driver.execute_script(
        "var r = document.querySelector('.share-list button[type=submit]').getBoundingClientRect();"
        "return [r.left, r.right, r.width];"
    )
    assert revoke[0] >= 0 and revoke[1] <= PHONE[0] and revoke[2] > 0, revoke  # on screen, no sideways scroll
    set_viewport(dash_br, 640, 900)  # wider than a phone: the table itself, scrolling in its box if need be
    assert (
        driver.execute_script("return getComputedStyle(document.querySelector('.share-list tr')).display;")
        == "table-row"
    )
    assert horizontal_overflow(dash_br) == 0
    set_viewport(dash_br, *PHONE)

    # The creator picked light on the dashboards (the toggle's cookie): their pages follow it, not the system.
    driver.add_cookie({"name": "theme", "value": "light", "path": "/"})
    driver.get(live_app + "/shares")
    theme, brightest = driver.execute_script(DARK_BACKGROUND)
    assert theme == "light" and brightest > 200

    # The visitor's page follows the visitor's system (dark here), with no cookie of any kind.
    driver.delete_all_cookies()
    driver.get(link)
    _until(dash_br, "return document.documentElement.getAttribute('data-shared-drawn') === '1';")
    assert driver.get_cookies() == []
    _dark_and_fits(dash_br)
    fills = driver.execute_script(
        "return Array.from(document.querySelectorAll('.shared-chart .xaxislayer-above text,'"
        " + ' .shared-chart .yaxislayer-above text')).map(function (t) { return getComputedStyle(t).fill; });"
    )
    assert fills and set(fills) == {"rgb(222, 226, 230)"}, set(fills)  # the dashboards' dark chart text
    paper = driver.execute_script(
        "return getComputedStyle(document.querySelector('.shared-chart .main-svg')).backgroundColor;"
    )
    assert paper == "rgba(0, 0, 0, 0)"

    driver.get(link.rsplit("/", 1)[0] + "/not-a-link-at-all-0123456789")  # the ended page too
    assert "This link is not available" in driver.page_source
    _dark_and_fits(dash_br)
