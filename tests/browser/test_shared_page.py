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
