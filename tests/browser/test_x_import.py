"""X's analytics export imported through the X dashboard's upload box in headless Chromium: a wrong file
refused in words, the sandbox's two files imported, the new panels filled (on a phone too, as they come
into view), and axe-core finding nothing serious on the filled page."""

import requests
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.axe import violations
from tests.helpers.browser import PHONE, scroll_to, set_viewport, sign_in

EXPORTS = "/sandbox/x/i/account_analytics/sandbox_creator"
NEW_PANELS = ("follows", "daily", "growth", "threads", "topics", "media", "videos", "cost")
GRAPHS = {
    "follows": "follows-graph",
    "daily": "daily-graph",
    "growth": "growth-graph",
    "threads": "threads-graph",
    "topics": "topics-graph",
    "media": "media-graph",
    "videos": "playback-graph",
    "cost": "cost-graph",
}


def poll(browser, script: str, *args, timeout: float = 60):
    """Wait until ``script`` (run in the page, with ``args``) returns something truthy; return it."""
    return WebDriverWait(browser.driver, timeout, poll_frequency=0.25).until(
        lambda driver: driver.execute_script(script, *args)
    )


def outcome(browser, after: str = "") -> tuple[str, str]:
    """(text, class) of the import box's answer, once one other than ``after`` is shown."""
    return poll(
        browser,
        """var e = document.getElementById('twitter-import-outcome');
           return e && e.textContent && e.textContent !== arguments[0] ? [e.textContent, e.className] : null;""",
        after,
    )


def choose(browser, *paths) -> None:
    field = browser.driver.find_element("css selector", "#twitter-import-upload input[type=file]")
    browser.driver.execute_script("arguments[0].value = '';", field)  # chromedriver adds to what was chosen before
    field.send_keys("\n".join(str(path) for path in paths))


# What the export does not feed: the API's video playback and this month's reads, which depend on what the
# suite's earlier tests did with the shared sandbox and its clock (a month without videos in range says so).
NOT_FROM_THE_EXPORT = ("videos", "cost")


def settled(browser, panel: str) -> bool:
    return poll(
        browser,
        """var p = document.getElementById('twitter-panel-' + arguments[0]);
           return p && (p.querySelector('.main-svg') || !p.querySelector('.chart-skeleton, .placeholder'));""",
        panel,
    )


def drawn(browser, graph: str) -> bool:
    return poll(browser, "return !!document.querySelector('#twitter-' + arguments[0] + ' .main-svg');", graph)


def test_the_export_is_imported_from_the_dashboard_and_fills_the_new_panels(dash_br, live_app, tmp_path):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    poll(dash_br, "return !!document.querySelector('#twitter-impressions-graph .main-svg');", timeout=90)
    assert "sandbox exports them" in dash_br.find_element("#twitter-import-source").text
    # The upload's file field is named, and the keyboard reaches it: Tab from the link before it lands there.
    dash_br.driver.execute_script("document.querySelector('#twitter-import-source a:last-of-type').focus()")
    dash_br.driver.switch_to.active_element.send_keys(Keys.TAB)
    reached = dash_br.driver.switch_to.active_element
    assert reached.get_attribute("type") == "file" and "Drop the two CSV files" in reached.get_attribute("aria-label")

    junk = tmp_path / "account_overview_analytics.csv"
    junk.write_bytes(b"Date,Impressions,New follows\n=1+1,2,3\n")
    choose(dash_br, junk)
    refused, look = outcome(dash_br)
    assert "formula" in refused and "Nothing was imported" in refused and "alert-danger" in look

    files = []
    for kind in ("content", "overview"):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(requests.get(f"{live_app}{EXPORTS}/{kind}.csv", timeout=30).content)
        files.append(path)
    choose(dash_br, *files)
    imported, look = outcome(dash_br, after=refused)
    assert imported.startswith("Imported ") and "days of the account overview" in imported and "alert-success" in look
    for panel, graph in GRAPHS.items():  # the import asked the panels it changed to draw again, as each comes
        # into view (a page taller than the window, say with alerts other tests recorded listed above, has some below)
        dash_br.driver.execute_script(
            "document.getElementById('twitter-panel-' + arguments[0]).scrollIntoView();", panel
        )
        if panel in NOT_FROM_THE_EXPORT:  # drawn, or settled on the sentence that says why there is nothing to draw
            assert settled(dash_br, panel)
        else:
            assert drawn(dash_br, graph)
    follows = dash_br.find_element("#twitter-panel-follows").text
    assert "X's API never tells follows per post" in follows
    assert "Best times to post" in dash_br.find_element("#twitter-panel-heatmap").text
    found = violations(dash_br)
    assert found == [], found

    set_viewport(dash_br, *PHONE)
    dash_br.driver.get(f"{live_app}/twitter")
    for name in NEW_PANELS:  # on a phone each is drawn as it comes into view
        scroll_to(dash_br, f"#twitter-{GRAPHS[name]} .main-svg")
    found = violations(dash_br)
    assert found == [], found
