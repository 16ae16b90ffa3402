"""Dark mode in headless Chromium: it follows the system's setting (DevTools' media emulation), passes
axe-core's contrast checks with the charts on a dark page, and the navbar's toggle overrides it for good."""

from datetime import UTC, datetime

from tests.helpers.axe import violations
from tests.helpers.browser import sign_in


def _theme(browser) -> str:
    return browser.driver.execute_script("return document.documentElement.getAttribute('data-bs-theme');")


def _paper(browser, graph: str) -> str:
    return browser.driver.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0] + ' .main-svg')).backgroundColor;", graph
    )


def test_dark_mode_follows_the_system_and_the_toggle(dash_br, live_dash_app):
    """With every panel filled: a month of streams sampled (the streams list with its pages) beside the rest."""
    from sync.collection.demo import DemoReport, live_moments, sample_history

    live_app, app = live_dash_app
    driver = dash_br.driver
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    dash_br.server_url = live_app
    assert _theme(dash_br) == "dark"
    sign_in(dash_br, "twitch", "sandbox_streamer")
    dash_br.wait_for_element("#twitch-collection-state", timeout=45)
    sample_history(app.server.extensions["runtime"], live_moments(30, datetime.now(UTC)), DemoReport())
    driver.get(live_app + "/twitch")
    dash_br.wait_for_element("#twitch-streams-table button.next-page", timeout=45)
    for graph in ("follower-graph", "subscriber-graph", "bits-graph", "vod-graph", "clip-graph", "heatmap"):
        dash_br.wait_for_element(f"#twitch-{graph} .main-svg", timeout=30)
    dash_br.wait_for_text_to_equal("#theme-toggle", "Light mode", timeout=5)
    assert _paper(dash_br, "#twitch-vod-graph") == "rgba(0, 0, 0, 0)"  # the chart sits on the dark page
    found = violations(dash_br)
    assert found == [], found
    # Every axis's tick labels are light, the lower follower chart's (a second subplot) too.
    fills = driver.execute_script(
        """return Array.from(document.querySelectorAll('#twitch-follower-graph .xaxislayer-above text,'
            + ' #twitch-follower-graph .yaxislayer-above text')).map(t => getComputedStyle(t).fill);"""
    )
    assert fills and set(fills) == {"rgb(222, 226, 230)"}, set(fills)
    # The date picker's calendar opens dark, its month and year readable.
    dash_br.find_element(".dash-datepicker-input-wrapper").click()
    dash_br.wait_for_element(".dash-datepicker-content", timeout=5)
    colours = driver.execute_script(
        """var box = document.querySelector('.dash-datepicker-content');
        var text = box.querySelector('input, .dash-datepicker-calendar-month-header') || box;
        return [getComputedStyle(box).backgroundColor, getComputedStyle(text).color];"""
    )
    text = [int(part) for part in colours[1][4:-1].split(",")]
    assert colours[0] == "rgb(43, 48, 53)" and min(text) >= 170, colours  # light text on the dark calendar
    found = violations(dash_br)
    assert found == [], found
    dash_br.find_element("body").send_keys("\ue00c")  # Escape closes it

    dash_br.find_element("#theme-toggle").click()
    dash_br.wait_for_text_to_equal("#theme-toggle", "Dark mode", timeout=5)
    assert _theme(dash_br) == "light"
    assert _paper(dash_br, "#twitch-vod-graph") == "rgb(255, 255, 255)"
    driver.refresh()  # the choice outlasts the page, whatever the system says
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    assert _theme(dash_br) == "light"
