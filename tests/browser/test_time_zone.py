"""Local time in headless Chromium set to Los Angeles (DevTools' time zone override): days and hours on
the browser's clock, the zone named on the axes, today marked as partial, and a setting to change it."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.helpers.browser import sign_in

ZONE = "America/Los_Angeles"
STAMP = "%Y-%m-%d %H:%M"


def _axis_title(browser, graph: str) -> str:
    return browser.find_element(f"{graph} .xtitle").text


def _post_times(browser) -> list[str]:
    return browser.driver.execute_script(
        "return document.querySelector('#twitter-impressions-graph .js-plotly-plot').data[0].x;"
    )


def _zone_setting(browser):
    return browser.find_element("#react-entry-point .zone-setting")  # the live page's, not its first paint's


def test_days_and_hours_follow_the_browsers_zone_until_another_is_chosen(dash_br, live_app):
    dash_br.driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ZONE})
    dash_br.server_url = live_app
    assert dash_br.driver.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone") == ZONE
    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=30)
    WebDriverWait(dash_br.driver, 10).until(lambda _driver: _zone_setting(dash_br).get_attribute("value") == ZONE)
    assert _axis_title(dash_br, "#twitter-impressions-graph") == f"Posted ({ZONE})"
    assert _axis_title(dash_br, "#twitter-heatmap") == f"Hour of day ({ZONE})"
    assert "today so far" in dash_br.find_element("#twitter-interactions-graph").text
    in_los_angeles = _post_times(dash_br)

    # Every zone is offered once the pointer reaches the setting (it shows only the zone in use until then).
    ActionChains(dash_br.driver).move_to_element(_zone_setting(dash_br)).perform()
    WebDriverWait(dash_br.driver, 15).until(lambda _driver: len(Select(_zone_setting(dash_br)).options) > 300)
    assert _zone_setting(dash_br).get_attribute("value") == ZONE

    # Choose UTC in the setting: the page reloads on the new clock, and remembers it.
    Select(_zone_setting(dash_br)).select_by_value("Etc/UTC")
    # The page reloads: the setting found may be gone a moment later.
    WebDriverWait(dash_br.driver, 15, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda _driver: _zone_setting(dash_br).get_attribute("value") == "Etc/UTC"
    )
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=30)
    WebDriverWait(dash_br.driver, 15).until(
        lambda _driver: _axis_title(dash_br, "#twitter-impressions-graph") == "Posted (Etc/UTC)"
    )
    in_utc = set(_post_times(dash_br))
    # The same posts, each eight (or in summer seven) hours later on the UTC clock.
    moved = [
        datetime.strptime(stamp, STAMP).replace(tzinfo=ZoneInfo(ZONE)).astimezone(UTC).strftime(STAMP)
        for stamp in in_los_angeles
    ]
    assert len(moved) > 10 and sum(stamp in in_utc for stamp in moved) >= 0.9 * len(moved)
    assert len(set(in_los_angeles) & in_utc) < 0.1 * len(in_utc)  # and the clocks really differ
    assert dash_br.driver.execute_script("return localStorage.getItem('creator-analytics-zone')") == "Etc/UTC"
    dash_br.driver.refresh()
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=30)
    assert _zone_setting(dash_br).get_attribute("value") == "Etc/UTC"
