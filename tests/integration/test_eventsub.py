"""EventSub end to end over HTTP: a Twitch sign-in subscribes the channel through a conduit whose webhook
(this app's /eventsub) the sandbox challenges; the sandbox tells a broadcast as signed webhook messages;
the webhook checks each as Twitch documents, the folder counts them into the history database, to the
event, and keeps no message text anywhere."""

import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests

from eventsub.backfill import fill_stories
from eventsub.consumer import Folder
from eventsub.fold import fold
from eventsub.inbox import Inbox
from sandbox.twitch import seed, story
from sync.collection.sampling import StreamSampler
from sync.database.models import Base
from tests.helpers.consent import sign_in
from tests.helpers.sessions import csrf_token
from tests.helpers.stream_story import eventually, expected, kept, tell, told_broadcast
from web.eventsub import start_folding

STREAMER = seed.STREAMER
WANTED_COUNT = 14  # providers/twitch/eventsub.py WANTED: one per type, two for raids (in and out)


@pytest.fixture
def subscribed(served_server):
    """The app served with the sandbox, the streamer signed in, its subscriptions made and the shard enabled."""
    url, server = served_server(twitch_eventsub_transport="webhook")
    http = requests.Session()
    sign_in(http, url, "twitch", STREAMER.login)
    eventsub = server.extensions["eventsub"]
    api = eventsub.subscriptions.api
    subs = eventually(
        lambda: len(api.subscriptions(STREAMER.id)) == WANTED_COUNT and api.subscriptions(STREAMER.id),
        seconds=45,
        what="the channel's subscriptions",
    )
    conduit = api.conduits()[0]["id"]
    eventually(lambda: api.shards(conduit)[0]["status"] == "enabled", what="the shard's challenge")
    yield url, server, http, subs
    if "eventsub_folder" in server.extensions:
        server.extensions["eventsub_folder"].stop()


def _fold_all(server) -> None:
    server.extensions.get("eventsub_folder") or start_folding(server)
    inbox = server.extensions["eventsub"].inbox
    eventually(lambda: inbox.waiting() == 0, 60, "the inbox to empty")


def test_a_sign_in_subscribes_the_channel_through_a_conduit_the_sandbox_challenged(subscribed):
    _url, server, _http, subs = subscribed
    assert {s["type"] for s in subs} >= {"stream.online", "channel.follow", "channel.chat.message", "channel.raid"}
    assert all(s["status"] == "enabled" and s["transport"]["method"] == "conduit" for s in subs)
    # Both raid directions, each its own subscription as Twitch requires.
    assert sorted(next(iter(s["condition"])) for s in subs if s["type"] == "channel.raid") == [
        "from_broadcaster_user_id",
        "to_broadcaster_user_id",
    ]
    assert server.extensions["eventsub"].subscriptions.status(STREAMER.id)["refused"] == []


def test_a_broadcast_told_by_the_sandbox_is_counted_to_the_event_without_any_message_text(
    subscribed, redis_client, key_prefix
):
    url, server, _http, _subs = subscribed
    told = tell(url, live_for_minutes=9)
    assert told["answers"] == {"204": sum(told["sent"].values())}, told
    broadcast = told_broadcast(told)
    want = expected(broadcast)
    assert {"online", "offline", "follow", "raid_in", "ad_break"} <= set(want["kinds"])
    assert sum(len(ids) for ids in want["per_minute"].values()) > 100 and want["emotes"]
    _fold_all(server)
    counts = kept(server)
    assert counts["kinds"] == want["kinds"]
    assert counts["amounts"].get("cheer", 0) == want["bits"]
    assert {m: n for m, (n, _, _) in counts["minutes"].items()} == {
        m: len(ids) for m, ids in want["per_minute"].items()
    }
    assert {m: c for m, (_, c, _) in counts["minutes"].items()} == {
        m: len(set(ids)) for m, ids in want["per_minute"].items()
    }
    assert sum(f for _, _, f in counts["minutes"].values()) == counts["seen"] == want["distinct"]  # all new here
    assert counts["emotes"] == want["emotes"] and counts["chatters"] == want["chatters"]
    # No message text: not in any column of any table, not in Redis.
    engine = server.extensions["runtime"].engine
    with engine.connect() as connection:
        stored = " ".join(
            str(value)
            for table in Base.metadata.sorted_tables
            for row in connection.execute(table.select())
            for value in row
        )
    redis_text = " ".join(
        str(redis_client.dump(key)) for key in redis_client.scan_iter(match=key_prefix + "*", count=1000)
    )
    for text in want["texts"]:
        if len(text) > 6:  # short ones ("gg") are parts of logins
            assert text not in stored and text not in redis_text, text

    # Told again, with every message sent twice and newest first: nothing changes.
    requests.post(
        f"{url}/sandbox/_faults",
        json={"provider": "twitch", "eventsub_duplicates": True, "eventsub_out_of_order": True},
        timeout=5,
    )
    again = tell(url, live_for_minutes=9, ending=broadcast.ended)
    assert again["answers"] == {"204": 2 * sum(told["sent"].values())}
    _fold_all(server)
    assert kept(server) == counts


@pytest.mark.parametrize("fault, status", [("eventsub_bad_signature", 403), ("eventsub_stale", 400)])
def test_messages_twitch_did_not_send_lately_are_refused_and_change_nothing(subscribed, fault, status):
    url, server, _http, _subs = subscribed
    requests.post(f"{url}/sandbox/_faults", json={"provider": "twitch", fault: True}, timeout=5)
    told = tell(url, live_for_minutes=3)
    assert told["answers"] == {str(status): sum(told["sent"].values())} and told["sent"]
    assert server.extensions["eventsub"].inbox.waiting() == 0


def _signed(secret: str, body: bytes, kind: str, message_id: str | None = None, sent: float | None = None) -> dict:
    message_id = message_id or str(uuid.uuid4())
    stamp = datetime.fromtimestamp(sent or time.time(), UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "123Z"
    digest = hmac.new(secret.encode(), message_id.encode() + stamp.encode() + body, hashlib.sha256).hexdigest()
    return {
        "Twitch-Eventsub-Message-Id": message_id,
        "Twitch-Eventsub-Message-Timestamp": stamp,
        "Twitch-Eventsub-Message-Signature": f"sha256={digest}",
        "Twitch-Eventsub-Message-Type": kind,
        "Content-Type": "application/json",
    }


def test_the_webhook_answers_challenges_raw_and_drops_duplicate_ids(served_server):
    url, server = served_server(twitch_eventsub_transport="webhook")
    secret = server.extensions["eventsub"].secret
    challenge = json.dumps(
        {"challenge": "pogchamp-kappa-123", "subscription": {"type": "stream.online", "condition": {}}}
    ).encode()
    reply = requests.post(
        f"{url}/eventsub",
        data=challenge,
        headers=_signed(secret, challenge, "webhook_callback_verification"),
        timeout=5,
    )
    assert (reply.status_code, reply.text, reply.headers["Content-Type"].split(";")[0]) == (
        200,
        "pogchamp-kappa-123",
        "text/plain",
    )
    body = json.dumps(
        {
            "subscription": {"type": "channel.follow", "condition": {"broadcaster_user_id": STREAMER.id}},
            "event": {"user_login": "someone", "followed_at": "2026-12-01T10:00:00.123456789Z"},
        }
    ).encode()
    headers = _signed(secret, body, "notification")
    for _ in range(3):
        assert requests.post(f"{url}/eventsub", data=body, headers=headers, timeout=5).status_code == 204
    assert server.extensions["eventsub"].inbox.waiting() == 1
    # The same message eleven minutes late, or signed with another secret, or with a changed body: refused.
    late = _signed(secret, body, "notification", sent=time.time() - 660)
    assert requests.post(f"{url}/eventsub", data=body, headers=late, timeout=5).status_code == 400
    forged = _signed("another-secret-entirely", body, "notification")
    assert requests.post(f"{url}/eventsub", data=body, headers=forged, timeout=5).status_code == 403
    assert (
        requests.post(
            f"{url}/eventsub", data=body + b" ", headers=_signed(secret, body, "notification"), timeout=5
        ).status_code
        == 403
    )
    assert server.extensions["eventsub"].inbox.waiting() == 1


def test_a_revocation_says_what_stopped_and_disconnect_deletes_every_subscription(subscribed, redis_client, key_prefix):
    url, server, http, _subs = subscribed
    subscriptions = server.extensions["eventsub"].subscriptions
    reply = requests.post(
        f"{url}/sandbox/twitch/_eventsub/revoke",
        json={"user_id": STREAMER.id, "status": "authorization_revoked"},
        timeout=30,
    )
    assert reply.json()["revoked"] == WANTED_COUNT
    revoked = eventually(lambda: subscriptions.status(STREAMER.id).get("revoked"), what="the revocations to be noted")
    assert revoked["channel.follow"] == "you removed this app's access on Twitch"
    # Mended (as at start-up), then disconnected: Twitch keeps nothing of the channel's subscriptions.
    subscriptions.mend([STREAMER.id])
    assert len(subscriptions.api.subscriptions(STREAMER.id)) == WANTED_COUNT
    token = csrf_token(redis_client, key_prefix, http)
    http.post(f"{url}/disconnect/twitch", data={"csrf_token": token, "confirm": "delete"}, timeout=30)
    assert subscriptions.api.subscriptions(STREAMER.id) == []


def test_the_history_demo_folds_each_past_streams_story_once_and_skips_a_chat_too_busy(served_server):
    url, server = served_server()
    sign_in(requests.Session(), url, "twitch", STREAMER.login)  # tracked, as the demo's accounts are
    runtime = server.extensions["runtime"]
    end = datetime.now(UTC) - timedelta(minutes=10)  # today's live stream goes on: a stretch that has ended
    start = end - timedelta(days=4)
    broadcasts = story.broadcasts(STREAMER, start.timestamp(), end.timestamp())
    told = [h for b in broadcasts for h in story.happenings(b, start.timestamp(), end.timestamp())]
    chat = sum(1 for h in told if h.type == "channel.chat.message")
    assert chat > 100
    first = fill_stories(runtime, [STREAMER.id, seed.MEGASTREAM.id], start, end)
    assert (first.folded.chat, first.folded.events + first.folded.chat) == (chat, len(told))
    assert first.too_busy == {seed.MEGASTREAM.id}  # not tracked here either, but told too busy first
    counts = kept(server)
    assert sum(n for n, _, _ in counts["minutes"].values()) == chat
    again = fill_stories(runtime, [STREAMER.id], start, end)
    assert again.folded.repeated == len(told) and kept(server) == counts


@pytest.mark.parametrize("killed", ["before its commit", "after its commit"])
def test_a_batch_a_killed_folder_held_is_folded_once_by_another(subscribed, killed):
    url, server, _http, _subs = subscribed
    told = tell(url, live_for_minutes=4)
    eventsub, runtime = server.extensions["eventsub"], server.extensions["runtime"]
    inbox = Inbox(runtime.redis, runtime.key, stale_ms=300)
    taken = inbox.take("killed-folder", 10_000, 100)  # every message, held and never acknowledged
    assert len(taken) == sum(told["sent"].values())
    if killed == "after its commit":
        with runtime.archive.sessions.begin() as session:
            fold(session, [(message_id, record) for _, message_id, record in taken], runtime.redis, runtime.key)
    time.sleep(0.4)
    folder = Folder(inbox, runtime.archive.sessions, runtime.redis, runtime.key)
    while folder.step(block_ms=100):
        pass
    assert eventsub.inbox.waiting() == 0
    want = expected(told_broadcast(told))
    counts = kept(server)
    assert counts["kinds"] == want["kinds"]
    assert sum(n for n, _, _ in counts["minutes"].values()) == sum(len(ids) for ids in want["per_minute"].values())


def test_a_stream_going_live_is_sampled_at_once_and_not_after_eventsub_says_it_ended(subscribed):
    url, server, _http, _subs = subscribed
    archive = server.extensions["runtime"].archive
    span = (datetime.now(UTC) - timedelta(days=1), datetime.now(UTC) + timedelta(days=1))
    assert archive.stream_samples(STREAMER.id, *span) == []  # no poll runs here: only EventSub's start can sample
    ending = int(time.time())
    tell(url, live_for_minutes=6, ending=ending, to=ending - 120)  # stream.online six minutes ago, no end yet
    _fold_all(server)
    samples = eventually(lambda: archive.stream_samples(STREAMER.id, *span), what="a sample at the stream's start")
    assert len(samples) == 1 and samples[0][1].viewer_count > 0

    tell(url, live_for_minutes=6, ending=ending, **{"from": ending - 120})  # ... and its stream.offline
    _fold_all(server)
    time.sleep(1.1)  # a poll a second later: Helix still lists the stream, EventSub said it ended
    report = StreamSampler(server.extensions["runtime"]).poll()
    assert (report.live, report.kept) == (1, 0)
    assert len(archive.stream_samples(STREAMER.id, *span)) == 1
