"""A range preset sets the picker's dates in the browser (no round trip), the very dates the server's
preset_dates gives, and the cards follow them."""

from datetime import date

from selenium.webdriver.support.ui import WebDriverWait

from dashboard.components.daterange import PRESETS, preset_dates
from tests.helpers.browser import sign_in

_DATES = "return Array.from(document.querySelectorAll('.date-range input')).map(input => input.value)"


def _shown(iso: str) -> str:
    """A date as the picker shows it ("D MMM YYYY")."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


def test_each_preset_sets_the_dates_the_server_would(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element("#twitter-card-followers-value", timeout=45)
    for index, preset in enumerate(PRESETS):
        label = dash_br.driver.find_elements("css selector", ".range-presets label.btn")[index]
        dash_br.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", label)
        label.click()
        expected = [_shown(day) for day in preset_dates(preset)]
        WebDriverWait(dash_br.driver, 10, poll_frequency=0.1).until(
            lambda driver, expected=expected: driver.execute_script(_DATES) == expected
        )
