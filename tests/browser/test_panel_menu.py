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
    assert "Share" not in driver.find_element("css selector", "body").text
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
