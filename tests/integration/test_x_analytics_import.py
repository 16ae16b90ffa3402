"""X's analytics export end to end, over real HTTP, on a real PostgreSQL: the sandbox exports both files as
X does, the app's form imports them, the history keeps them apart from the API's values, and wrong files
are refused whole, with a sentence on the page."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import requests

from sandbox.x import asof, seed
from tests.helpers.consent import sign_in
from tests.helpers.panels import as_sent, figures
from tests.helpers.sessions import csrf_token
from tests.helpers.x_dashboard import draw_x, sync_x

CREATOR = seed.by_username("sandbox_creator")
EXPORTS = "/sandbox/x/i/account_analytics"


@pytest.fixture
def signed_in(postgres_app, redis_client, key_prefix):
    """A browser session signed in as the sandbox creator, with the posts synced as the page's job syncs them."""
    server, base = postgres_app
    http = requests.Session()
    sign_in(http, base, "twitter", CREATOR.username, next_path="/")  # no page: no head-start sync
    assert set(sync_x(server, base, http).values()) == {"ok"}
    return server, base, http, csrf_token(redis_client, key_prefix, http)


def download(base: str, username: str, kind: str) -> tuple[str, bytes]:
    reply = requests.get(f"{base}{EXPORTS}/{username}/{kind}.csv", timeout=30)
    reply.raise_for_status()
    return re.search(r'filename="([^"]+)"', reply.headers["Content-Disposition"]).group(1), reply.content


def upload(base: str, http: requests.Session, token: str, *files: tuple[str, bytes]) -> str:
    """Post the files as the dashboard's upload box does; the sentence it then shows."""
    reply = http.post(
        f"{base}/twitter/import",
        data={"csrf_token": token},
        files=[("export", (name, data, "text/csv")) for name, data in files],
        timeout=60,
    )
    said = reply.json()
    assert (reply.status_code == 200) == (said["kind"] == "imported"), said
    return said["text"]


def stored(server):
    archive = server.extensions["runtime"].archive
    return archive.imported_posts(CREATOR.id), archive.imported_days(CREATOR.id)


def test_the_sandbox_exports_what_its_api_says(signed_in):
    server, base, _http, _token = signed_in
    name, content = download(base, CREATOR.username, "content")
    assert name.startswith("account_analytics_content_") and content.startswith(b"Post id,Date,Post text,Post Link")
    from providers.x.analytics_export import read_export

    exported = {post.id: post for post in read_export(content).posts}
    fetched = server.extensions["runtime"].archive.stored_posts(CREATOR.id)
    young = [post for post in fetched if post.profile_clicks is not None and post.kind != "repost"]
    assert young and all(exported[post.id].profile_visits == post.profile_clicks for post in young)
    assert all(exported[post.id].impressions == post.private_impressions for post in young)


def test_importing_both_files_fills_history_beyond_the_api_and_twice_changes_nothing(signed_in):
    server, base, http, token = signed_in
    content, overview = download(base, CREATOR.username, "content"), download(base, CREATOR.username, "overview")
    said = upload(base, http, token, content, overview)
    assert said.startswith("Imported ") and "days of the account overview" in said, said
    posts, days = stored(server)
    month_ago = datetime.now(UTC) - timedelta(days=31)
    old = [post for post in posts if post.created_at < month_ago]
    assert len(old) > 300 and all(post.profile_visits is not None and post.new_follows is not None for post in old)
    joined = datetime.now(UTC) - timedelta(days=CREATOR.joined_days_ago)
    assert days[0].day <= joined.date() + timedelta(days=1) and len(days) >= CREATOR.joined_days_ago
    # The API's own table is untouched: its old posts still have no profile clicks of their own.
    fetched = server.extensions["runtime"].archive.stored_posts(CREATOR.id)
    assert all(post.profile_clicks is None for post in fetched if post.created_at < month_ago)
    version = server.extensions["runtime"].archive.import_version(CREATOR.id)
    again = upload(base, http, token, content, overview)
    assert again == said
    assert stored(server) == (posts, days)
    assert server.extensions["runtime"].archive.import_version(CREATOR.id) == version


def test_the_views_show_follows_per_post_from_the_export_and_what_the_api_cannot_say(signed_in):
    server, base, http, token = signed_in
    before = draw_x(server, base, http)
    assert not figures(before["follows"]) and "Import X's analytics export" in json.dumps(as_sent(before["follows"]))
    assert figures(before["threads"]) and figures(before["topics"])
    assert not figures(before["growth"])  # one snapshot since sign-up: no gain to tell yet
    upload(base, http, token, download(base, CREATOR.username, "content"), download(base, CREATOR.username, "overview"))
    after = draw_x(server, base, http)
    follows, visits = figures(after["follows"])[0]["data"][:2]
    posts = seed.posts(CREATOR)
    own = [post for post in posts if post.kind != "retweet"]
    assert len(follows["y"]) == len(own) and "X's export" in follows["name"] and "X's export" in visits["name"]
    month_ago = datetime.now(UTC) - timedelta(days=31)
    assert sum(post.created_at < month_ago for post in own) > 300  # all of them beyond the API's 30 days
    assert not figures(before["daily"])
    daily = figures(after["daily"])[0]["data"][0]
    assert len(daily["x"]) >= CREATOR.joined_days_ago  # every day since the account joined, as X counted it
    gained = figures(after["growth"])[0]["data"][0]
    assert len([gain for gain in gained["y"] if gain is not None]) > 52  # every week since the account joined


def test_days_before_sign_up_get_the_follower_history_the_sandbox_had(signed_in):
    server, base, http, token = signed_in
    before = figures(draw_x(server, base, http)["followers"])[0]["data"]
    upload(base, http, token, download(base, CREATOR.username, "overview"))
    rebuilt, snapshot = figures(draw_x(server, base, http)["followers"])[0]["data"]
    assert len(before) == 1 and "X's export" in rebuilt["name"] and snapshot == before[0]
    anchor = seed.hour_anchor()
    for day, followers in list(zip(rebuilt["x"], rebuilt["y"]))[:: len(rebuilt["x"]) // 7]:
        end_of_day = datetime.fromisoformat(day).replace(tzinfo=UTC) + timedelta(days=1)
        assert followers == asof.profile_counts(CREATOR, anchor, end_of_day)["followers"], day


def test_another_accounts_export_is_refused_and_nothing_kept(signed_in):
    server, base, http, token = signed_in
    said = upload(base, http, token, download(base, "sandbox_heavy", "content"))
    assert "export of @sandbox_heavy, not of @sandbox_creator" in said and "Nothing was imported" in said
    assert stored(server) == ([], [])


def test_an_export_whose_links_name_no_one_is_told_by_its_posts(signed_in):
    """Some exports link posts as x.com/i/status/<id>: then the posts themselves must be the account's."""
    server, base, http, token = signed_in
    name, content = download(base, "sandbox_heavy", "content")
    said = upload(base, http, token, (name, content.replace(b"x.com/sandbox_heavy/", b"x.com/i/")))
    assert "is among the" in said and "another account's export" in said and "Nothing was imported" in said
    mine, own = download(base, CREATOR.username, "content")
    assert upload(base, http, token, (mine, own.replace(b"x.com/sandbox_creator/", b"x.com/i/"))).startswith("Imported")


def test_a_bad_file_beside_a_good_one_imports_neither(signed_in):
    server, base, http, token = signed_in
    overview = download(base, CREATOR.username, "overview")
    name, content = download(base, CREATOR.username, "content")
    poisoned = content.replace(b"Thread on", b'=HYPERLINK("http://x")', 1)
    said = upload(base, http, token, overview, (name, poisoned))
    assert "spreadsheet formula" in said and "Nothing was imported" in said
    assert stored(server) == ([], [])


def test_fifty_megabytes_of_junk_is_refused_unread(signed_in):
    server, base, http, token = signed_in
    said = upload(
        base, http, token, ("account_overview_analytics.csv", b"Date,Impressions\n" + b"9" * (50 * 1024 * 1024))
    )
    assert "over 10 MB" in said and "nothing was imported" in said
    assert stored(server) == ([], [])
