"""Driving the app in headless Chromium: sign in through the sandbox's consent pages, wait for navigations."""

import time
from pathlib import Path

from selenium.webdriver.support.expected_conditions import url_contains
from selenium.webdriver.support.ui import WebDriverWait


def wait_for_url(browser, fragment: str, timeout: float = 15):
    """Wait out a full-page navigation (form posts, redirects) before looking at the new page."""
    WebDriverWait(browser.driver, timeout).until(url_contains(fragment))


def sign_in(browser, provider: str, account: str | None = None, approve: bool = True):
    browser.wait_for_element(f"#sign-in-{provider}").click()
    if account:
        browser.wait_for_element(f"#account-{account}").click()
    browser.wait_for_element("#authorize" if approve else "#cancel").click()


MENU_ITEMS = ("panel-csv", "panel-png", "panel-svg", "panel-reset")


def click_panel_button(browser, kind: str, panel: str):
    """Click a panel's Refresh, or an item of its export menu (opening the menu first)."""
    target = "panel-menu" if kind in MENU_ITEMS else kind
    holder = browser.driver.find_element(
        "xpath", f"//*[contains(@id, '\"{target}\"') and contains(@id, '\"{panel}\"')]"
    )
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", holder)
    time.sleep(0.3)  # let the page settle after scrolling before clicking
    if target == "panel-menu":
        holder.find_element("css selector", ".dropdown-toggle").click()
        holder = browser.driver.find_element(
            "xpath", f"//*[contains(@id, '\"{kind}\"') and contains(@id, '\"{panel}\"')]"
        )
        WebDriverWait(browser.driver, 5).until(lambda _driver: holder.is_displayed())
    holder.click()


def wait_for_download(browser, pattern: str, timeout: float = 15) -> list:
    """The files matching ``pattern`` in the browser's download folder, once at least one has arrived."""
    folder = Path(browser.download_path)
    deadline = time.monotonic() + timeout
    while not [f for f in folder.glob(pattern) if not f.name.endswith(".crdownload")] and time.monotonic() < deadline:
        time.sleep(0.2)
    return [f for f in folder.glob(pattern) if not f.name.endswith(".crdownload")]


PHONE = (390, 844)
DESKTOP = (1440, 900)


def set_viewport(browser, width: int, height: int):
    """Emulate a screen of this size (a phone when narrow: mobile layout, touch-sized CSS pixels)."""
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def horizontal_overflow(browser) -> int:
    """How many CSS pixels the page is wider than the screen (0: nothing to scroll sideways)."""
    return browser.driver.execute_script(
        "var d = document.documentElement; return Math.max(d.scrollWidth, document.body.scrollWidth) - d.clientWidth;"
    )


def element_sizes(browser, css: str) -> list[tuple[str, float, float]]:
    """(text, width, height) of every visible element matching ``css``."""
    return browser.driver.execute_script(
        """return Array.from(document.querySelectorAll(arguments[0]))
            .map(function (e) { var r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]; })
            .filter(function (s) { return s[1] > 0 && s[2] > 0; });""",
        css,
    )


def scroll_to(browser, css: str, timeout: float = 40):
    """Scroll down the page, a screen at a time, as a reader does, until ``css`` is there (charts are drawn as
    they come into view); then it is in view. Fails after ``timeout`` seconds."""
    found = "var e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'center'}); return !!e;"
    driver = browser.driver
    driver.execute_script("window.scrollTo(0, 0)")
    deadline = time.monotonic() + timeout
    while not driver.execute_script(found, css):
        assert time.monotonic() < deadline, f"{css} not drawn within {timeout} s of scrolling"
        driver.execute_script("window.scrollBy(0, Math.round(innerHeight * 0.8))")
        time.sleep(0.3)
