"""Each panel's export menu in headless Chromium, in place of Plotly's mode bar: PNG and SVG of the
chart named for the panel and range, reset zoom, and no mode bar (no "Share chart", no select tools)."""

from selenium.webdriver.support.ui import WebDriverWait

from dashboard.components.daterange import DEFAULT_PRESET, preset_dates
from tests.helpers.browser import click_panel_button, sign_in, wait_for_download


def _x_range(browser, graph: str):
    return browser.driver.execute_script(
        "var c = document.querySelector(arguments[0] + ' .js-plotly-plot'); return c._fullLayout.xaxis.range;", graph
    )


def test_panel_menu_exports_images_and_resets_zoom_without_a_mode_bar(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_streamer")
    for graph in ("follower-graph", "vod-graph", "clip-graph", "heatmap"):
        dash_br.wait_for_element(f"#twitch-{graph} .main-svg", timeout=30)
    driver = dash_br.driver
    assert not driver.find_elements("css selector", ".modebar, .modebar-btn")
    # Plotly's own "Share" is gone from the charts (the page's Share… link, which makes a share link, is ours).
    assert not any("Share" in chart.text for chart in driver.find_elements("css selector", ".js-plotly-plot"))
    # Nothing inside a chart takes keyboard focus: the page's tab stops are its own controls.
    assert not driver.execute_script(
        "var inside = '.js-plotly-plot a[href], .js-plotly-plot button, .js-plotly-plot [tabindex]';"
        "return document.querySelectorAll(inside).length;"
    )
    assert driver.find_elements("css selector", "#twitch-panel-goals .panel-menu")  # CSV only there
    assert not driver.find_elements("xpath", "//*[contains(@id, '\"panel-png\"') and contains(@id, '\"goals\"')]")

    first, last = preset_dates(DEFAULT_PRESET)
    click_panel_button(dash_br, "panel-png", "vods")
    assert [f.name for f in wait_for_download(dash_br, "*.png")] == [f"twitch-vods-{first}-to-{last}.png"]
    click_panel_button(dash_br, "panel-svg", "vods")
    svg = wait_for_download(dash_br, "*.svg")
    assert [f.name for f in svg] == [f"twitch-vods-{first}-to-{last}.svg"]
    assert svg[0].read_text().lstrip().startswith("<svg")

    whole = _x_range(dash_br, "#twitch-vod-graph")
    driver.execute_script(
        "var c = document.querySelector('#twitch-vod-graph .js-plotly-plot');"
        "Plotly.relayout(c, {'xaxis.range': [c._fullLayout.xaxis.range[0], c._fullLayout.xaxis.range[0]]});"
    )
    assert _x_range(dash_br, "#twitch-vod-graph") != whole
    click_panel_button(dash_br, "panel-reset", "vods")
    WebDriverWait(driver, 5).until(lambda _driver: _x_range(dash_br, "#twitch-vod-graph") == whole)


def test_panel_menu_works_from_the_keyboard(dash_br, live_app):
    """WAI-ARIA's menu button: arrows open and move, Escape closes back to the button, Enter chooses; axe
    finds nothing serious with the menu open."""
    from selenium.webdriver.common.keys import Keys

    from tests.helpers.axe import violations

    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_streamer")
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    driver = dash_br.driver
    toggle = driver.find_element("css selector", "#twitch-panel-vods .panel-menu .dropdown-toggle")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", toggle)
    focused = lambda: driver.switch_to.active_element.text  # noqa: E731

    toggle.send_keys(Keys.ARROW_DOWN)
    WebDriverWait(driver, 5).until(lambda _driver: focused() == "Download PNG image")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert not violations(dash_br)
    driver.switch_to.active_element.send_keys(Keys.ARROW_UP)  # wraps to the last item
    assert focused() == "Reset zoom"
    driver.switch_to.active_element.send_keys(Keys.HOME)
    assert focused() == "Download PNG image"
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 5).until(lambda _driver: toggle.get_attribute("aria-expanded") == "false")
    assert driver.switch_to.active_element == toggle
    assert not driver.find_elements("css selector", "#twitch-panel-vods .dropdown-menu")

    toggle.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda _driver: focused() == "Download PNG image")
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    first, last = preset_dates(DEFAULT_PRESET)
    assert [f.name for f in wait_for_download(dash_br, "*.svg")] == [f"twitch-vods-{first}-to-{last}.svg"]
    assert driver.switch_to.active_element == toggle
