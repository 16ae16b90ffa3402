"""The stream panels in Chromium (after the dashboard tests: its heavy channel's walks share one rate-limit minute
with theirs): a sampled live stream in the list with its figures and curve, the path to Partner for an affiliate,
the empty state of a channel never seen live, and the heavy channel's stream sampled days ago."""

import requests
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from sandbox.twitch.seed import ACCOUNTS
from sync.collection.sampling import StreamSampler
from tests.helpers.browser import sign_in

STREAMER, NEWBIE = ACCOUNTS["sandbox_streamer"], ACCOUNTS["sandbox_newbie"]


def test_a_sampled_stream_shows_in_the_list_with_its_curve_and_the_path(dash_br, live_dash_app):
    url, app = live_dash_app
    dash_br.server_url = url
    sign_in(dash_br, "twitch", STREAMER.login)
    dash_br.wait_for_element("#twitch-collection-state", timeout=15)
    report = StreamSampler(app.server.extensions["runtime"]).poll()
    assert report.live >= 1
    live = requests.get(f"{url}/sandbox/twitch/helix/streams", params={"user_id": STREAMER.id}, headers=_app(url))
    viewers = live.json()["data"][0]["viewer_count"]
    dash_br.driver.get(url + "/twitch")
    dash_br.wait_for_element("#twitch-streams-table", timeout=20)
    # The table is drawn with the page, and again when the page's sync lands the profile: read it once it holds.
    cells = WebDriverWait(dash_br.driver, 10, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda driver: [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#twitch-streams-table td")]
    )
    assert any("(live)" in text for text in cells) and str(viewers) in cells
    dash_br.wait_for_element("#twitch-stream-curve .main-svg", timeout=10)
    assert "clips" in dash_br.find_element("#twitch-stream-media").text.lower()  # its VOD and clips are named
    dash_br.wait_for_contains_text("#twitch-paths", "Path to Partner", timeout=10)
    assert "Path to Affiliate" not in dash_br.find_element("#twitch-paths").text  # an affiliate already
    dash_br.wait_for_contains_text("#twitch-games-table", live.json()["data"][0]["game_name"], timeout=10)
    assert "Sign in with X as well" in dash_br.find_element("#twitch-going-live").text

    # Signed in to X as well: the creator's posts on the Twitch timeline, and announced streams compared.
    dash_br.driver.get(url + "/")
    sign_in(dash_br, "twitter", "sandbox_creator")
    dash_br.wait_for_element("#twitter-collection-state", timeout=15)
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=30)  # its posts are stored
    dash_br.driver.get(url + "/twitch")
    dash_br.wait_for_contains_text("#twitch-going-live", "Correlation, not cause", timeout=20)
    dash_br.wait_for_contains_text("#twitch-follower-graph", "your X posts", timeout=10)


def test_a_streams_story_is_drawn_over_its_viewer_curve(dash_br, live_dash_app):
    """What EventSub told of the live stream (folded as the history demo folds it): chat a minute on its own
    axis, subs and cheers marked, and the stream's chat figures and top chatters beside the curve."""
    from datetime import UTC, datetime, timedelta

    from eventsub.backfill import fill_stories

    url, app = live_dash_app
    runtime = app.server.extensions["runtime"]
    dash_br.server_url = url
    sign_in(dash_br, "twitch", STREAMER.login)
    dash_br.wait_for_element("#twitch-collection-state", timeout=15)
    assert StreamSampler(runtime).poll().live >= 1
    now = datetime.now(UTC)
    assert fill_stories(runtime, [STREAMER.id], now - timedelta(hours=12), now).folded.chat > 0
    dash_br.driver.get(url + "/twitch")
    dash_br.wait_for_element("#twitch-stream-story-tops", timeout=45)
    traces = dash_br.driver.execute_script(
        "return document.querySelector('#twitch-stream-curve .js-plotly-plot').data.map(t => t.name)"
    )
    assert "chat a minute (right)" in traces and "viewers" in traces
    detail = dash_br.find_element("#twitch-stream-detail").text
    assert "Chat messages" in detail and "First-time chatters" in detail and "messages" in detail


def test_a_channel_never_seen_live_explains_the_empty_stream_panels(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", NEWBIE.login)
    dash_br.wait_for_element("#twitch-collection-state", timeout=15)
    dash_br.wait_for_contains_text("#twitch-streams", "No stream of this channel has been seen live yet", timeout=20)
    assert "seen live yet" in dash_br.find_element("#twitch-paths").text


def _app(url: str) -> dict:
    from sandbox.credentials import TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET

    token = requests.post(
        f"{url}/sandbox/twitch/oauth2/token",
        data={"client_id": TWITCH_CLIENT_ID, "client_secret": TWITCH_CLIENT_SECRET, "grant_type": "client_credentials"},
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "Client-Id": TWITCH_CLIENT_ID}


def test_the_heavy_channel_shows_a_stream_sampled_in_the_past(dash_br, live_dash_app):
    """The partner's stream of a few days ago, sampled then (the sandbox's clock), in its list with the curve."""
    from datetime import UTC, datetime, timedelta

    from sandbox.twitch import live, seed
    from tests.helpers.sandbox_clock import clear_clock, set_clock

    url, app = live_dash_app
    mega = ACCOUNTS["sandbox_megastream"]
    dash_br.server_url = url
    dash_br.driver.get(url + "/login/twitch")  # signed in or not: the consent page picks the channel
    dash_br.wait_for_element(f"#account-{mega.login}", timeout=10).click()
    dash_br.wait_for_element("#authorize").click()
    dash_br.wait_for_element("#twitch-collection-state", timeout=15)
    now = datetime.now(UTC)
    created = seed.created_at(mega, seed.anchor())
    start, end = int((now - timedelta(days=6)).timestamp()), int((now - timedelta(days=1)).timestamp())
    broadcast = live.broadcasts(mega, start, end, created)[-1]
    sampler = StreamSampler(app.server.extensions["runtime"])
    try:
        for moment in range(broadcast.started + 60, broadcast.ended, 900):
            at = datetime.fromtimestamp(moment, UTC)
            set_clock(url, at)
            sampler.poll(at)
    finally:
        clear_clock(url)
    dash_br.driver.get(url + "/twitch")
    dash_br.wait_for_element("#twitch-streams-table", timeout=20)
    started = datetime.fromtimestamp(broadcast.started, UTC).strftime("%Y-%m-%d")
    assert any(started in cell.text for cell in dash_br.find_elements("#twitch-streams-table td"))
    dash_br.wait_for_element("#twitch-stream-curve .main-svg", timeout=10)
