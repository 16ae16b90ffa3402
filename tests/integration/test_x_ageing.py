"""The sandbox's posts age, over real HTTP: its clock runs ahead of real time, a post fetched young grows past
X's 30 days, X stops serving its private metrics, and the history (database and dashboard) keeps them; OAuth
1.0a timestamps are still checked against the real clock."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from requests_oauthlib import OAuth1

from sandbox.credentials import X_CONSUMER_KEY, X_CONSUMER_SECRET
from sandbox.x import seed
from tests.helpers.consent import sign_in
from tests.helpers.panels import figure_of
from tests.helpers.sandbox_clock import clear_clock, set_clock
from tests.helpers.x_dashboard import draw_x, sync_x
from tests.helpers.x_sandbox import Sandbox

CREATOR = seed.by_username("sandbox_creator")
DAY = 86_400
PRIVATE = {"tweet.fields": "created_at,non_public_metrics", "max_results": 100}


@pytest.fixture
def clock_reset(postgres_app):
    yield
    clear_clock(postgres_app[1])


def private_ids(sandbox: Sandbox, token: dict) -> set[str]:
    """The posts X serves private metrics for as of the sandbox's clock (its documented 30-day rule)."""
    reply = sandbox.session(token).get(f"{sandbox.base}/2/users/{CREATOR.id}/tweets", params=PRIVATE, timeout=30)
    assert reply.status_code == 200, reply.text
    return {post["id"] for post in reply.json().get("data", [])}


def test_a_post_fetched_at_25_days_keeps_its_private_metrics_at_40(postgres_app, clock_reset):
    server, base = postgres_app
    http = requests.Session()
    sign_in(http, base, "twitter", CREATOR.username, next_path="/")  # no page: no head-start sync
    assert set(sync_x(server, base, http).values()) == {"ok"}
    archive = server.extensions["runtime"].archive
    now = datetime.now(UTC)
    young = [p for p in archive.stored_posts(CREATOR.id) if p.profile_clicks and p.kind != "repost"]
    post = min(young, key=lambda p: abs((now - p.created_at) - timedelta(days=25)))
    age = (now - post.created_at).total_seconds() / DAY
    assert 20 < age < 29.5, age
    sandbox = Sandbox(base)
    token = sandbox.token(CREATOR.username)
    assert post.id in private_ids(sandbox, token)

    # The clock puts the post at 40 days: X no longer serves its private metrics.
    set_clock(base, time.time() + (40 - age) * DAY)
    assert post.id not in private_ids(sandbox, token)
    assert set(sync_x(server, base, http).values()) == {"ok"}
    kept = {p.id: p for p in archive.stored_posts(CREATOR.id)}[post.id]
    assert (kept.profile_clicks, kept.private_impressions) == (post.profile_clicks, post.private_impressions)
    assert kept.created_at == post.created_at  # the same post, dated as before: it only grew older

    # The dashboard still shows its profile click-through rate.
    rates = figure_of(draw_x(server, base, http)["ctr"])["data"][0]["y"]
    assert round(post.profile_clicks / post.private_impressions, 5) in rates


def test_video_playback_quartiles_fetched_young_are_kept_when_x_stops_serving_them(postgres_app, clock_reset):
    server, base = postgres_app
    http = requests.Session()
    sign_in(http, base, "twitter", CREATOR.username, next_path="/")
    assert set(sync_x(server, base, http).values()) == {"ok"}
    archive = server.extensions["runtime"].archive
    quartiles = lambda p: (p.playback_0, p.playback_25, p.playback_50, p.playback_75, p.playback_100)  # noqa: E731
    watched = {p.id: quartiles(p) for p in archive.stored_posts(CREATOR.id) if p.playback_0}
    assert watched and all(q[0] >= q[-1] for q in watched.values())
    set_clock(base, time.time() + 31 * DAY)  # every post fetched is past X's 30 days now
    assert set(sync_x(server, base, http).values()) == {"ok"}
    kept = {p.id: p for p in archive.stored_posts(CREATOR.id)}
    assert {post_id: quartiles(kept[post_id]) for post_id in watched} == watched
    curves = figure_of(draw_x(server, base, http)["videos"])["data"]
    assert len(curves) == len(watched) + 1  # a line per video, and their median


def test_oauth_timestamps_follow_the_real_clock_when_the_sandbox_runs_ahead(postgres_app, clock_reset):
    base = postgres_app[1]
    sandbox = Sandbox(base)
    token = sandbox.token(CREATOR.username)
    set_clock(base, time.time() + 15 * DAY)
    assert sandbox.session(token).get(f"{sandbox.base}/2/users/me", timeout=30).status_code == 200
    signed_ahead = OAuth1(
        X_CONSUMER_KEY,
        X_CONSUMER_SECRET,
        token["oauth_token"],
        token["oauth_token_secret"],
        timestamp=str(int(time.time() + 15 * DAY)),
    )
    reply = requests.get(f"{sandbox.base}/2/users/me", auth=signed_ahead, timeout=30)
    assert reply.status_code == 401
