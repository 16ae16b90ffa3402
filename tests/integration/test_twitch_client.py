"""The Helix client and the sync plan against the sandbox over real HTTP."""

import itertools
import threading
import time
from datetime import date

import pytest
import requests
from flask import Flask

from core.errors import ProviderUnavailable, RateLimited, SignInExpired
from core.units import QUARTER_HOUR
from providers.twitch import oauth as auth
from providers.twitch.records import FollowerDays
from sandbox import init_sandbox
from sandbox.twitch import generate, ratelimit, seed
from sandbox.twitch.timefmt import parse_rfc3339
from sync.cache.store import DataStore
from sync.plans.twitch import TwitchSync
from tests.helpers.servers import LiveServer
from tests.helpers.twitch_sandbox import VaultBox, sandbox_app, sandbox_token

MEGA, STREAMER, NEWBIE = seed.MEGASTREAM, seed.STREAMER, seed.NEWBIE


@pytest.fixture
def server(redis_client, key_prefix):
    app = Flask(__name__)
    init_sandbox(app, redis_client, key_prefix)
    live = LiveServer(app)
    yield live.url
    live.stop()


def fault(server, **switches):
    requests.post(f"{server}/sandbox/_faults", json={"provider": "twitch", **switches}).raise_for_status()


def client_for(server, login, redis_client, key_prefix):
    return VaultBox(sandbox_token(server, login), redis_client, key_prefix).client(sandbox_app(server))


def test_followers_page_to_the_end_newest_first(server, redis_client, key_prefix):
    client = client_for(server, "sandbox_megastream", redis_client, key_prefix)
    pages = list(client.follower_pages(MEGA.id))
    followers = [f for _, page, _ in pages for f in page]
    assert len(pages) == 524 and len(followers) == MEGA.followers == pages[0][0]
    assert len({f.user_id for f in followers}) == MEGA.followers
    times = [f.followed_at for f in followers]
    assert times == sorted(times, reverse=True)


def test_resync_stops_at_the_first_stored_follower_and_costs_one_request_per_endpoint(
    server, redis_client, key_prefix, archive
):
    client = client_for(server, "sandbox_megastream", redis_client, key_prefix)
    store, snaps = DataStore(redis_client, key_prefix), archive
    archive.enrol("twitch", MEGA.id, MEGA.login, MEGA.display_name, {"refresh_token": "r"})
    assert set(TwitchSync(client, store, snaps, MEGA.id).run().values()) == {"ok"}
    days = store.get("twitch", MEGA.id, "follower_days")
    assert days["total"] == MEGA.followers and sum(days["counts"]) == MEGA.followers
    assert store.get("twitch", MEGA.id, "followers") is None  # daily counts only, not the list
    before = client.requests
    TwitchSync(client, store, snaps, MEGA.id).run()
    # users + followers, subscriptions, bits, channels, streams, videos, clips, schedule, goals
    assert client.requests - before == 10
    # The day's counters are in the database once, however often it syncs; VOD views walked once a day.
    (day,) = archive.counters_by_day("twitch", MEGA.id, date.min, date.max).values()
    assert day["followers"] == MEGA.followers and day["vod_views"] > 0


def test_times_without_a_zone_are_read_as_utc(server, redis_client, key_prefix):
    client = client_for(server, "sandbox_streamer", redis_client, key_prefix)
    fault(server, zoneless_times=True)  # "2026-11-30 03:31:53", as Twitch's CLI mock API sends them
    channel = generate.channel_data(STREAMER, seed.anchor())
    clips = [clip for page in client.clip_pages(STREAMER.id) for clip in page]
    assert {clip.id: clip.created_at for clip in clips} == {clip["id"]: clip["_at"] for clip in channel.clips}
    videos = [video for page in client.video_pages(STREAMER.id) for video in page]
    assert {video.id: video.created_at for video in videos} == {
        video["id"]: parse_rfc3339(video["created_at"]) for video in channel.videos
    }
    _, followers, _cursor = next(client.follower_pages(STREAMER.id))
    assert all(follower.followed_at > 0 for follower in followers)
    assert client.own_user().created_at > 0


def test_non_affiliate_panels_explain_instead_of_failing(server, redis_client, key_prefix, archive):
    client = client_for(server, "sandbox_newbie", redis_client, key_prefix)
    store, snaps = DataStore(redis_client, key_prefix), archive
    outcomes = TwitchSync(client, store, snaps, NEWBIE.id).run()
    assert outcomes["subscriptions"] == outcomes["bits"] == "unavailable"
    assert outcomes["followers"] == outcomes["videos"] == "ok"
    assert "Affiliate" in store.status("twitch", NEWBIE.id)["subscriptions"].notice


def test_429_far_from_reset_raises_without_looping(server, redis_client, key_prefix, monkeypatch):
    client = client_for(server, "sandbox_streamer", redis_client, key_prefix)
    monkeypatch.setattr(ratelimit, "FAULT_RESET_SECONDS", 60)
    fault(server, status=429, count=5)
    with pytest.raises(RateLimited) as raised:
        client.own_user()
    assert raised.value.reset_at is not None and client.requests == 1


def test_429_with_a_close_reset_is_waited_out_once(server, redis_client, key_prefix, monkeypatch):
    client = client_for(server, "sandbox_streamer", redis_client, key_prefix)
    monkeypatch.setattr(ratelimit, "FAULT_RESET_SECONDS", 1)
    fault(server, status=429, count=1)
    assert client.own_user().login == "sandbox_streamer" and client.requests == 2


def test_5xx_retries_are_bounded(server, redis_client, key_prefix):
    client = client_for(server, "sandbox_streamer", redis_client, key_prefix)
    fault(server, status=503, count=10)
    with pytest.raises(ProviderUnavailable):
        client.own_user()
    left = int(redis_client.get(f"{key_prefix}sandbox:faultbudget:twitch"))
    assert 10 - left == 3  # the first try and two retries


def test_one_refresh_under_concurrent_401s(server, redis_client, key_prefix, monkeypatch):
    app = sandbox_app(server)
    token = sandbox_token(server, "sandbox_streamer")
    live = auth.refresh(app, token["refresh_token"])  # the stored access token is now dead
    box = VaultBox({**token, "refresh_token": live["refresh_token"]}, redis_client, key_prefix)
    calls = []
    real_refresh = auth.refresh
    monkeypatch.setattr(auth, "refresh", lambda *a: calls.append(1) or real_refresh(*a))
    clients = [box.client(app) for _ in range(8)]
    results, gate = [], threading.Barrier(len(clients))

    def call(client):
        gate.wait()
        results.append(client.own_user().login)

    threads = [threading.Thread(target=call, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == ["sandbox_streamer"] * 8
    assert len(calls) == 1
    assert box.token["access_token"] != token["access_token"]


def test_revoked_token_ends_the_sign_in(server, redis_client, key_prefix):
    app = sandbox_app(server)
    box = VaultBox(sandbox_token(server, "sandbox_streamer"), redis_client, key_prefix)
    auth.revoke(app, box.token)
    with pytest.raises(SignInExpired):
        box.client(app).own_user()
    assert box.token is None  # the keeper forgot it: the web layer then ends the Twitch sign-in


def test_hourly_validation_of_a_revoked_token_ends_the_sign_in(server, redis_client, key_prefix):
    app = sandbox_app(server)
    box = VaultBox(sandbox_token(server, "sandbox_streamer"), redis_client, key_prefix)
    box.token["validated_at"] = time.time() - 3700
    auth.revoke(app, box.token)
    with pytest.raises(SignInExpired):
        box.client(app).ensure_valid()


def test_a_hanging_twitch_ends_the_whole_sync_by_its_deadline_asking_for_the_user_once(
    server, redis_client, key_prefix, archive
):
    from providers.http import Deadline

    client = client_for(server, "sandbox_streamer", redis_client, key_prefix)
    client.deadline = Deadline(2)
    users, send = [], client._send

    def counted(path, params):
        users.extend([path] if path == "users" else [])
        return send(path, params)

    client._send = counted
    fault(server, hang_seconds=10)
    started = time.monotonic()
    outcomes = TwitchSync(client, DataStore(redis_client, key_prefix), archive, STREAMER.id).run()
    assert time.monotonic() - started < 3
    assert set(outcomes.values()) == {"error"}
    assert len(users) == 1  # profile, subscriptions and bits share the failed lookup


def test_a_first_follower_walk_cut_short_resumes_from_its_checkpoint(server, redis_client, key_prefix, archive):
    client = client_for(server, "sandbox_megastream", redis_client, key_prefix)
    store, snaps = DataStore(redis_client, key_prefix), archive
    asked, outage, send = [], [], client._send

    def counted(path, params):
        asked.append(path)
        if not outage and asked.count("channels/followers") == 100:  # Twitch goes down at page 100 of 524
            outage.append(fault(server, status=503, paths=["/helix/channels/followers"]))
        return send(path, params)

    client._send = counted
    assert TwitchSync(client, store, snaps, MEGA.id).run(["followers"]) == {"followers": "error"}
    requests.delete(f"{server}/sandbox/_faults")
    asked.clear()
    assert TwitchSync(client, store, snaps, MEGA.id).run(["followers"]) == {"followers": "ok"}
    # Saved every 10 pages: resumed from page 91 (the last save before page 100), not from page one.
    assert asked.count("channels/followers") == 524 - 90
    days = store.get("twitch", MEGA.id, "follower_days")
    assert sum(days["counts"]) == days["total"] == MEGA.followers  # no page counted twice, none left out
    assert store.get("twitch", MEGA.id, "followers") is None  # the list itself is not kept


def test_a_re_walk_counts_only_the_followers_since_the_last_and_stops_without_the_list(
    server, redis_client, key_prefix, archive
):
    client = client_for(server, "sandbox_megastream", redis_client, key_prefix)
    store, snaps = DataStore(redis_client, key_prefix), archive
    TwitchSync(client, store, snaps, MEGA.id).run(["followers"])
    full = store.get("twitch", MEGA.id, "follower_days", type=FollowerDays)
    # As if the last sync had happened before the newest 150 followers came: their counts out, the 151st newest.
    (_, page_one, _), (_, page_two, _) = itertools.islice(client.follower_pages(MEGA.id), 2)
    newer, marker = (page_one + page_two)[:150], (page_one + page_two)[150]
    counts = dict(zip(full.quarters, full.counts))
    for follower in newer:
        counts[follower.followed_at // QUARTER_HOUR] -= 1
    quarters = sorted(counts)
    earlier = FollowerDays(
        full.total - 150, quarters, [counts[q] for q in quarters], marker.followed_at, [marker.user_id]
    )
    store.put("twitch", MEGA.id, "follower_days", earlier)
    before = client.requests
    TwitchSync(client, store, snaps, MEGA.id).run(["followers"])
    assert client.requests - before == 2  # the two pages holding the 150 new followers, not 524
    again = store.get("twitch", MEGA.id, "follower_days", type=FollowerDays)
    assert (again.total, dict(zip(again.quarters, again.counts))) == (full.total, dict(zip(full.quarters, full.counts)))


def test_counts_kept_before_the_newest_follower_was_are_counted_afresh_and_the_old_list_goes(
    server, redis_client, key_prefix, archive
):
    client = client_for(server, "sandbox_streamer", redis_client, key_prefix)
    store, snaps = DataStore(redis_client, key_prefix), archive
    store.put("twitch", STREAMER.id, "followers", {"ids": ["1"], "logins": ["a"], "followed_at": [5]})
    store.put(
        "twitch", STREAMER.id, "follower_days", FollowerDays(1, [0], [1])
    )  # as versions before the newest kept them
    TwitchSync(client, store, snaps, STREAMER.id).run(["followers"])
    days = store.get("twitch", STREAMER.id, "follower_days", type=FollowerDays)
    assert sum(days.counts) == days.total == STREAMER.followers and days.newest_ids
    assert store.get("twitch", STREAMER.id, "followers") is None


def test_the_subscriber_totals_land_after_the_first_page_and_the_tiers_after_the_walk(
    server, redis_client, key_prefix, archive
):
    from providers.twitch.records import SubscriberSummary
    from sync.cache.claims import SyncJob

    client = client_for(server, "sandbox_megastream", redis_client, key_prefix)
    store, job = DataStore(redis_client, key_prefix), SyncJob(redis_client, key_prefix, "twitch", MEGA.id)
    seen = []  # what a page redrawing at each write would show, and whether the job had said so yet
    put = store.put

    def watched(provider, account, dataset, value):
        put(provider, account, dataset, value)
        if dataset == "subscriptions":
            seen.append((value.counted, value.total, sum(value.tiers), job.finished(["subscriptions"])))

    store.put = watched
    job.claim(["subscriptions"])
    assert TwitchSync(client, store, archive, MEGA.id, job).run(["subscriptions"]) == {"subscriptions": "ok"}
    (early_counted, early_total, _, early_marks), (final_counted, final_total, tiers, _) = seen
    assert early_total == final_total == MEGA.subscriptions and early_counted == 100 and final_counted is None
    assert tiers == MEGA.subscriptions and "subscriptions:early" not in early_marks  # marked after the write
    assert set(job.finished(["subscriptions"])) == {"subscriptions", "subscriptions:early"}
    # A sync after a walk cut short does not take the partial totals for the whole list.
    store.put("twitch", MEGA.id, "subscriptions", SubscriberSummary(MEGA.subscriptions, 1, counted=100))
    TwitchSync(client, store, archive, MEGA.id).run(["subscriptions"])
    assert store.get("twitch", MEGA.id, "subscriptions", type=SubscriberSummary).complete
