"""The sandbox's clock under the collector: history-demo fills days of history, X's private metrics outlive
its 30 days in the database, and sampling a stream at simulated times gives the sandbox's own curve."""

from datetime import UTC, date, datetime, timedelta

import requests

from dashboard.analysis.streams import group_streams
from sandbox.twitch import live
from sandbox.twitch import seed as twitch_seed
from sandbox.x import seed as x_seed
from sync.collection.collect import Rounds
from sync.collection.demo import run_history_demo
from sync.collection.sampling import StreamSampler
from tests.helpers.consent import sign_in
from tests.helpers.sandbox_clock import clear_clock, set_clock

STREAMER = twitch_seed.ACCOUNTS["sandbox_streamer"]
CREATOR = x_seed.by_username("sandbox_creator")
DAYS = 6


def test_history_demo_leaves_a_point_for_every_day_and_samples_of_every_broadcast(served_server):
    url, server = served_server()
    runtime = server.extensions["runtime"]
    began = datetime.now(UTC)
    report = run_history_demo(runtime, DAYS)
    assert report.rounds == {"collected": 6 * (DAYS + 1)}, report.problems
    assert requests.get(f"{url}/sandbox/_clock").json()["at"] is None  # the sandbox is back on real time
    today = datetime.now(UTC).date()
    expected_days = [(today - timedelta(days=n)).isoformat() for n in range(DAYS, -1, -1)]
    for provider, account in [("twitch", a.id) for a in twitch_seed.ACCOUNTS.values()] + [
        ("twitter", a.id) for a in x_seed.ACCOUNTS
    ]:
        history = runtime.archive.counters_by_day(provider, account, date.min, date.max)
        assert list(history) == expected_days, (provider, account)
    mega = twitch_seed.ACCOUNTS["sandbox_megastream"]
    followers = [
        c["followers"] for c in runtime.archive.counters_by_day("twitch", mega.id, date.min, date.max).values()
    ]
    assert followers == sorted(followers) and followers[0] < followers[-1]  # it grew, day by day

    now = datetime.now(UTC)
    created = twitch_seed.created_at(STREAMER, twitch_seed.anchor())
    aired = live.broadcasts(STREAMER, int((now - timedelta(days=DAYS)).timestamp()), int(now.timestamp()), created)
    sampled = {s.stream_id for _at, s in runtime.archive.stream_samples(STREAMER.id, now - timedelta(days=8), now)}
    # Every broadcast of 20 minutes or more that was over when the demo began (one airing then may have
    # started after the demo's last simulated sample: the test failed so when run at such a time of day).
    over = {b.id for b in aired if b.ended - b.started > 1200 and b.ended <= began.timestamp()}
    assert over and over <= sampled
    assert report.samples > 0


def test_x_private_metrics_outlive_its_30_days_in_the_database(served_server, redis_client, key_prefix):
    url, server = served_server()
    runtime = server.extensions["runtime"]
    sign_in(requests.Session(), url, "twitter", CREATOR.username)
    then = datetime.now(UTC) - timedelta(days=40)
    set_clock(url, then)
    try:
        assert Rounds(runtime).run_round("twitter", CREATOR.id, now=then).outcome == "collected"
    finally:
        clear_clock(url)
    young_then = {  # the creator's own posts of X's 30 days back then (reposts never carry private metrics)
        p.id: p
        for p in runtime.archive.stored_posts(CREATOR.id)
        if p.created_at > then - timedelta(days=29) and p.kind != "repost"
    }
    assert young_then and all(p.private_impressions is not None for p in young_then.values())
    runtime.store.forget("twitter", CREATOR.id)  # the cache is gone: the next sync starts from the database
    assert Rounds(runtime).run_round("twitter", CREATOR.id, on_demand=True).outcome == "collected"
    kept = {p.id: p for p in runtime.archive.stored_posts(CREATOR.id)}
    # Now more than 30 days old, X serves them no private metrics; the database kept what it had.
    assert all(kept[post_id].private_impressions == post.private_impressions for post_id, post in young_then.items())
    archive = runtime.store.get("twitter", CREATOR.id, "posts")
    assert archive is not None


def test_sampling_a_stream_at_simulated_times_gives_the_sandboxs_curve_to_the_viewer(served_server):
    url, server = served_server()
    runtime = server.extensions["runtime"]
    sign_in(requests.Session(), url, "twitch", STREAMER.login)
    now, anchor = datetime.now(UTC), twitch_seed.anchor()
    created = twitch_seed.created_at(STREAMER, anchor)
    # Over before this hour began: from then on the sandbox answers with the seed's stream of today instead
    # of the slots' (sandbox/twitch/helix.py), so a broadcast running into this hour would change stream.
    done = [
        b
        for b in live.broadcasts(STREAMER, int((now - timedelta(days=8)).timestamp()), int(now.timestamp()), created)
        if b.ended < anchor
    ]
    broadcast = done[-1]
    moments = list(range(broadcast.started + 60, broadcast.ended, 300))  # every five minutes while live
    sampler = StreamSampler(runtime)
    try:
        for moment in moments:
            at = datetime.fromtimestamp(moment, UTC)
            set_clock(url, at)
            assert sampler.poll(at).kept == 1
    finally:
        clear_clock(url)
    samples = runtime.archive.stream_samples(
        STREAMER.id, datetime.fromtimestamp(broadcast.started, UTC), datetime.fromtimestamp(broadcast.ended, UTC)
    )
    (stream,) = group_streams(samples)
    expected = [broadcast.viewers(moment) for moment in moments]
    assert stream.stream_id == broadcast.id and stream.peak == max(expected)
    assert round(stream.average) == round(sum(expected) / len(expected))  # evenly spaced: their mean
    assert stream.started_at == datetime.fromtimestamp(broadcast.started, UTC)


def test_a_second_demo_into_a_new_database_fills_it_though_redis_remembers_the_first(served_server):
    """Someone deletes instance/history.db and starts again: the rounds the first demo marked done in Redis
    do not stop the second from filling the new database."""
    _url, first = served_server()
    began = datetime.now(UTC)
    assert run_history_demo(first.extensions["runtime"], 1, now=began).rounds == {"collected": 6 * 2}
    _url, second = served_server()  # the same Redis, a database of its own
    assert second.extensions["runtime"].archive.is_empty()
    # Minutes later, as a person starting again would be: the sandbox's rate-limit minutes are new ones too.
    again = run_history_demo(second.extensions["runtime"], 1, now=began + timedelta(minutes=3))
    assert again.rounds == {"collected": 6 * 2}
    assert len(second.extensions["runtime"].archive.counters_by_day("twitch", STREAMER.id, date.min, date.max)) == 2


def test_a_round_that_lost_a_dataset_is_run_once_more_so_the_filled_history_has_no_hole(served_server):
    """A provider that fails one request three times over (a loaded machine's timeouts, say) costs the
    demo a second try of that round, not a day missing from the creator's history."""
    url, server = served_server()
    runtime = server.extensions["runtime"]
    spoiled = {"provider": "x", "status": 503, "count": 3, "paths": [f"/users/{CREATOR.id}/tweets"]}
    requests.post(f"{url}/sandbox/_faults", json=spoiled).raise_for_status()
    try:
        report = run_history_demo(runtime, 1)
    finally:
        requests.delete(f"{url}/sandbox/_faults").raise_for_status()
    assert report.tried_again == 1
    assert report.rounds == {"collected": 6 * 2} and report.problems == []
    assert len(runtime.archive.counters_by_day("twitter", CREATOR.id, date.min, date.max)) == 2
