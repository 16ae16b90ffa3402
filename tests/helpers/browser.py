"""Driving the app in headless Chromium: sign in through the sandbox's consent pages, wait for navigations."""

import time

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


def click_panel_button(browser, kind: str, panel: str):
    button = browser.driver.find_element(
        "xpath", f"//button[contains(@id, '\"{kind}\"') and contains(@id, '\"{panel}\"')]"
    )
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    time.sleep(0.3)  # let the page settle after scrolling before clicking
    button.click()
