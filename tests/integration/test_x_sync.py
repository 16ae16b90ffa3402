"""The X sync plan against the sandbox over real HTTP with a real Redis: the first walk, increments,
the re-sync's cost, private metrics kept past X's 30 days, daily snapshots, rate limits and ended sign-ins."""

import collections
import math
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from core.errors import SignInExpired
from providers.x import client as client_module
from providers.x.client import private_metrics_start
from providers.x.records import PostArchive
from sandbox.x import gate, seed, timeline
from sync.cache.store import DataStore
from sync.plans import x as plan
from sync.plans.x import XSync

CREATOR, HEAVY, NEW = (seed.by_username(name) for name in ("sandbox_creator", "sandbox_heavy", "sandbox_new"))
KINDS = {"original": "original", "reply": "reply", "quote": "quote", "retweet": "repost"}  # sandbox's: ours
PAGES_AT_CAP = 32  # X's 3,200 posts, 100 a page
BEHAVIOURS = {"documented": {}, "old_posts_as_errors": {"old_posts_as_errors": True}}  # of X's 30-day rule


@pytest.fixture
def stores(redis_client, key_prefix, archive):
    """The Redis store, and the history archive with the sandbox accounts tracked."""
    for account in (CREATOR, HEAVY, NEW):
        archive.enrol("twitter", account.id, account.username, account.name, {"oauth_token": "t"})
    return DataStore(redis_client, key_prefix), archive


@pytest.fixture
def sent(monkeypatch):
    """The query of every request the X client sends, by path."""
    asked = collections.defaultdict(list)
    send = client_module.XClient._send

    def counted(self, path, params):
        asked[path.split("/")[-1]].append(dict(params or {}))
        return send(self, path, params)

    monkeypatch.setattr(client_module.XClient, "_send", counted)
    return asked


def syncer(sandbox, stores, account):
    store, snapshots = stores
    return XSync(sandbox.client(account.username), store, snapshots, account.id, account.username)


def archive(stores, account) -> PostArchive:
    return stores[0].get("twitter", account.id, "posts", type=PostArchive)


def asks_private(query: dict) -> bool:
    return "non_public_metrics" in query["tweet.fields"]


def test_first_sync_walks_the_heavy_timeline_to_the_cap(sandbox, stores, sent):
    outcomes = syncer(sandbox, stores, HEAVY).run()
    assert outcomes == {"profile": "ok", "posts": "ok"}
    stored = archive(stores, HEAVY)
    assert [post.id for post in stored.posts] == [post.id for post in seed.posts(HEAVY)[:3200]]
    assert stored.walked_at is not None
    # The walk with public fields, and beside it the private metrics of the 30 days, asked for apart.
    in_30_days = sum(post.created_at >= private_metrics_start() for post in seed.posts(HEAVY))
    assert (len(sent["me"]), len(sent["tweets"])) == (1, 32 + math.ceil(in_30_days / 100))
    assert sorted(asks_private(query) for query in sent["tweets"]) == [False] * 32 + [True] * (len(sent["tweets"]) - 32)
    assert asks_private(sent["tweets"][1]) or asks_private(sent["tweets"][2])  # from the first page on, not after
    assert stores[0].get("twitter", HEAVY.id, "profile", type=plan.XUser).followers == HEAVY.followers
    young = [
        post for post in seed.posts(HEAVY) if post.created_at >= private_metrics_start() and post.kind != "retweet"
    ]
    assert {post.id: post.profile_clicks for post in stored.posts if post.profile_clicks is not None} == {
        post.id: post.non_public_metrics["user_profile_clicks"] for post in young
    }


def test_resync_of_an_unchanged_account_asks_only_for_the_refresh_window(sandbox, stores, sent):
    sync = syncer(sandbox, stores, HEAVY)
    sync.run()
    sent.clear()
    sync.run()
    window_start = datetime.now(UTC) - plan.REFRESH_WINDOW
    in_window = sum(post.created_at >= window_start for post in seed.posts(HEAVY))
    assert len(sent["me"]) == 1
    # The window's pages twice: public fields for the walk, and the private metrics beside it.
    assert len(sent["tweets"]) == 2 * math.ceil(in_window / 100) == 10
    assert sorted(asks_private(query) for query in sent["tweets"]) == [False] * 5 + [True] * 5
    assert all("start_time" in query and "since_id" not in query for query in sent["tweets"])
    assert len(archive(stores, HEAVY).posts) == 3200


def test_since_id_picks_up_only_the_new_posts(sandbox, stores, sent, monkeypatch):
    sync = syncer(sandbox, stores, CREATOR)
    sync.run(["posts"])
    stored = archive(stores, CREATOR)
    # Three posts "appear" on X: forget them here. A tiny window puts the newest stored post outside it.
    stores[0].put("twitter", CREATOR.id, "posts", PostArchive(stored.posts[3:], stored.walked_at))
    monkeypatch.setattr(plan, "REFRESH_WINDOW", timedelta(minutes=1))
    sent.clear()
    fetched, merge = [], plan.merge
    monkeypatch.setattr(plan, "merge", lambda known, new, *rest: fetched.extend(new) or merge(known, new, *rest))
    sync.run(["posts"])
    # The new posts are young: the private metrics of X's 30 days come in a request of their own.
    assert [query.get("since_id") for query in sent["tweets"]] == [stored.posts[3].id, None]
    assert "start_time" in sent["tweets"][1]
    assert [post.id for post in fetched[:3]] == [post.id for post in stored.posts[:3]]
    assert fetched[0].profile_clicks is not None
    assert [post.id for post in archive(stores, CREATOR).posts] == [post.id for post in stored.posts]


def test_private_metrics_survive_a_resync_after_x_stops_serving_them(sandbox, stores, monkeypatch):
    sync = syncer(sandbox, stores, CREATOR)
    sync.run(["posts"])
    first = {post.id: post for post in archive(stores, CREATOR).posts}
    recent = [post for post in seed.posts(CREATOR) if post.kind != "retweet"][:5]
    assert all(first[post.id].profile_clicks == post.non_public_metrics["user_profile_clicks"] for post in recent)
    monkeypatch.setattr(timeline, "PRIVATE_METRICS_AGE", timedelta(0))  # X's 30 days are over for every post
    before = stores[0].status("twitter", CREATOR.id)["posts"].fetched_at
    sync.run(["posts"])
    assert stores[0].status("twitter", CREATOR.id)["posts"].fetched_at > before
    kept = {post.id: post for post in archive(stores, CREATOR).posts}
    for post in recent:
        assert kept[post.id].profile_clicks == post.non_public_metrics["user_profile_clicks"]
        assert kept[post.id].private_impressions == post.non_public_metrics["impression_count"]
        assert kept[post.id].profile_ctr is not None


@pytest.mark.parametrize("behaviour", BEHAVIOURS.values(), ids=BEHAVIOURS)
def test_posts_older_than_30_days_keep_their_private_metrics_across_a_weekly_full_walk(
    sandbox, stores, sent, behaviour
):
    sandbox.faults(**behaviour)
    sync = syncer(sandbox, stores, CREATOR)
    sync.run(["posts"])
    first = archive(stores, CREATOR)
    month_ago = datetime.now(UTC) - timedelta(days=31)
    old = [post for post in first.posts if post.created_at < month_ago]
    assert len(old) > 300 and all(post.profile_clicks is None for post in old)
    # As if each old post had been fetched while young, and the last full walk were 8 days ago.
    kept = {post.id: n for n, post in enumerate(old, start=1)}
    seen_young = [replace(post, profile_clicks=kept[post.id]) if post.id in kept else post for post in first.posts]
    stores[0].put("twitter", CREATOR.id, "posts", PostArchive(seen_young, time.time() - 8 * 86_400))
    sent.clear()
    assert sync.run(["posts"]) == {"posts": "ok"}
    after = archive(stores, CREATOR)
    assert after.walked_at > first.walked_at and len(sent["tweets"]) == math.ceil(CREATOR.post_count / 100) + 1
    assert [post.id for post in after.posts] == [post.id for post in seed.posts(CREATOR)]
    assert {post.id: post.profile_clicks for post in after.posts if post.id in kept} == kept


def test_an_endless_next_token_ends_the_walk_at_x_cap(sandbox, stores, sent, monkeypatch):
    # Unbounded, the walk would run into this limit (a RateLimited), not on for ever.
    monkeypatch.setitem(gate.RATE_LIMITS, "users_tweets", 2 * PAGES_AT_CAP + 5)
    sandbox.faults(endless_next_token=True)  # 5,000 posts past X's cap, then empty pages with tokens
    assert syncer(sandbox, stores, HEAVY).run(["posts"]) == {"posts": "ok"}
    assert [post.id for post in archive(stores, HEAVY).posts] == [post.id for post in seed.posts(HEAVY)[:3200]]
    assert len(sent["tweets"]) == 2 * PAGES_AT_CAP  # the walk, then the private metrics' pages: each bounded


def test_non_numeric_ids_sink_nothing(sandbox, stores, monkeypatch):
    sandbox.faults(non_numeric_ids=True)  # every tenth post id is not a number, as 2.167's type allows
    sync = syncer(sandbox, stores, CREATOR)
    assert sync.run() == {"profile": "ok", "posts": "ok"}
    stored = archive(stores, CREATOR)
    assert [post.created_at for post in stored.posts] == [post.created_at for post in seed.posts(CREATOR)]
    assert sum(not post.id.isdigit() for post in stored.posts) == CREATOR.post_count // 10
    # The newest stored post has a non-numeric id and is older than the window: found by its time instead.
    odd = next(n for n, post in enumerate(stored.posts) if not post.id.isdigit())
    stores[0].put("twitter", CREATOR.id, "posts", PostArchive(stored.posts[odd:], stored.walked_at))
    monkeypatch.setattr(plan, "REFRESH_WINDOW", timedelta(minutes=1))
    assert sync.run(["posts"]) == {"posts": "ok"}
    assert [post.id for post in archive(stores, CREATOR).posts] == [post.id for post in stored.posts]


@pytest.mark.parametrize("spelling", [{}, {"new_field_names": True}], ids=["documented", "new_field_names"])
def test_post_kinds_are_read_in_either_spelling(sandbox, stores, spelling):
    sandbox.faults(**spelling)
    assert syncer(sandbox, stores, CREATOR).run(["posts"]) == {"posts": "ok"}
    stored = archive(stores, CREATOR).posts
    assert [post.kind for post in stored] == [KINDS[post.kind] for post in seed.posts(CREATOR)]
    assert sum(post.organic_reposts or 0 for post in stored) > 0


def test_counters_kept_once_a_day_in_the_database(sandbox, stores):
    sync = syncer(sandbox, stores, CREATOR)
    sync.run(["profile"])
    second = time.time()
    sync.run(["profile"])
    (counters,) = stores[1].counters_by_day("twitter", CREATOR.id, date.min, date.max).values()
    assert counters.pop("read_at") >= second  # the day's latest reading, and when it was read
    assert counters == {
        "followers": CREATOR.followers,
        "following": CREATOR.following,
        "posts": CREATOR.post_count,
        "listed": CREATOR.listed,
    }


def test_merge_keeps_old_posts_and_drops_the_deleted_ones_of_the_span_fetched():
    now = datetime.now(UTC)
    old = plan.XPost(id="1", created_at=now - timedelta(days=90), profile_clicks=7)
    gone = plan.XPost(id="2", created_at=now - timedelta(days=2))
    kept = plan.XPost(id="3", created_at=now - timedelta(days=1), profile_clicks=4, likes=1)
    refetched = replace(kept, profile_clicks=None, likes=9)
    merged = plan.merge([kept, gone, old], [refetched], dropped_after=now - timedelta(days=30))
    assert [(p.id, p.likes, p.profile_clicks) for p in merged] == [("3", 9, 4), ("1", 0, 7)]


def test_a_rate_limit_keeps_the_stored_posts_and_says_when(sandbox, stores):
    sync = syncer(sandbox, stores, CREATOR)
    sync.run()
    sandbox.faults(status=429)
    assert sync.run() == {"profile": "error", "posts": "error"}
    status = stores[0].status("twitter", CREATOR.id)["posts"]
    assert status.kind == "error" and "fresh data after" in status.notice
    assert len(archive(stores, CREATOR).posts) == CREATOR.post_count


@pytest.mark.parametrize("reply", [{}, {"unauthorized_without_code": True}], ids=["code_89", "plain_problem"])
def test_an_expired_token_ends_the_sign_in(sandbox, stores, reply):
    sync = syncer(sandbox, stores, CREATOR)
    sandbox.faults(expire_tokens=True, **reply)
    with pytest.raises(SignInExpired):
        sync.run()


def test_an_empty_account_syncs_to_an_empty_archive(sandbox, stores):
    assert syncer(sandbox, stores, NEW).run() == {"profile": "ok", "posts": "ok"}
    assert archive(stores, NEW).posts == []


def test_a_job_whose_x_sign_in_ended_drops_only_the_x_token(sandbox, redis_url, redis_client, key_prefix):
    from core.vault import TokenVault, fernet_from
    from sync import runtime
    from sync.jobs.runner import sync_job
    from tests.helpers.config import app_config

    config = app_config(redis_url, key_prefix, sandbox_url=sandbox.root)
    vault = TokenVault(redis_client, fernet_from(config.secret_key), key_prefix, ttl_seconds=600)
    runtime.register(config, redis_client, vault)
    vault_id = TokenVault.new_id()
    vault.put(vault_id, "twitter", sandbox.token(CREATOR.username))
    vault.put(vault_id, "twitch", {"access_token": "still-good"})
    sandbox.faults(expire_tokens=True)  # X answers 401 with code 89
    identity = {
        "app": key_prefix,
        "vault": vault_id,
        "accounts": {"twitter": CREATOR.id, "twitch": "1"},
        "usernames": {"twitter": CREATOR.username},
    }
    assert sync_job("twitter", identity, ["profile", "posts"], lambda *progress: None)["expired"]
    assert vault.get(vault_id, "twitter") is None
    assert vault.get(vault_id, "twitch") == {"access_token": "still-good"}
