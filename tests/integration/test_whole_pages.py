"""A page arrives whole: Dash's layout, asked for from the page, carries the page with its profile and cards
drawn; the redraw callback then draws the panels in view, and later only those whose key changed."""

import json
import time
from dataclasses import replace

import requests

from benchmarks.dash_client import DISPATCH, plan_page_load
from benchmarks.floor import figures_in
from sandbox.twitch import seed
from tests.helpers.consent import sign_in
from tests.helpers.servers import age_stored_data


def _find(node, component_id):
    """The component with ``component_id`` in a layout's JSON, or None."""
    if isinstance(node, list):
        return next((found for item in node if (found := _find(item, component_id)) is not None), None)
    if isinstance(node, dict):
        if (node.get("props") or {}).get("id") == component_id:
            return node
        return next((found for value in node.values() if (found := _find(value, component_id)) is not None), None)
    return None


def _signed_in_and_synced(live_dash_app) -> tuple[str, requests.Session]:
    """The streamer signed in, with what the cards are drawn from fetched: (the app's address, the session)."""
    live_app, app = live_dash_app
    http = requests.Session()
    sign_in(http, live_app, "twitch", seed.STREAMER.login)
    http.get(live_app + "/_dash-layout", headers={"Referer": live_app + "/twitch"})  # the page's sync, if due
    store = app.server.extensions["runtime"].store
    _wait_until_fetched(store, seed.STREAMER.id, ["profile", "follower_days", "subscriptions", "videos"], since=0)
    return live_app, http


def test_the_layout_carries_the_page_the_referer_names_so_no_callback_is_needed_for_it(live_dash_app):
    live_app, http = _signed_in_and_synced(live_dash_app)
    layout = http.get(live_app + "/_dash-layout", headers={"Referer": live_app + "/twitch"}).json()
    assert _find(layout, "_pages_location")["props"]["pathname"] == "/twitch"  # Dash's router: nothing to do
    assert _find(layout, "twitch-frame")["props"]["style"] == {}  # shown for the signed-in streamer
    assert _find(layout, "navbar-accounts")["props"]["children"]  # the account menu, filled
    # The profile and cards come with the page; the charts wait to be in view (70-panels-in-view.js).
    assert _find(layout, "twitch-drawn")["props"]["data"].keys() == {"profile"}
    assert _find(layout, "twitch-card-followers-value")["props"]["children"] == f"{seed.STREAMER.followers:,}"
    assert not figures_in(layout, [])
    # Not Dash's router: the page is in place. The panels come from one redraw, of those in view.
    load = plan_page_load(http, live_app, "/twitch")
    sent = [body["output"] for body in load.bodies]
    assert not [output for output in sent if "_pages_content" in output], sent
    assert len([output for output in sent if "panel-body" in output]) == 1, sent
    assert len(load.figures(http, live_app)) >= 5


def test_a_computer_gets_every_chart_with_the_page_a_phone_only_the_cards(live_app):
    from callbacks import twitch

    http = requests.Session()
    sign_in(http, live_app, "twitch", seed.STREAMER.login)
    every = set(twitch.board.panels)
    for screen, with_page in (("1440x900", every), ("412x823", {"profile"}), ("junk", {"profile"})):
        http.cookies.set("screen", screen)
        layout = http.get(live_app + "/_dash-layout", headers={"Referer": live_app + "/twitch"}).json()
        assert (
            _find(layout, "twitch-drawn")["props"]["data"].keys()
            | set(_find(layout, "twitch-undrawn")["props"]["data"] or ())
            == with_page
        ), screen


def test_without_a_referer_the_router_still_serves_the_page_filled(live_app):
    http = requests.Session()
    sign_in(http, live_app, "twitch", seed.STREAMER.login)
    layout = http.get(live_app + "/_dash-layout").json()
    assert _find(layout, "_pages_location")["props"].get("pathname") is None
    assert _find(layout, "twitch-frame") is None
    routed = http.post(
        live_app + DISPATCH,
        json={
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": "/twitch"},
                {"id": "_pages_location", "property": "search", "value": ""},
            ],
            "changedPropIds": ["_pages_location.pathname"],
            "state": [],
        },
    ).json()
    assert _find(routed, "twitch-frame")["props"]["style"] == {}


def test_a_referer_from_another_site_or_page_gets_no_page(live_app):
    http = requests.Session()
    for referer in ("https://elsewhere.example/twitch", live_app + "/no-such-page"):
        layout = http.get(live_app + "/_dash-layout", headers={"Referer": referer}).json()
        assert _find(layout, "_pages_location")["props"].get("pathname") is None


def test_signed_out_the_page_asks_to_sign_in(live_app):
    layout = requests.get(live_app + "/_dash-layout", headers={"Referer": live_app + "/twitter"}).json()
    assert _find(layout, "sign-in-prompt") is not None
    assert _find(layout, "twitter-frame")["props"]["style"] == {"display": "none"}


def test_a_redraw_sends_only_the_panels_whose_key_changed_and_a_dropped_one_loses_nothing(live_dash_app):
    from callbacks import twitch
    from sync.plans.twitch import DATASETS

    url, app = live_dash_app
    http = requests.Session()
    sign_in(http, url, "twitch", seed.STREAMER.login)
    http.get(url + "/_dash-layout", headers={"Referer": url + "/twitch"})  # the page's sync, if one is due
    runtime = app.server.extensions["runtime"]
    _wait_until_fetched(runtime.store, seed.STREAMER.id, [*DATASETS, "follower_days"], since=0)
    layout = http.get(url + "/_dash-layout", headers={"Referer": url + "/twitch"}).json()
    dates = _find(layout, {"type": "range-dates", "provider": "twitch"})["props"]

    def redraw(start, end, drawn_keys):
        return _redraw(http, url, start, end, drawn_keys)

    # Every panel comes into view (a tall window): each is drawn.
    drawn = redraw(dates["start_date"], dates["end_date"], _find(layout, "twitch-drawn")["props"]["data"])
    drawn = drawn["twitch-drawn"]["data"]
    assert drawn.keys() == set(twitch.board.panels)
    # Nothing changed since the page was drawn: nothing is sent but the keys.
    assert set(redraw(dates["start_date"], dates["end_date"], drawn)) <= {"twitch-drawn"}
    # The goals land; the redraw carrying them is dropped by the browser for a newer one (which still has the
    # old keys): the newer one sends the goals panel, and only the panels whose data changed.
    runtime.store.put("twitch", seed.STREAMER.id, "goals", [])
    sent = redraw(dates["start_date"], dates["end_date"], drawn)
    bodies = {key for key in sent if "panel-body" in key}
    goals = {"panel": "goals", "provider": "twitch", "type": "panel-body"}
    assert bodies == {json.dumps(goals, sort_keys=True, separators=(",", ":"))}, sent
    assert figures_in(sent, []) == []  # the goals panel is a list, not a chart
    # Another date range redraws every panel.
    wider = redraw("2020-01-01", dates["end_date"], sent["twitch-drawn"]["data"])
    assert len([key for key in wider if "panel-body" in key]) == len(twitch.board.panels) - 1


def _redraw(http, url: str, start: str, end: str, drawn_keys: dict, stamp: str = "1:goals", in_view=None) -> dict:
    """What the Twitch dashboard's redraw callback sends for the dates, given the page's panel keys, with
    ``in_view`` (panel names; default: every panel) near the screen."""
    from callbacks import twitch

    in_view = list(twitch.board.panels) if in_view is None else in_view

    outputs = [{"id": component, "property": prop} for component, prop in twitch.board.outputs()]
    spec = "..{}...twitch-drawn.data..".format(
        "...".join(
            f"{json.dumps(o['id'], sort_keys=True, separators=(',', ':')) if isinstance(o['id'], dict) else o['id']}"
            f".{o['property']}"
            for o in outputs
        )
    )
    options = [("twitch-bits-period", "all"), ("twitch-follower-bucket", "day")]
    body = {
        "output": spec,
        "outputs": [*outputs, {"id": "twitch-drawn", "property": "data"}],
        "inputs": [
            {"id": "twitch-redraw", "property": "data", "value": stamp},
            {"id": "twitch-in-view", "property": "data", "value": {"panels": in_view, "at": 1}},
            {"id": {"type": "range-dates", "provider": "twitch"}, "property": "start_date", "value": start},
            {"id": {"type": "range-dates", "provider": "twitch"}, "property": "end_date", "value": end},
            *({"id": option, "property": "value", "value": value} for option, value in options),
        ],
        "changedPropIds": ["twitch-redraw.data"],
        "state": [{"id": "twitch-drawn", "property": "data", "value": drawn_keys}],
    }
    reply = http.post(url + DISPATCH, json=body)
    return reply.json()["response"] if reply.status_code == 200 else {}


def test_a_first_render_out_of_time_leaves_the_profile_to_the_redraw_that_follows(live_dash_app, monkeypatch):
    url, app = live_dash_app
    http = requests.Session()
    sign_in(http, url, "twitch", seed.STREAMER.login)
    http.get(url + "/_dash-layout", headers={"Referer": url + "/twitch"})  # the profile drawn and kept
    runtime = app.server.extensions["runtime"]
    runtime.store.put("twitch", seed.STREAMER.id, "videos", runtime.store.get("twitch", seed.STREAMER.id, "videos"))
    monkeypatch.setattr(runtime, "config", replace(runtime.config, first_render_ms=0))  # the time is out at once
    layout = http.get(url + "/_dash-layout", headers={"Referer": url + "/twitch"}).json()
    assert _find(layout, "twitch-undrawn")["props"]["data"] == ["profile"]  # it reads the videos: not kept
    assert _find(layout, "twitch-drawn")["props"]["data"] == {}
    dates = _find(layout, {"type": "range-dates", "provider": "twitch"})["props"]
    sent = _redraw(http, url, dates["start_date"], dates["end_date"], {}, stamp="rest:profile", in_view=[])
    assert "twitch-profile" in sent and not [key for key in sent if "panel-body" in key]
    assert set(sent["twitch-drawn"]["data"]) == {"profile"}


def test_a_redraw_draws_the_panels_in_view_and_keeps_the_others_for_when_they_come_into_view(live_dash_app):
    url, _app = live_dash_app
    http = requests.Session()
    sign_in(http, url, "twitch", seed.STREAMER.login)
    layout = http.get(url + "/_dash-layout", headers={"Referer": url + "/twitch"}).json()
    dates = _find(layout, {"type": "range-dates", "provider": "twitch"})["props"]
    start, end = dates["start_date"], dates["end_date"]
    first = _redraw(http, url, start, end, {}, stamp=None, in_view=["vods", "clips"])
    assert _bodies(first) == {"vods", "clips"} and len(figures_in(first, [])) == 2
    drawn = first["twitch-drawn"]["data"]
    # A new range while only the VODs are in view: they are drawn for it; the clips keep their old key, so
    # they are drawn for the new range when they come back into view.
    wider = _redraw(http, url, "2020-01-01", end, drawn, stamp=None, in_view=["vods"])
    assert _bodies(wider) == {"vods"}
    assert wider["twitch-drawn"]["data"]["clips"] == drawn["clips"]
    back = _redraw(http, url, "2020-01-01", end, wider["twitch-drawn"]["data"], stamp=None, in_view=["clips"])
    assert _bodies(back) == {"clips"}


def _bodies(sent: dict) -> set:
    return {json.loads(key.rsplit(".", 1)[0])["panel"] for key in sent if "panel-body" in key}


def test_a_drawn_page_is_plain_json_that_orjson_writes_out_without_a_second_walk(live_dash_app):
    import orjson

    from callbacks import pages

    url, app = live_dash_app
    http = requests.Session()
    sign_in(http, url, "twitch", seed.STREAMER.login)
    headers = {"Cookie": f"session={http.cookies['session']}", "Referer": "http://localhost/twitch"}
    with app.server.test_request_context("/_dash-layout", headers=headers):
        layout = pages.shell_layout().to_plotly_json()
    # No component left inside (plotly's encoder would fall back to walking every value in Python).
    assert json.loads(orjson.dumps(layout))["props"]["children"]


def test_a_page_whose_data_is_stale_starts_its_sync_on_the_server_as_it_is_sent(live_app, redis_client, live_prefix):
    """The head start: no callback is sent here, yet every dataset the page found stale is fetched anew."""
    from sync.cache.store import DataStore

    http = requests.Session()
    sign_in(http, live_app, "twitch", seed.STREAMER.login)
    http.get(live_app + "/_dash-layout", headers={"Referer": live_app + "/twitch"})  # its first sync, if due
    store = DataStore(redis_client, live_prefix)
    _wait_until_fetched(store, seed.STREAMER.id, ["profile", "videos"], since=0)
    age_stored_data(redis_client, live_prefix, "twitch", seed.STREAMER.id)
    asked = time.time()
    layout = http.get(live_app + "/_dash-layout", headers={"Referer": live_app + "/twitch"}).json()
    due = _find(layout, "twitch-sync-due")["props"]["data"]
    assert {"profile", "videos", "clips", "goals"} <= set(due["datasets"])  # the page's own job starts with these
    _wait_until_fetched(store, seed.STREAMER.id, ["profile", "videos", "clips", "goals"], since=asked)


def _wait_until_fetched(store, account: str, datasets: list[str], since: float, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = store.status("twitch", account)
        if all(d in status and (status[d].fetched_at or 0) >= since for d in datasets):
            return
        time.sleep(0.1)
    raise AssertionError(f"not fetched within {seconds} s: {datasets}")


def test_with_a_celery_worker_the_head_start_is_a_task_the_worker_runs(redis_url, redis_client):
    from sync.cache.store import DataStore
    from tests.helpers.workers import app_with_worker

    with app_with_worker(redis_url) as (url, prefix, _worker, _database):
        http = requests.Session()
        sign_in(http, url, "twitch", seed.STREAMER.login)
        layout = http.get(url + "/_dash-layout", headers={"Referer": url + "/twitch"}).json()
        assert _find(layout, "twitch-sync-due")["props"]["data"]["datasets"]
        # The web process sends no sync of its own here (no callback is sent): the worker fetches the data.
        _wait_until_fetched(DataStore(redis_client, prefix), seed.STREAMER.id, ["profile", "videos", "goals"], since=0)


def test_the_pages_own_html_carries_the_numbers_in_the_theme_this_browser_chose(live_dash_app):
    live_app, http = _signed_in_and_synced(live_dash_app)
    page = http.get(live_app + "/twitch", cookies={"theme": "dark"}).text
    painted = page[page.index('<div id="first-paint" inert>') : page.index('<div id="react-entry-point">')]
    assert f">{seed.STREAMER.followers:,}<" in painted  # the followers card's number, before any script
    assert painted.count(" id=") == 1  # its own: nothing in it can be found instead of the live page
    assert page.startswith('<!DOCTYPE html>\n<html data-bs-theme="dark" lang="en">')
    assert "data-bs-theme" not in http.get(live_app + "/twitch", cookies={"theme": '"><script>'}).text[:60]
