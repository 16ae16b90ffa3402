"""Driving the app in headless Chromium: sign in through the sandbox's consent pages, wait for navigations."""
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
