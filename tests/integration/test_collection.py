"""Daily collection (sync/collection/collect.py) on the real app: sign in once over HTTP, then rounds run at simulated
times against the sandbox and land in the history database; claims, pauses, budgets and deletion."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from core.errors import RateLimited
from sandbox.twitch.seed import ACCOUNTS as TWITCH_ACCOUNTS
from sandbox.x import seed as x_seed
from sync.collection.collect import RETRY_SECONDS, Rounds, latest_slot, slot_seconds
from sync.database.models import NEEDS_SIGN_IN
from sync.jobs.budgets import Budgets, Limit
from tests.helpers.consent import sign_in
from tests.helpers.sessions import csrf_token

STREAMER = TWITCH_ACCOUNTS["sandbox_streamer"]
CREATOR = x_seed.by_username("sandbox_creator")


@pytest.fixture
def signed_in(served_server):
    """The app served, and a browser session signed in to Twitch as the sandbox streamer (so it is tracked)."""
    url, server = served_server()
    http = requests.Session()
    sign_in(http, url, "twitch", "sandbox_streamer")
    return url, server, http


def runtime_of(server):
    return server.extensions["runtime"]


def slot_on(day: date) -> datetime:
    """The streamer's slot time on ``day``, plus a minute: when its round is due."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + timedelta(seconds=slot_seconds("twitch", STREAMER.id) + 60)


def test_signing_in_tracks_the_account_with_its_credentials_sealed(signed_in, redis_client):
    _url, server, _http = signed_in
    archive = runtime_of(server).archive
    tracked = archive.account("twitch", STREAMER.id)
    assert tracked.collecting and tracked.status == "active" and tracked.username == "sandbox_streamer"
    credentials = archive.credentials("twitch", STREAMER.id)
    assert credentials["refresh_token"]
    with runtime_of(server).engine.connect() as connection:
        (sealed,) = connection.exec_driver_sql("SELECT sealed_credentials FROM tracked_accounts").one()
    assert credentials["refresh_token"] not in sealed and credentials["access_token"] not in sealed


def test_an_account_left_alone_has_a_follower_point_for_each_scheduled_day(signed_in):
    _url, server, _http = signed_in
    rounds, archive = Rounds(runtime_of(server)), runtime_of(server).archive
    today = datetime.now(UTC).date()
    days = [today - timedelta(days=n) for n in range(4, -1, -1)]
    for day in days:
        moment = slot_on(day)
        assert [a.account_id for a in rounds.due_accounts(moment)] == [STREAMER.id]
        assert rounds.run_round("twitch", STREAMER.id, now=moment).outcome in ("collected", "partial")
        assert rounds.due_accounts(moment) == []  # collected: not due again until the next slot
        assert rounds.run_round("twitch", STREAMER.id, now=moment).outcome == "skipped"
    history = archive.counters_by_day("twitch", STREAMER.id, date.min, date.max)
    assert list(history) == [day.isoformat() for day in days]
    # Each round was answered as of its own day (its requests carry the time): the count grew day by day.
    followers = [counters["followers"] for counters in history.values()]
    assert followers == sorted(followers) and followers[0] < followers[-1] <= STREAMER.followers, followers
    # Each day's snapshot knows the moment it was read, so a chart can place it on the viewer's clock.
    assert [counters["read_at"] for counters in history.values()] == [slot_on(day).timestamp() for day in days]


def test_a_vods_views_are_kept_on_the_days_they_change(signed_in):
    _url, server, _http = signed_in
    rounds, engine = Rounds(runtime_of(server)), runtime_of(server).engine
    today = datetime.now(UTC).date()
    for day in (today - timedelta(days=1), today):
        rounds.run_round("twitch", STREAMER.id, now=slot_on(day))
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT video_id, day, views FROM video_views ORDER BY day").all()
    days = sorted({str(day) for _, day, _ in rows})
    first = {video: views for video, day, views in rows if str(day) == days[0]}
    later = {video: views for video, day, views in rows if str(day) != days[0]}
    # Every VOD of the first day; the next day only those whose count moved since (new VODs, or more views).
    assert first and len(days) <= 2
    assert all(views != first.get(video) for video, views in later.items()), later
    assert len(runtime_of(server).archive.counters_by_day("twitch", STREAMER.id, date.min, date.max)) == 2


def test_two_workers_never_run_the_same_round_twice(signed_in):
    _url, server, _http = signed_in
    moment = slot_on(datetime.now(UTC).date())
    workers = [Rounds(runtime_of(server)) for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = sorted(
            r.outcome for r in pool.map(lambda w: w.run_round("twitch", STREAMER.id, now=moment), workers)
        )
    assert outcomes.count("skipped") == 3 and outcomes[0] in ("collected", "partial")


def test_a_refresh_that_fails_pauses_collection_and_says_so(signed_in):
    url, server, _http = signed_in
    archive = runtime_of(server).archive
    token = archive.credentials("twitch", STREAMER.id)
    # The person revoked the app at Twitch: the access token and the refresh token both stop working.
    requests.post(
        f"{url}/sandbox/twitch/oauth2/revoke", data={"client_id": client_id(), "token": token["access_token"]}
    )
    result = Rounds(runtime_of(server)).run_round("twitch", STREAMER.id)
    assert result.outcome == "needs sign-in"
    tracked = archive.account("twitch", STREAMER.id)
    assert tracked.status == NEEDS_SIGN_IN and "Sign in again" in tracked.status_message
    assert archive.credentials("twitch", STREAMER.id) is None
    assert Rounds(runtime_of(server)).due_accounts() == []  # paused until the person signs in again


def client_id() -> str:
    from sandbox.credentials import TWITCH_CLIENT_ID

    return TWITCH_CLIENT_ID


def test_one_person_in_two_browsers_shares_one_tracked_account_and_its_history(signed_in):
    url, server, _first = signed_in
    second = requests.Session()
    sign_in(second, url, "twitch", "sandbox_streamer")
    archive = runtime_of(server).archive
    assert [a.account_id for a, _ in archive.collecting_accounts()] == [STREAMER.id]
    assert Rounds(runtime_of(server)).run_round("twitch", STREAMER.id).outcome in ("collected", "partial")
    assert len(archive.counters_by_day("twitch", STREAMER.id, date.min, date.max)) == 1


def test_signing_in_again_resumes_a_paused_account(signed_in):
    url, server, http = signed_in
    archive = runtime_of(server).archive
    archive.needs_sign_in("twitch", STREAMER.id, "Sign in again.")
    sign_in(http, url, "twitch", "sandbox_streamer")
    assert archive.account("twitch", STREAMER.id).status == "active"


def test_a_spent_budget_defers_the_round_until_its_reset_without_a_request(signed_in, redis_client, key_prefix):
    _url, server, _http = signed_in
    rounds = Rounds(runtime_of(server))
    rounds.budgets = Budgets(redis_client, key_prefix, scale=1 / 800)  # one request a minute per user token
    result = rounds.run_round("twitch", STREAMER.id)
    assert result.outcome == "deferred" and "slow down" in result.detail
    assert rounds.due_accounts() == []  # waits out the reset instead of looping
    assert runtime_of(server).archive.account("twitch", STREAMER.id).status == "active"


def test_budgets_take_from_every_key_or_from_none(redis_client, key_prefix):
    budgets = Budgets(redis_client, key_prefix)
    small, large = Limit("small", 2, 60), Limit("large", 100, 60)
    at = 1_800_000_000.0
    budgets.take("twitch", [("a", small), ("a", large)], now=at)
    budgets.take("twitch", [("a", small), ("a", large)], now=at)
    with pytest.raises(RateLimited) as limited:
        budgets.take("twitch", [("a", large), ("a", small)], now=at)
    assert limited.value.reset_at.timestamp() == (at // 60 + 1) * 60
    used = redis_client.get(f"{key_prefix}budget:twitch:a:large:{int(at // 60)}")
    assert int(used) == 2  # the refused call took nothing from the other budget
    budgets.take("twitch", [("a", small)], now=at + 60)  # the next window starts afresh


def test_an_x_round_keeps_posts_with_their_private_metrics(served_server):
    url, server = served_server()
    sign_in(requests.Session(), url, "twitter", "sandbox_creator")
    result = Rounds(runtime_of(server)).run_round("twitter", CREATOR.id)
    assert result.outcome == "collected" and result.requests >= 2
    archive = runtime_of(server).archive
    posts = archive.stored_posts(CREATOR.id)
    assert len(posts) == CREATOR.post_count
    assert any(post.private_impressions is not None for post in posts)
    (counters,) = archive.counters_by_day("twitter", CREATOR.id, date.min, date.max).values()
    assert counters["followers"] == CREATOR.followers


def test_disconnect_revokes_and_deletes_everything_of_the_account(signed_in, redis_client, key_prefix):
    url, server, http = signed_in
    runtime = runtime_of(server)
    assert Rounds(runtime).run_round("twitch", STREAMER.id).outcome in ("collected", "partial")
    token = runtime.archive.credentials("twitch", STREAMER.id)
    assert runtime.archive.counters_by_day("twitch", STREAMER.id, date.min, date.max)
    assert list(redis_client.scan_iter(f"{key_prefix}data:twitch:{STREAMER.id}:*"))
    mail = {"provider": "twitch", "address": "me@example.com", "weekday": "0", "hour": "9", "time_zone": "UTC"}
    mail["csrf_token"] = csrf_token(redis_client, key_prefix, http)
    assert http.post(f"{url}/mail/settings", data=mail, allow_redirects=False).status_code == 303  # and its mail

    unconfirmed = http.post(f"{url}/disconnect/twitch", data={"csrf_token": csrf_token(redis_client, key_prefix, http)})
    assert unconfirmed.status_code == 400 and runtime.archive.account("twitch", STREAMER.id) is not None

    landed = http.post(
        f"{url}/disconnect/twitch",
        data={"csrf_token": csrf_token(redis_client, key_prefix, http), "confirm": "delete"},
    )
    query = dict(part.split("=") for part in landed.url.split("?")[1].split("&"))
    assert query["notice"] == "deleted" and int(query["deleted"]) > 1
    assert runtime.archive.account("twitch", STREAMER.id) is None
    assert runtime.archive.counters_by_day("twitch", STREAMER.id, date.min, date.max) == {}
    with runtime.engine.connect() as connection:
        for table in (
            "tracked_accounts",
            "daily_counters",
            "video_views",
            "clip_views",
            "mail_subscriptions",
            "mail_outbox",
        ):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0
    assert list(redis_client.scan_iter(f"{key_prefix}data:twitch:{STREAMER.id}:*")) == []
    validate = requests.get(
        f"{url}/sandbox/twitch/oauth2/validate", headers={"Authorization": f"OAuth {token['access_token']}"}
    )
    assert validate.status_code == 401  # the tokens are revoked at the provider


def test_disconnect_ends_the_account_in_every_session_and_nothing_brings_it_back(signed_in, redis_client, key_prefix):
    """Signed in from two browsers: "delete my data" in one revokes the other's grant too, signs it out, drops
    every key naming the account, and a sync that was still running stores nothing afterwards."""
    from sync.cache.store import DataStore
    from tests.helpers.sessions import stored_session

    url, server, first = signed_in
    runtime = runtime_of(server)
    second = requests.Session()
    sign_in(second, url, "twitch", "sandbox_streamer")
    vault_of = stored_session(redis_client, key_prefix, second)["vault"]
    other_grant = runtime.vault.get(vault_of, "twitch")
    assert other_grant and other_grant != runtime.vault.get(
        stored_session(redis_client, key_prefix, first)["vault"], "twitch"
    )
    assert Rounds(runtime).run_round("twitch", STREAMER.id).outcome in ("collected", "partial")
    assert list(redis_client.scan_iter(f"{key_prefix}round:twitch:{STREAMER.id}:*"))  # its slot's claim
    assert list(redis_client.scan_iter(f"{key_prefix}budget:twitch:u{STREAMER.id}:*"))  # its rate budget

    landed = first.post(
        f"{url}/disconnect/twitch",
        data={"csrf_token": csrf_token(redis_client, key_prefix, first), "confirm": "delete"},
    )
    assert "notice=deleted" in landed.url
    validate = requests.get(
        f"{url}/sandbox/twitch/oauth2/validate", headers={"Authorization": f"OAuth {other_grant['access_token']}"}
    )
    assert validate.status_code == 401  # the other browser's grant is revoked at the provider
    assert runtime.vault.get(vault_of, "twitch") is None and runtime.vault.accounts(vault_of) == {}
    named = [
        key
        for pattern in ("round:*", "job:*", "budget:*", "data:twitch:*")
        for key in redis_client.scan_iter(f"{key_prefix}{pattern}")
        if STREAMER.id.encode() in key
    ]
    assert named == []
    # A sync that was running for the other browser finishes now: what it fetched is not stored.
    late = DataStore(redis_client, key_prefix)
    late.put("twitch", STREAMER.id, "profile", {"followers": 1})
    late.note("twitch", STREAMER.id, "videos", "late", "error")
    assert late.status("twitch", STREAMER.id) == {} and late.get("twitch", STREAMER.id, "profile") is None
    # Signing in again starts afresh: its syncs store again.
    sign_in(second, url, "twitch", "sandbox_streamer")
    late.put("twitch", STREAMER.id, "profile", {"followers": 1})
    assert late.get("twitch", STREAMER.id, "profile") == {"followers": 1}


def test_latest_slot_is_the_last_one_at_or_before_now():
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    slot = latest_slot("twitch", STREAMER.id, now)
    assert now - timedelta(days=1) < slot <= now
    assert (slot - slot.replace(hour=0, minute=0, second=0)).total_seconds() == slot_seconds("twitch", STREAMER.id)


def test_a_poll_samples_every_live_tracked_channel_with_the_app_token(served_server, redis_client, key_prefix):
    from sync.collection.sampling import StreamSampler

    url, server = served_server()
    for login in ("sandbox_streamer", "sandbox_megastream", "sandbox_newbie"):
        sign_in(requests.Session(), url, "twitch", login)
    sampler = StreamSampler(runtime_of(server))
    at = datetime.now(UTC).replace(microsecond=0)
    report = sampler.poll(at)
    live = requests.get(f"{url}/sandbox/twitch/helix/streams", headers=app_headers(url)).json()["data"]
    assert report.channels == 3 and report.requests == 1  # one request per 100 channels
    assert report.live == report.kept == len(live)
    samples = runtime_of(server).archive.stream_samples(live[0]["user_id"], at, at)
    assert [(s.viewer_count, s.stream_id) for _at, s in samples] == [(live[0]["viewer_count"], live[0]["id"])]
    # The token is kept (sealed) for the next poll, which validates it no more than hourly.
    sealed = redis_client.get(f"{key_prefix}twitch:app-token")
    assert sealed and b"access_token" not in sealed
    assert sampler.poll(at + timedelta(minutes=5)).requests == 1


def app_headers(url: str) -> dict:
    from sandbox.credentials import TWITCH_CLIENT_SECRET

    token = requests.post(
        f"{url}/sandbox/twitch/oauth2/token",
        data={"client_id": client_id(), "client_secret": TWITCH_CLIENT_SECRET, "grant_type": "client_credentials"},
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "Client-Id": client_id()}


# The first day: the sign-in's own sync is the round --------------------------------------------------

ACCOUNTS = {"twitch": STREAMER, "twitter": CREATOR}
SANDBOX_NAMES = {"twitch": "twitch", "twitter": "x"}


def _signed_in(url: str, provider: str) -> requests.Session:
    http = requests.Session()
    sign_in(http, url, provider, STREAMER.login if provider == "twitch" else CREATOR.username)
    return http


def _page_sync(server, url: str, provider: str, http: requests.Session) -> dict:
    """The sync a first view of the dashboard runs (sync/jobs/runner.py, as its background job does)."""
    from sync.jobs.runner import sync_job
    from sync.plans.twitch import TwitchSync
    from sync.plans.x import XSync
    from web.background import identity

    datasets = list((TwitchSync if provider == "twitch" else XSync).DATASETS)
    cookie = {"Cookie": f"session={http.cookies['session']}"}
    with server.test_request_context(f"/{provider}", base_url=url, headers=cookie):
        return sync_job(provider, identity(server.extensions["app_config"].key_prefix), datasets, lambda *_: None)


def _calls_counted(url: str, provider: str, redis_client, key_prefix: str):
    """From now on every API call to ``provider`` fails with 503 and is counted: returns a reader of the count."""
    budget = 10_000
    requests.post(
        f"{url}/sandbox/_faults", json={"provider": SANDBOX_NAMES[provider], "status": 503, "count": budget}
    ).raise_for_status()
    (key,) = redis_client.scan_iter(match=f"{key_prefix}*faultbudget:{SANDBOX_NAMES[provider]}")
    return lambda: budget - int(redis_client.get(key))


@pytest.mark.parametrize("provider", ["twitch", "twitter"])
def test_the_first_sign_ins_sync_is_that_days_round_and_the_next_comes_at_the_accounts_time(
    served_server, redis_client, key_prefix, provider
):
    url, server = served_server()
    synced = _page_sync(server, url, provider, _signed_in(url, provider))
    assert set(synced["outcomes"].values()) <= {"ok", "unavailable"}
    account = ACCOUNTS[provider]
    calls = _calls_counted(url, provider, redis_client, key_prefix)
    rounds = Rounds(runtime_of(server))
    assert [a.account_id for a in rounds.due_accounts()] == [account.id]  # never collected: handed a round...
    result = rounds.run_round(provider, account.id)
    assert result.outcome == "collected" and result.requests == 0 and calls() == 0  # ...that asks nothing
    assert runtime_of(server).archive.account(provider, account.id).last_collected_at is not None
    now = datetime.now(UTC)
    assert rounds.due_accounts(now) == []
    next_slot = latest_slot(provider, account.id, now) + timedelta(days=1, minutes=1)
    assert [a.account_id for a in rounds.due_accounts(next_slot)] == [account.id]  # its own time, from day one


@pytest.mark.parametrize("provider", ["twitch", "twitter"])
def test_a_round_never_calls_a_provider_a_sync_has_just_seen_failing(served_server, redis_client, key_prefix, provider):
    url, server = served_server()
    http = _signed_in(url, provider)
    calls = _calls_counted(url, provider, redis_client, key_prefix)
    result = _page_sync(server, url, provider, http)
    assert "error" in set(result.get("outcomes", {}).values()) or result.get("error")
    seen = calls()
    assert seen > 0  # the page's sync tried, and gave up
    rounds = Rounds(runtime_of(server))
    account = ACCOUNTS[provider]
    round_result = rounds.run_round(provider, account.id)
    assert round_result.outcome == "deferred" and calls() == seen  # not one call more...
    assert rounds.due_accounts() == []  # ...until its backoff says so
    assert 0 < redis_client.pttl(f"{key_prefix}round:deferred:{provider}:{account.id}") <= RETRY_SECONDS * 1000
    assert runtime_of(server).archive.account(provider, account.id).last_collected_at is None


# A round is done only when its rows are in -----------------------------------------------------------


# The database drops the round's connection as the round marks itself done: its last write, after every row.
CUT_AT_THE_MARK = """
CREATE FUNCTION cut_the_connection() RETURNS trigger AS $$
BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER cut_at_the_mark BEFORE UPDATE OF last_collected_at ON tracked_accounts
FOR EACH ROW WHEN (NEW.last_collected_at IS NOT NULL) EXECUTE FUNCTION cut_the_connection();
"""


def test_a_round_that_loses_the_database_at_its_end_is_not_marked_and_is_due_again(served_server, postgres_server_url):
    import migrations
    from core.database import create_database_engine
    from tests.helpers.database import PostgresSchema

    schema = PostgresSchema(postgres_server_url)
    engine = create_database_engine(schema.url)
    try:
        migrations.upgrade(engine)
        url, server = served_server(database_url=schema.url)
        sign_in(requests.Session(), url, "twitch", "sandbox_streamer")
        with engine.begin() as connection:
            connection.exec_driver_sql(CUT_AT_THE_MARK)
        rounds, archive = Rounds(runtime_of(server)), runtime_of(server).archive
        moment = slot_on(datetime.now(UTC).date())
        result = rounds.run_round("twitch", STREAMER.id, now=moment)
        assert result.outcome == "failed" and "database" in result.detail  # not "collected"
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER cut_at_the_mark ON tracked_accounts")
        assert archive.account("twitch", STREAMER.id).last_collected_at is None
        deferred = f"{runtime_of(server).key}round:deferred:twitch:{STREAMER.id}"
        assert 0 < runtime_of(server).redis.pttl(deferred) <= RETRY_SECONDS * 1000  # after a backoff, not at once
        runtime_of(server).redis.delete(deferred)  # the backoff over
        assert [a.account_id for a in rounds.due_accounts(moment)] == [STREAMER.id]  # due again, this slot
        assert rounds.run_round("twitch", STREAMER.id, now=moment).outcome in ("collected", "partial")
        assert archive.account("twitch", STREAMER.id).last_collected_at is not None
    finally:
        engine.dispose()
        runtime_of(server).engine.dispose()
        schema.drop()


REFUSE_POSTS = """
CREATE FUNCTION refuse_posts() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the database refuses the posts'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER refuse_posts BEFORE INSERT ON x_posts FOR EACH ROW EXECUTE FUNCTION refuse_posts();
"""


def test_a_sync_whose_history_did_not_all_land_never_counts_as_the_round(served_server, postgres_server_url):
    """The page's sync kept the X counters but not the posts (the database refused them): the round does not
    take that sync for its own, it fetches and writes the posts itself."""
    import migrations
    from core.database import create_database_engine
    from tests.helpers.database import PostgresSchema

    schema = PostgresSchema(postgres_server_url)
    engine = create_database_engine(schema.url)
    try:
        migrations.upgrade(engine)
        url, server = served_server(database_url=schema.url)
        http = _signed_in(url, "twitter")
        with engine.begin() as connection:
            connection.exec_driver_sql(REFUSE_POSTS)
        _page_sync(server, url, "twitter", http)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER refuse_posts ON x_posts")
        runtime = runtime_of(server)
        assert runtime.archive.counters_by_day("twitter", CREATOR.id, date.min, date.max)  # the counters landed
        assert runtime.archive.stored_posts(CREATOR.id) == []  # the posts did not
        result = Rounds(runtime).run_round("twitter", CREATOR.id)
        assert result.outcome == "collected" and result.requests > 0  # a round of its own, not "synced since"
        assert runtime.archive.stored_posts(CREATOR.id)
    finally:
        engine.dispose()
        runtime_of(server).engine.dispose()
        schema.drop()


# The first start's history fill never shows a newcomer the past -------------------------------------


def test_a_simulated_round_is_answered_as_of_its_day_while_everyone_else_gets_now(served_server):
    """The history demo's rounds replay the past; a person who signs in meanwhile sees today's numbers, and
    nothing the rounds fetched is left in the pages' cache looking fetched just now."""
    url, server = served_server()
    http = _signed_in(url, "twitch")
    runtime, rounds = runtime_of(server), Rounds(runtime_of(server))
    past = datetime.now(UTC) - timedelta(days=200)
    assert rounds.run_round("twitch", STREAMER.id, now=past).outcome in ("collected", "partial")
    kept = runtime.archive.counters_by_day("twitch", STREAMER.id, past.date(), past.date())
    assert kept[past.date().isoformat()]["followers"] < STREAMER.followers  # as of that day
    assert runtime.store.status("twitch", STREAMER.id) == {}  # the pages' cache holds none of the past
    assert requests.get(f"{url}/sandbox/_clock").json()["at"] is None  # the sandbox's own clock never moved
    synced = _page_sync(server, url, "twitch", http)
    assert set(synced["outcomes"].values()) <= {"ok", "unavailable"}
    profile = runtime.store.get("twitch", STREAMER.id, "profile")
    assert profile and runtime.store.get("twitch", STREAMER.id, "follower_days")["total"] == STREAMER.followers
    rounds.forget_simulated()
    assert not list(runtime.redis.scan_iter(match=runtime.key + "simulated:*"))
