"""axe-core on every page in headless Chromium (home, 404, both dashboards signed in, a phone-sized
dashboard): no critical or serious violation; plus what axe cannot judge alone (skip link, chart text)."""

from datetime import UTC, datetime, timedelta

from selenium.webdriver.common.keys import Keys

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.axe import violations
from tests.helpers.browser import PHONE, set_viewport, sign_in


def _assert_clean(browser, page: str):
    found = violations(browser)
    assert found == [], f"{page}: {found}"


def test_signed_out_pages_have_no_serious_violations(dash_br, live_app):
    dash_br.server_url = live_app
    dash_br.wait_for_element("#sign-in-twitch")
    assert dash_br.driver.find_element("css selector", "html").get_attribute("lang") == "en"
    assert dash_br.driver.find_elements("css selector", "main#main")
    _assert_clean(dash_br, "home")
    # The first Tab lands on the skip link, which leads into the main landmark.
    dash_br.driver.find_element("css selector", "body").send_keys(Keys.TAB)
    focused = dash_br.driver.switch_to.active_element
    assert focused.get_attribute("id") == "skip-link" and focused.is_displayed()
    focused.send_keys(Keys.ENTER)
    assert dash_br.driver.switch_to.active_element.get_attribute("id") == "main"
    dash_br.driver.get(f"{live_app}/no-such-page")
    dash_br.wait_for_text_to_equal("h1", "Nothing here")
    _assert_clean(dash_br, "404")
    dash_br.driver.get(f"{live_app}/twitch")
    dash_br.wait_for_element("#sign-in-prompt")
    _assert_clean(dash_br, "/twitch signed out")


def test_twitch_dashboard_has_no_serious_violations(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", ACCOUNTS["sandbox_streamer"].login)
    for graph in ("follower-graph", "subscriber-graph", "bits-graph", "vod-graph", "clip-graph", "heatmap"):
        dash_br.wait_for_element(f"#twitch-{graph} .main-svg", timeout=30)
    dash_br.wait_for_contains_text("#twitch-panel-goals", "Road to", timeout=10)
    _assert_clean(dash_br, "/twitch")
    captions = [c.get_attribute("textContent") for c in dash_br.find_elements("figcaption.chart-description")]
    assert len(captions) >= 6 and all(c.startswith("Chart, ") for c in captions)
    set_viewport(dash_br, *PHONE)
    _assert_clean(dash_br, "/twitch on a phone")


def test_x_dashboard_and_signed_in_home_have_no_serious_violations(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitter", "sandbox_creator")
    for graph in ("impressions-graph", "interactions-graph", "scatter-graph", "rate-graph", "heatmap", "mix-graph"):
        dash_br.wait_for_element(f"#twitter-{graph} .main-svg", timeout=30)
    _assert_clean(dash_br, "/twitter")
    dash_br.driver.get(f"{live_app}/")
    dash_br.wait_for_element("#open-twitter")
    _assert_clean(dash_br, "home signed in")


def test_twitch_dashboard_with_every_panel_filled_has_no_serious_violations(dash_br, live_dash_app):
    """Streams sampled (the list with its row picker, pages and scrolling), and X signed in beside Twitch."""
    from eventsub.backfill import fill_stories
    from sync.collection.demo import DemoReport, live_moments, sample_history
    from sync.collection.sampling import StreamSampler

    url, app = live_dash_app
    dash_br.server_url = url
    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=30)
    dash_br.driver.get(url + "/")
    sign_in(dash_br, "twitch", ACCOUNTS["sandbox_streamer"].login)
    # The first Twitch page of the session while X's first sync runs beside it: slow on a busy 2-core machine.
    dash_br.wait_for_element("#twitch-collection-state", timeout=45)
    runtime = app.server.extensions["runtime"]
    assert StreamSampler(runtime).poll().live >= 1
    # A month of past streams too (each poll answered as of its moment), so that the list has pages, and the
    # story EventSub told of each (chat, raids, subs, ads), so that the stream's detail is whole.
    now = datetime.now(UTC)
    sample_history(runtime, live_moments(30, now), DemoReport())
    assert fill_stories(runtime, [ACCOUNTS["sandbox_streamer"].id], now - timedelta(days=30), now).folded.chat > 0
    dash_br.driver.get(url + "/twitch")
    dash_br.wait_for_element("#twitch-streams-table input[type=radio]", timeout=45)
    dash_br.wait_for_element("#twitch-streams-table button.next-page", timeout=15)
    dash_br.wait_for_element("#twitch-stream-curve .main-svg", timeout=20)
    dash_br.wait_for_element("#twitch-stream-story-tops", timeout=20)
    for graph in ("follower-graph", "vod-graph", "heatmap", "best-times-graph", "chat-graph"):
        dash_br.wait_for_element(f"#twitch-{graph} .main-svg", timeout=30)
    _assert_clean(dash_br, "/twitch with streams sampled and X signed in")
    set_viewport(dash_br, *PHONE)
    _assert_clean(dash_br, "/twitch with streams sampled, on a phone")
    # The stream's report, from its link in the detail, on a phone and then a computer.
    report = dash_br.find_element("#twitch-stream-detail a[href^='/twitch/stream']").get_attribute("href")
    dash_br.driver.get(report)
    dash_br.wait_for_element("#stream-report-curve .main-svg", timeout=30)
    _assert_clean(dash_br, "a stream's report, on a phone")
    set_viewport(dash_br, 1280, 4000)
    _assert_clean(dash_br, "a stream's report")
    # Dark, on the same filled page: axe finds nothing, and the right-hand axis (chat a minute, chatters per 100
    # viewers: Plotly draws an overlaying axis in a layer of its own) has light ticks like the others.
    dash_br.driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    dash_br.driver.get(url + "/twitch")
    dash_br.wait_for_element("#twitch-chat-graph .overaxes-above text", timeout=45)
    fills = dash_br.driver.execute_script(
        """return Array.from(document.querySelectorAll('#twitch-chat-graph .overaxes-above text,'
            + ' #twitch-chat-graph .yaxislayer-above text')).map(t => getComputedStyle(t).fill);"""
    )
    assert fills and set(fills) == {"rgb(222, 226, 230)"}, set(fills)
    _assert_clean(dash_br, "/twitch in dark mode, every panel filled")
    dash_br.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
