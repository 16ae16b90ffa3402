"""The shared sync machinery on a real Redis: record store, daily snapshots, per-dataset job locks and their
takeover when a job dies."""

import threading
import time
from dataclasses import dataclass

from sync.cache import claims as jobs
from sync.cache.claims import SyncJob
from sync.cache.snapshots import Snapshots
from sync.cache.store import DataStore


@dataclass
class Row:
    id: str
    views: int


def test_store_keeps_data_per_account_with_when_it_was_fetched(redis_client, key_prefix):
    store = DataStore(redis_client, key_prefix)
    store.put("twitch", "1", "videos", [Row("a", 3), Row("b", 5)])
    assert store.get("twitch", "1", "videos", type=list[Row]) == [Row("a", 3), Row("b", 5)]
    assert store.get("twitch", "2", "videos") is None  # another account sees nothing of it
    assert store.status("twitch", "1")["videos"].fetched_at is not None
    store.note("twitch", "1", "videos", "Twitch asked us to slow down", "error")
    status = store.status("twitch", "1")["videos"]
    assert (status.notice, status.kind) == ("Twitch asked us to slow down", "error") and status.fetched_at


def test_a_counter_gets_at_most_one_snapshot_a_day_and_keeps_them_all(redis_client, key_prefix):
    snapshots = Snapshots(redis_client, key_prefix)
    assert snapshots.record("twitch", "1", "followers", 10, day="2026-11-01")
    assert not snapshots.record("twitch", "1", "followers", 99, day="2026-11-01")
    assert snapshots.record("twitch", "1", "followers", 12, day="2026-11-02")
    assert snapshots.history("twitch", "1", "followers") == {"2026-11-01": 10, "2026-11-02": 12}
    assert redis_client.ttl(f"{key_prefix}snap:twitch:1:followers") == -1  # never expires


def test_two_tabs_never_sync_the_same_dataset_at_once(redis_client, key_prefix):
    first = SyncJob(redis_client, key_prefix, "twitch", "1")
    second = SyncJob(redis_client, key_prefix, "twitch", "1")
    assert first.claim(["followers", "videos"]) == []
    assert second.claim(["followers", "clips"]) == ["followers"]
    assert second.claimed == ["clips"]
    first.report("followers", 3, 10)
    assert second.progress(["followers"]) == (3, 10)  # the other tab shows the same progress
    first.release()
    assert second.claim(["followers"]) == []


def test_a_job_cannot_release_a_lock_it_lost(redis_client, key_prefix):
    stale = SyncJob(redis_client, key_prefix, "twitch", "1")
    stale.claim(["followers"])
    redis_client.delete(stale._lock("followers"))  # its lock expired...
    fresh = SyncJob(redis_client, key_prefix, "twitch", "1")
    fresh.claim(["followers"])  # ...and another job took the dataset
    stale.release()
    assert SyncJob(redis_client, key_prefix, "twitch", "1").claim(["followers"]) == ["followers"]


def test_a_dataset_whose_job_died_is_taken_over_by_the_job_waiting_for_it(redis_client, key_prefix, monkeypatch):
    monkeypatch.setattr(jobs, "LOCK_SECONDS", 1)  # as a dead job's lock lapses, only sooner
    dead = SyncJob(redis_client, key_prefix, "twitch", "1")
    dead.claim(["followers", "videos"])
    dead.finish("videos")  # it got that far, then its process was killed: no renewals, no release
    waiting = SyncJob(redis_client, key_prefix, "twitch", "1")
    assert waiting.claim(["followers", "videos"]) == ["followers", "videos"]
    started = time.monotonic()
    assert waiting.wait_for(["followers", "videos"], timeout=5) == (["followers"], [])
    assert time.monotonic() - started < 2
    assert waiting.claimed == ["followers"]


def test_a_dataset_its_job_finished_is_not_synced_again_by_the_job_waiting_for_it(redis_client, key_prefix):
    holder = SyncJob(redis_client, key_prefix, "twitch", "1")
    holder.claim(["followers"])
    waiting = SyncJob(redis_client, key_prefix, "twitch", "1")
    waiting.claim(["followers"])
    holder.finish("followers")
    holder.release()
    assert waiting.wait_for(["followers"], timeout=5) == ([], [])
    assert waiting.finished(["followers", "videos"]) == ["followers"]  # its panel is redrawn


def test_stored_records_are_decoded_once_per_fetch(redis_client, key_prefix):
    from sync.cache.reader import StoredRecords

    store = DataStore(redis_client, key_prefix)
    reader = StoredRecords("twitch", {"videos": list[Row]})
    store.put("twitch", "42", "videos", [Row("a", 1)])
    first, status = reader.load(store, "42", ["videos"])
    again, _ = reader.load(store, "42", ["videos"])
    assert first["videos"] == [Row("a", 1)] and again["videos"] is first["videos"]  # kept, not decoded again
    assert status["videos"].fetched_at is not None
    time.sleep(0.01)
    store.put("twitch", "42", "videos", [Row("a", 2)])  # a new sync: decoded afresh
    assert reader.load(store, "42", ["videos"])[0]["videos"] == [Row("a", 2)]


class _Runtime:
    """What run_job reaches of the app's runtime: Redis and the key prefix."""

    def __init__(self, client, key):
        self.redis, self.key = client, key


def _asked(calls: list):
    def work(job, datasets):
        calls.append(sorted(datasets))
        for dataset in datasets:
            job.finish(dataset)
        return {dataset: "synced" for dataset in datasets}

    return work


def test_a_head_start_syncs_what_is_free_and_never_waits_for_the_rest(redis_client, key_prefix):
    from sync.jobs.heartbeat import Heartbeat
    from sync.jobs.runner import run_job

    other_tab = SyncJob(redis_client, key_prefix, "twitch", "1")
    other_tab.claim(["followers"])
    calls: list = []
    started = time.monotonic()
    runtime, beat = _Runtime(redis_client, key_prefix), Heartbeat(redis_client, key_prefix, None)
    outcomes = run_job(
        runtime, "twitch", "1", ["followers", "videos"], _asked(calls), lambda *_: None, beat, wait=False
    )
    assert outcomes == {"videos": "synced"} and calls == [["videos"]]
    assert time.monotonic() - started < 2  # it did not wait for the other tab's followers


def test_a_page_job_does_not_sync_again_what_was_finished_since_the_page_asked(redis_client, key_prefix):
    from sync.jobs.heartbeat import Heartbeat
    from sync.jobs.runner import run_job

    asked_at = time.time()
    head_start = SyncJob(redis_client, key_prefix, "twitch", "1", since=asked_at)
    head_start.claim(["profile", "videos"])
    head_start.finish("profile")  # landed before the page's own job began; videos still being fetched
    progress: list = []
    calls: list = []

    def finish_videos_soon():
        time.sleep(0.5)
        head_start.finish("videos")
        head_start.release()

    threading.Thread(target=finish_videos_soon).start()
    runtime, beat = _Runtime(redis_client, key_prefix), Heartbeat(redis_client, key_prefix, None)
    run_job(
        runtime,
        "twitch",
        "1",
        ["profile", "videos", "clips"],
        _asked(calls),
        lambda *p: progress.append(p),
        beat,
        asked_at,
    )
    assert calls == [["clips"]]  # profile was done, videos was waited for: neither fetched twice
    # The page is told profile landed while it waits (the job's result names every dataset at its end).
    assert any("profile" in finished for *_counts, finished in progress)
