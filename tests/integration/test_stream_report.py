"""A stream's report at its own address, over HTTP: its figures against the 30-day medians, its story, what
moved its curve; a stream not in the history says so; signed out, the page asks for a sign-in."""

from datetime import UTC, datetime, timedelta

import requests

from eventsub.backfill import fill_stories
from sandbox.twitch import seed
from sync.collection.demo import DemoReport, live_moments, sample_history
from sync.runtime import lookup
from tests.helpers.consent import sign_in

STREAMER = seed.STREAMER


def test_a_streams_report_shows_its_figures_story_and_moments(dash_server, key_prefix):
    url, http = dash_server, requests.Session()
    sign_in(http, url, "twitch", STREAMER.login)
    runtime, now = lookup(key_prefix), datetime.now(UTC)
    sample_history(runtime, live_moments(21, now), DemoReport())
    assert fill_stories(runtime, [STREAMER.id], now - timedelta(days=21), now).folded.chat > 0
    newest_sampled = runtime.archive.stream_samples(STREAMER.id, now - timedelta(days=21), now)[-1][1].stream_id
    page = http.get(f"{url}/twitch/stream", params={"id": newest_sampled}, timeout=60).text
    for expected in ("Average viewers", "30-day median", "Chat messages", "What moved the curve", "Top chatters"):
        assert expected in page, expected
    assert "unique viewers" in page  # what Twitch does not give, said, not invented
    missing = http.get(f"{url}/twitch/stream", params={"id": "nope"}, timeout=30).text
    assert "No stream with this address" in missing
    assert "Sign in with Twitch" in requests.get(f"{url}/twitch/stream", params={"id": newest_sampled}, timeout=30).text
