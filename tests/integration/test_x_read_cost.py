"""What X bills, over real HTTP on PostgreSQL: each sync counts the posts and users X's API returned, the
dashboard says what this month's reads cost at X's published rates, and the operator's monthly cap stops
collection, with the dashboard saying so, while the charts keep what was fetched."""

import json
from datetime import UTC, datetime

import requests

from providers.x.pricing import POST_READ_USD, USER_READ_USD
from sandbox.x import seed
from tests.helpers.consent import sign_in
from tests.helpers.panels import as_sent, figures
from tests.helpers.x_dashboard import draw_x, sync_x

CREATOR = seed.by_username("sandbox_creator")


def signed_in(start, **settings):
    server, base = start(**settings)
    http = requests.Session()
    sign_in(http, base, "twitter", CREATOR.username, next_path="/")  # no page: no head-start sync
    return server, base, http


def text_of(body) -> str:
    return json.dumps(as_sent(body))


def test_each_sync_counts_its_reads_and_the_dashboard_prices_them(postgres_apps):
    server, base, http = signed_in(postgres_apps)
    assert set(sync_x(server, base, http).values()) == {"ok"}
    (month,) = server.extensions["runtime"].archive.x_reads(CREATOR.id)
    assert month.month == datetime.now(UTC).date().replace(day=1)
    # Every post once, though the 30 days' posts came twice (with their private metrics): X bills once a day.
    assert (month.post_reads, month.user_reads) == (CREATOR.post_count, 1) and month.requests > 5
    assert month.cost_usd == CREATOR.post_count * POST_READ_USD + USER_READ_USD
    said = text_of(draw_x(server, base, http)["cost"])
    assert f"{month.reads:,} reads in {month.month:%B %Y}" in said and f"${month.cost_usd:,.2f}" in said
    assert "No monthly cap is set" in said
    sync_x(server, base, http)
    (again,) = server.extensions["runtime"].archive.x_reads(CREATOR.id)
    # The same day's re-sync asks again, and X bills none of what it returned already today.
    assert (again.post_reads, again.user_reads) == (month.post_reads, 1) and again.requests > month.requests


def test_the_monthly_cap_holds_collection_back_and_says_so(postgres_apps):
    server, base, http = signed_in(postgres_apps, x_monthly_read_cap=150)
    outcomes = sync_x(server, base, http)
    assert outcomes["posts"] == "error"  # stopped before the request that would read past the cap
    (month,) = server.extensions["runtime"].archive.x_reads(CREATOR.id)
    assert 100 < month.reads <= 150 + 100  # one page may cross it: the cap is checked before each request
    panels = draw_x(server, base, http)
    assert "The cap holds collection back" in text_of(panels["cost"])
    assert "Collection is held back" in text_of(panels["impressions"])
    assert figures(panels["impressions"])  # the posts fetched before the cap are still drawn
    sync_x(server, base, http)  # a later sync asks X nothing at all
    assert server.extensions["runtime"].archive.x_reads(CREATOR.id) == [month]
