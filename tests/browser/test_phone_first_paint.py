"""On a phone: the numbers are painted from the page's own HTML before any script runs, the live page takes
their place without moving them, and a chart below the fold is drawn when it is scrolled to (not before)."""

import time

from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.browser import PHONE, scroll_to, set_viewport, sign_in

STREAMER = ACCOUNTS["sandbox_streamer"]
# Where each metric card's number sits, in the server's first paint or in the live page.
_NUMBERS = """
return Array.from(document.querySelectorAll(arguments[0] + ' .metric-value'))
    .map(e => [e.innerText, Math.round(e.getBoundingClientRect().top), Math.round(e.getBoundingClientRect().left)]);
"""
_DRAWN = "return !!document.querySelector(arguments[0] + ' .main-svg')"
_SKELETON = "return !!document.querySelector(arguments[0] + ' .skeleton')"


def _wait_until(browser, script: str, *args, timeout: float = 30):
    """Until ``script`` (given ``args``) returns true: polled from here, the page's CSP allows no eval."""
    return WebDriverWait(browser.driver, timeout, poll_frequency=0.1).until(
        lambda driver: driver.execute_script(script, *args)
    )


def test_the_cards_are_painted_before_any_script_and_stay_where_they_are(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", STREAMER.login)
    dash_br.wait_for_element("#twitch-card-followers-value", timeout=45)
    driver = dash_br.driver
    set_viewport(dash_br, *PHONE)
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(live_app + "/twitch")
        painted = driver.execute_script(_NUMBERS, "#first-paint")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert [number for number, _top, _left in painted][0] == f"{STREAMER.followers:,}"
    assert len(painted) == 4
    driver.get(live_app + "/twitch")
    _wait_until(dash_br, "return !document.getElementById('first-paint')")  # the copy is gone once Dash has drawn
    assert driver.execute_script(_NUMBERS, "#react-entry-point") == painted  # same numbers, same places
    ids = driver.execute_script("return Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
    assert len(ids) == len(set(ids))


def _on_a_phone(dash_br, live_app) -> None:
    """Signed in to Twitch (synced), the dashboard opened afresh on a phone's screen."""
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", STREAMER.login)
    dash_br.wait_for_element("#twitch-card-followers-value", timeout=45)
    set_viewport(dash_br, *PHONE)
    dash_br.driver.get(live_app + "/twitch")
    dash_br.wait_for_element("#twitch-card-followers-value", timeout=30)


def test_a_chart_below_the_fold_is_drawn_when_it_is_scrolled_to(dash_br, live_app):
    _on_a_phone(dash_br, live_app)
    far = "#twitch-panel-schedule"  # the weekday heatmap, screens below the cards on a phone
    time.sleep(2)  # time enough for anything the page would draw by itself
    assert dash_br.driver.execute_script(_SKELETON, far) and not dash_br.driver.execute_script(_DRAWN, far)
    scroll_to(dash_br, "#twitch-heatmap .main-svg", timeout=30)  # down a screen at a time, as a reader goes


# How many of the live page's panels have their parts (Refresh, a body of their own) built, and how many there are.
_BUILT = """
const panels = Array.from(document.querySelectorAll('#react-entry-point .dashboard-panel'));
return [panels.filter(panel => panel.querySelector("button[id*='panel-refresh']")).length, panels.length];
"""


def test_panels_far_below_build_their_parts_when_idle_and_at_once_for_the_keyboard(dash_br, live_app):
    _on_a_phone(dash_br, live_app)
    driver = dash_br.driver
    built, panels = driver.execute_script(_BUILT)
    assert panels >= 10 and built < panels  # screens below the fold: skeletons for now
    # Left alone, the page builds them while it is idle, one at a time.
    WebDriverWait(driver, 20, poll_frequency=0.2).until(lambda d: d.execute_script(_BUILT) == [panels, panels])
    # On a phone too busy ever to be idle (no idle callback comes), the first Tab builds them all at once: the
    # keyboard reaches every panel's buttons in page order.
    busy = driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": "window.requestIdleCallback = function () { return 0; };"}
    )
    try:
        driver.get(live_app + "/twitch")
        dash_br.wait_for_element("#twitch-card-followers-value", timeout=30)
        time.sleep(1)
        assert driver.execute_script(_BUILT)[0] < panels
        driver.find_element("css selector", "body").send_keys(Keys.TAB)
        _wait_until(
            dash_br, "return arguments[0].every(n => n === arguments[1])", driver.execute_script(_BUILT), panels
        )
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", busy)


# Records the panels each redraw the page sends asks for (Dash sends callbacks with fetch), and the panels whose
# bodies its answer fills.
_RECORD_REDRAWS = """
window.__redraws = [];
const send = window.fetch;
window.fetch = function (url, options) {
    let redraw = null;
    try {
        const body = JSON.parse((options || {}).body || '{}');
        const view = (body.inputs || []).find(input => input.id === 'twitch-in-view');
        if (String(body.output || '').includes('twitch-drawn.data') && view) {
            redraw = {asked: (view.value || {}).panels || [], filled: null, why: body.changedPropIds};
            window.__redraws.push(redraw);
        }
    } catch (error) { /* not a callback */ }
    const answer = send.apply(this, arguments);
    return redraw === null ? answer : answer.then(response => response.clone().json().then(json => {
        redraw.filled = Object.keys(json.response || {}).map(key => key.startsWith('{') ? JSON.parse(key) : {})
            .filter(id => id.type === 'panel-body').map(id => id.panel);
        return response;
    }));
};
"""
_ON_SCREEN = """
return Array.from(document.querySelectorAll('#react-entry-point .dashboard-panel')).filter(panel => {
    const box = panel.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight * arguments[0];
}).map(panel => panel.id.replace('twitch-panel-', ''));
"""


def test_a_new_range_redraws_the_panels_on_screen_first_then_those_near_it(dash_br, live_app):
    _on_a_phone(dash_br, live_app)
    driver = dash_br.driver
    # Down to the last panel, a screen at a time: the last report names the panels down there.
    scroll_to(dash_br, "#twitch-panel-going-live .panel-body > :not(.skeleton)")
    # Back up to the followers chart at the top of the screen: the panels below it near view, but off screen.
    driver.execute_script(
        "document.getElementById('twitch-panel-followers').scrollIntoView({block: 'start', behavior: 'instant'})"
    )
    time.sleep(1)  # the panels near view here reported and drawn
    on_screen, near = driver.execute_script(_ON_SCREEN, 1), driver.execute_script(_ON_SCREEN, 1.5)
    assert on_screen and set(near) - set(on_screen), (on_screen, near)
    driver.execute_script(_RECORD_REDRAWS)
    # "30 days", chosen as a keyboard or a tap would (the input's click, which does not scroll to it).
    driver.execute_script("document.querySelectorAll('#react-entry-point .range-presets input')[1].click()")
    _wait_until(dash_br, "return window.__redraws.length > 1 && window.__redraws.every(r => r.filled)", timeout=20)
    time.sleep(1)  # any further redraw would have gone by now
    assert driver.execute_script(_ON_SCREEN, 1) == on_screen  # the page has not moved
    first, then, *more = driver.execute_script("return window.__redraws")
    assert not more, more
    assert sorted(first["asked"]) == sorted(on_screen) and sorted(first["filled"]) == sorted(on_screen)
    # Then the panels near view, off screen, drawn for the new range; not those scrolled away from (drawn when
    # they are back in view).
    assert sorted(then["filled"]) == sorted(set(near) - set(on_screen)), then
    assert "going-live" not in then["asked"]
