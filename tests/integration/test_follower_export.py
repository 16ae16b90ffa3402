"""The followers CSV comes from Twitch at export time (only daily counts are stored): its rows are the
channel's followers inside the date range."""

from datetime import UTC, datetime

import requests

from callbacks.common import EXPORTS
from core.units import DAY
from sandbox.twitch import seed
from tests.helpers.consent import sign_in
from tests.helpers.twitch_sandbox import sandbox_app, sandbox_token


def test_the_followers_csv_holds_the_followers_of_the_range_read_from_twitch(dashboard_server):
    from providers.twitch.client import TwitchClient

    server, base = dashboard_server
    http = requests.Session()
    sign_in(http, base, "twitch", seed.MEGASTREAM.login)
    everyone = [
        f
        for _, page, _ in TwitchClient(sandbox_app(base), sandbox_token(base, seed.MEGASTREAM.login)).follower_pages(
            seed.MEGASTREAM.id
        )
        for f in page
    ]
    newest = everyone[0].followed_at
    span = (newest - 30 * DAY, newest + 1)
    expected = [f for f in everyone if span[0] <= f.followed_at < span[1]]
    assert 0 < len(expected) < len(everyone)
    with server.test_request_context(
        "/twitch", base_url=base, headers={"Cookie": f"session={http.cookies['session']}"}
    ):  # nothing synced: the rows can only have come from Twitch
        name, rows = EXPORTS[("twitch", "followers")](seed.MEGASTREAM.id, span)
    assert name == "twitch-followers.csv"
    assert [row["user_id"] for row in rows] == [f.user_id for f in expected]
    assert rows[0] == {
        "followed_at": datetime.fromtimestamp(expected[0].followed_at, UTC).isoformat(),
        "user_id": expected[0].user_id,
        "login": expected[0].login,
    }
