"""Both dashboards and the home page on a 390×844 phone in headless Chromium: nothing wider than the
screen, tables scroll inside their panel, numbers on one line, legends inside their chart, 44 px targets."""

import re

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.browser import PHONE, element_sizes, horizontal_overflow, scroll_to, set_viewport, sign_in

TOUCH = 44  # px: the smallest comfortable touch target


def _line_heights(browser, css: str) -> list[tuple[str, float, float]]:
    """(text, height, line height) of each element: a number that wrapped is two lines tall."""
    return browser.driver.execute_script(
        """return Array.from(document.querySelectorAll(arguments[0])).map(function (e) {
            var style = getComputedStyle(e);
            return [e.textContent, e.getBoundingClientRect().height, parseFloat(style.lineHeight)];
        });""",
        css,
    )


def _legends_inside_their_chart(browser) -> list[str]:
    """Legends reaching past their chart's edge (Plotly clips them there)."""
    return browser.driver.execute_script(
        """var out = [];
        document.querySelectorAll('.js-plotly-plot').forEach(function (plot) {
            var box = plot.getBoundingClientRect();
            plot.querySelectorAll('.legend').forEach(function (legend) {
                var r = legend.getBoundingClientRect();
                var outside = r.left < box.left - 1 || r.right > box.right + 1
                    || r.top < box.top - 1 || r.bottom > box.bottom + 1;
                if (outside)
                    out.push(plot.id + ' ' + JSON.stringify([r.left, r.right, r.top, r.bottom, box.right, box.bottom]));
            });
        });
        return out;""",
    )


def _check_phone_page(browser, graph: str):
    scroll_to(browser, f"{graph} .main-svg")  # drawn as it comes into view
    assert horizontal_overflow(browser) == 0
    for text, width, height in element_sizes(
        browser,
        ".range-presets label.btn, button[id*='panel-refresh'], .panel-menu .dropdown-toggle",
    ):
        assert width >= TOUCH and height >= TOUCH, (text, width, height)
    for text, height, line in _line_heights(browser, ".metric-value, .stat-value"):
        assert height < 1.5 * line, f"{text!r} wrapped: {height} px for {line} px lines"
    # A table wider than the phone scrolls inside its own box, never the page.
    for width in browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('.table-responsive')).map(e => e.getBoundingClientRect().right);"
    ):
        assert width <= PHONE[0]
    assert _legends_inside_their_chart(browser) == []
    tiny = browser.driver.execute_script(
        """return Array.from(document.querySelectorAll('.js-plotly-plot text')).filter(function (t) {
            return t.getClientRects().length && parseFloat(getComputedStyle(t).fontSize) < 10;
        }).map(t => t.textContent).slice(0, 5);"""
    )
    assert tiny == [], f"chart text under 10 px on a phone: {tiny}"
    # Each chart choice (per day, per week) has its words beside its circle, not under it.
    for text, circle, words in browser.driver.execute_script(
        """return Array.from(document.querySelectorAll('.panel-choices .form-check')).map(function (c) {
            var input = c.querySelector('input').getBoundingClientRect(), label = c.querySelector('label');
            var box = label.getBoundingClientRect();
            return [label.textContent, [input.top, input.bottom], (box.top + box.bottom) / 2];
        });"""
    ):
        assert circle[0] <= words <= circle[1] + 2, (text, circle, words)
    # The navbar names each account as "Provider: name", with its space, however the phone lays it out.
    for name in browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('[id^=nav-]')).map(e => e.innerText);"
    ):
        assert re.search(r":\s\S", name), name


def test_twitch_dashboard_fits_a_phone(dash_br, live_app):
    dash_br.server_url = live_app
    set_viewport(dash_br, *PHONE)
    assert horizontal_overflow(dash_br) == 0  # the home page
    sign_in(dash_br, "twitch", ACCOUNTS["sandbox_streamer"].login)
    dash_br.wait_for_element("#twitch-card-followers-value", timeout=30)
    for graph in ("#twitch-follower-graph", "#twitch-vod-graph", "#twitch-clip-graph", "#twitch-heatmap"):
        _check_phone_page(dash_br, graph)
    scroll_to(dash_br, ".goal-count")
    goals = _line_heights(dash_br, ".goal-count")
    assert goals and all(height < 1.5 * line for _, height, line in goals)
    # The figure a table ranks by (views) is on screen beside the name; the columns past it scroll.
    for panel in ("#twitch-panel-vods", "#twitch-panel-clips"):
        scroll_to(dash_br, f"{panel} .table-responsive")
        header, box = dash_br.driver.execute_script(
            """var table = document.querySelector(arguments[0] + ' .table-responsive');
            var th = table.querySelectorAll('th')[1];
            return [[th.textContent, th.getBoundingClientRect().right], table.getBoundingClientRect().right];""",
            panel,
        )
        assert header[0] == "views" and header[1] <= box, (panel, header, box)


def test_x_dashboard_fits_a_phone(dash_br, live_app):
    dash_br.server_url = live_app
    set_viewport(dash_br, *PHONE)
    sign_in(dash_br, "twitter", "sandbox_creator")
    for graph in ("#twitter-interactions-graph", "#twitter-scatter-graph", "#twitter-rate-graph"):
        _check_phone_page(dash_br, graph)
    dash_br.driver.get(f"{live_app}/no-such-page")
    dash_br.wait_for_text_to_equal("h1", "Nothing here")
    assert horizontal_overflow(dash_br) == 0
