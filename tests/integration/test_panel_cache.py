"""Rendered panels are kept per process and drawn again only when their data changes (a new sync) or
the view asks for another date range or option."""

import json

import msgspec
import requests

from callbacks.panel_cache import PanelCache
from dashboard.components.daterange import preset_dates
from providers.twitch.records import Goal
from sandbox.twitch import seed
from tests.helpers.consent import sign_in
from tests.helpers.panels import as_sent


def test_a_kept_panel_is_drawn_again_only_for_new_data_or_other_options():
    cache, drawn = PanelCache(), []

    def draw(text):
        return lambda: drawn.append(text) or {"text": text}

    assert as_sent(cache.get_or_render(("goals", "1", (10.0,)), draw("first"))) == {"text": "first"}
    assert as_sent(cache.get_or_render(("goals", "1", (10.0,)), draw("again"))) == {"text": "first"}
    assert as_sent(cache.get_or_render(("goals", "1", (11.0,)), draw("new sync"))) == {"text": "new sync"}
    assert drawn == ["first", "new sync"]


def test_a_kept_panel_is_handed_out_as_json_that_no_caller_can_change():
    cache = PanelCache()
    parts = cache.get_or_render(("k",), lambda: [{"items": [1]}, "caption"])
    parts.insert(0, "a notice")  # what the panel callback does with a stale dataset
    assert as_sent(cache.get_or_render(("k",), lambda: [])) == [{"items": [1]}, "caption"]


def test_the_bound_drops_the_oldest_panels_first():
    panel = {"text": "x" * 90}
    cache = PanelCache(bound_bytes=3 * len(json.dumps(panel)))
    for n in range(5):
        cache.get_or_render((n,), lambda: panel)
    assert len(cache) == 3 and cache.size <= cache.bound_bytes
    assert as_sent(cache.get_or_render((0,), lambda: {"text": "drawn again"})) == {"text": "drawn again"}


def _goal_texts(body) -> str:
    return json.dumps(as_sent(body))


def test_a_new_sync_redraws_the_panel_and_an_unsynced_change_does_not(dashboard_server):
    from callbacks import twitch
    from sync.jobs.runner import sync_job
    from web.background import identity

    server, base = dashboard_server
    http = requests.Session()
    sign_in(http, base, "twitch", seed.STREAMER.login)
    store, start, end = server.extensions["runtime"].store, *preset_dates("all")

    def render(*_ignored):
        return [twitch.board.bodies(seed.STREAMER.id, start, end, {})["goals"]]

    with server.test_request_context(
        "/twitch", base_url=base, headers={"Cookie": f"session={http.cookies['session']}"}
    ):
        sync_job("twitch", identity(server.extensions["app_config"].key_prefix), ["goals"], lambda *progress: None)
        first = _goal_texts(render(None, start, end)[0])
        changed = [Goal("follower", "A goal set after the first sync", 5, 10)]
        # Written behind the store's back (no new fetched time): the panel kept is still the one shown.
        store.client.set(store._key("twitch", seed.STREAMER.id, "goals"), msgspec.msgpack.encode(changed))
        assert _goal_texts(render(None, start, end)[0]) == first
        store.put("twitch", seed.STREAMER.id, "goals", changed)  # what a sync does
        redrawn = _goal_texts(render(None, start, end)[0])
    assert "A goal set after the first sync" in redrawn and "A goal set after the first sync" not in first
