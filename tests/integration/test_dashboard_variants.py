"""Both dashboards, synced from the sandbox in each of its variants (as other emulators and spec
versions answer), drawn as the page draws them: no panel fails, and the numbers are the sandbox's.

A sign-in over HTTP gives the session; the sync runs as the app's background job runs it; each panel
is drawn in a request carrying that session, over the widest date range.
"""

from collections import Counter

import pytest
import requests

from dashboard.components.daterange import preset_dates
from dashboard.scripts import TRACE_TYPES
from sandbox.twitch import generate as twitch_generate
from sandbox.twitch import seed as twitch_seed
from sandbox.x import seed as x_seed
from tests.helpers.consent import sign_in
from tests.helpers.panels import figure_of, figures, notices

X_VARIANTS = {
    "documented": {},
    "new_field_names": {"new_field_names": True},
    "old_posts_as_errors": {"old_posts_as_errors": True},
    "non_numeric_ids": {"non_numeric_ids": True},
    "endless_next_token": {"endless_next_token": True},
}
TWITCH_VARIANTS = {"documented": {}, "zoneless_times": {"zoneless_times": True}}
OPTIONS = {
    "twitch": {"twitch-follower-bucket": "day", "twitch-bits-period": "all"},
    "twitter": {"twitter-top-posts-by": "engagements"},
}
X_KINDS = {"original": "original", "reply": "reply", "quote": "quote", "retweet": "repost"}  # sandbox's: ours


def trace_types(panels: dict) -> set[str]:
    return {trace.get("type", "scatter") for body in panels.values() for f in figures(body) for trace in f["data"]}


def synced_panels(dashboard_server, provider: str, account: str, variant: dict) -> dict:
    """Sign in as ``account``, set the variant, sync every dataset as the background job does, draw every panel."""
    from callbacks import twitch, x
    from sync.jobs.runner import sync_job
    from web import accounts
    from web.background import identity

    server, base = dashboard_server
    http = requests.Session()
    sign_in(http, base, provider, account)
    requests.post(
        f"{base}/sandbox/_faults", json={"provider": "x" if provider == "twitter" else "twitch", **variant}
    ).raise_for_status()
    board = (x if provider == "twitter" else twitch).board
    start, end = preset_dates("all")
    with server.test_request_context(
        f"/{provider}", base_url=base, headers={"Cookie": f"session={http.cookies['session']}"}
    ):
        result = sync_job(
            provider, identity(server.extensions["app_config"].key_prefix), list(board.datasets), lambda *progress: None
        )
        assert set(result["outcomes"].values()) <= {"ok", "unavailable"}, result
        bodies = board.bodies(accounts.account(provider).id, start, end, OPTIONS[provider])
        return {panel: body for panel, body in bodies.items() if panel != "profile"}


@pytest.mark.parametrize("variant", X_VARIANTS.values(), ids=X_VARIANTS)
def test_every_x_panel_draws_in_every_variant(dashboard_server, variant):
    creator = x_seed.by_username("sandbox_creator")
    panels = synced_panels(dashboard_server, "twitter", creator.username, variant)
    assert {panel: notices(body) for panel, body in panels.items()} == {panel: [] for panel in panels}
    graphs = {panel for panel, body in panels.items() if figures(body)}
    # Follows per post and impressions per day only X's analytics export tells; weekly growth needs a second day's
    # snapshot (or the export).
    assert graphs == set(panels) - {"follows", "daily", "growth"}
    assert trace_types(panels) <= TRACE_TYPES  # all drawn by the cartesian bundle the page loads
    # The post mix counts the sandbox's originals, replies, quotes and reposts, in either spelling.
    kinds = Counter(X_KINDS[post.kind] for post in x_seed.posts(creator))
    mix = figure_of(panels["mix"])["data"][0]
    assert dict(zip(mix["x"], mix["y"])) == {
        "Originals": kinds["original"],
        "Replies": kinds["reply"],
        "Quotes": kinds["quote"],
        "Reposts": kinds["repost"],
    }


@pytest.mark.parametrize("variant", TWITCH_VARIANTS.values(), ids=TWITCH_VARIANTS)
def test_every_twitch_panel_draws_in_every_variant(dashboard_server, variant):
    streamer = twitch_seed.STREAMER
    panels = synced_panels(dashboard_server, "twitch", streamer.login, variant)
    assert {panel: notices(body) for panel, body in panels.items()} == {panel: [] for panel in panels}
    # Top clips: the channel's clips, dated as the sandbox dates them, not "No clips in this date range".
    clips = twitch_generate.channel_data(streamer, twitch_seed.anchor()).clips
    top = sorted(clips, key=lambda clip: (-clip["view_count"], clip["id"]))[:10]
    shown = figure_of(panels["clips"])["data"][0]["x"]
    assert sorted(shown, reverse=True) == [clip["view_count"] for clip in top]
    assert figure_of(panels["vods"])["data"] and figure_of(panels["followers"])["data"]
    assert trace_types(panels) <= TRACE_TYPES  # all drawn by the cartesian bundle the page loads
