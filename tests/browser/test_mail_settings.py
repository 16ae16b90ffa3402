"""The digest's settings page on a 390 px phone in dark mode, signed in through the sandbox: the app's stylesheet
dark (not the browser's bare page), nothing wider than the screen, the time zone the browser's own (also on a first
visit, before the "tz" cookie), a way back to the dashboards, and axe-core finds nothing critical or serious."""

from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers import axe
from tests.helpers.browser import PHONE, horizontal_overflow, set_viewport, sign_in, wait_for_url

ZONE = "Asia/Tokyo"  # not the machine's: the page must have asked the browser (ICU names it as IANA does)


def _until(browser, script: str, timeout: float = 20):
    """Poll a script (no string waits: the CSP forbids eval) until it returns something true."""
    return WebDriverWait(browser.driver, timeout, poll_frequency=0.2).until(lambda d: d.execute_script(script))


def _background(browser) -> list[int]:
    """The body's colour as painted: opaque (a page without the stylesheet has a transparent body)."""
    colour = browser.driver.execute_script("return getComputedStyle(document.body).backgroundColor;")
    assert colour.startswith("rgb("), colour
    return [int(part) for part in colour[4:-1].split(",")]


def test_the_settings_page_on_a_dark_phone(dash_br, live_app):
    driver = dash_br.driver
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ZONE})
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    dash_br.server_url = live_app
    set_viewport(dash_br, *PHONE)
    sign_in(dash_br, "twitch", "sandbox_streamer")
    wait_for_url(dash_br, "/twitch")
    driver.delete_cookie("tz")  # as on a first visit: the page's own script picks the browser's zone
    driver.get(live_app + "/mail/settings")
    _until(dash_br, "return document.readyState === 'complete' && !!document.querySelector('#twitch-zone');")

    assert driver.execute_script("return document.documentElement.getAttribute('data-bs-theme');") == "dark"
    assert max(_background(dash_br)) < 60, _background(dash_br)  # the app's dark body, not a white page
    # Bootstrap's select (its own arrow), so the stylesheet's rules reached the form too.
    assert "svg" in driver.execute_script(
        "return getComputedStyle(document.querySelector('#twitch-zone')).backgroundImage;"
    )
    _until(dash_br, f"return document.querySelector('#twitch-zone').value === '{ZONE}';")
    assert horizontal_overflow(dash_br) <= 0
    assert driver.execute_script("return document.querySelector('a.navbar-brand').getAttribute('href');") == "/"
    assert driver.execute_script("return !!document.querySelector('a[href=\"/twitch\"]');")
    found = axe.violations(dash_br)
    assert found == [], found

    # Asked for: the card waits for the link, with its two buttons, in the same look; then Stop ends it.
    driver.execute_script("document.querySelector('#twitch-address').value = 'phone@example.com';")
    driver.execute_script("document.querySelector('#twitch-digest form[action=\"/mail/settings\"]').requestSubmit();")
    _until(dash_br, "return document.body.textContent.indexOf('Waiting for confirmation') >= 0;")
    assert driver.execute_script("return document.querySelector('#twitch-zone').value;") == ZONE  # as it was sent
    assert horizontal_overflow(dash_br) <= 0
    found = axe.violations(dash_br)
    assert found == [], found
    driver.execute_script("document.querySelector('form[action=\"/mail/stop\"] button').click();")
    _until(dash_br, "return document.body.textContent.indexOf('Not asked yet') >= 0;")
