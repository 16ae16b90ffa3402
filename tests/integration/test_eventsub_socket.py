"""EventSub by WebSocket, end to end over real sockets: a Twitch sign-in opens the channel's connection to the
sandbox, whose welcome the app answers by subscribing with the sign-in's token; a stretch told in halves
around a ``session_reconnect``, or around a dropped socket, is kept whole: nothing lost, nothing twice."""

import time

import pytest
import requests

from sandbox.twitch import seed
from tests.helpers.consent import sign_in
from tests.helpers.stream_story import assert_kept_whole, eventually, tell, told_broadcast
from web.eventsub import mend_subscriptions, start_folding

STREAMER = seed.STREAMER


@pytest.fixture
def socket_shard(served_server):
    """The app (WebSocket transport: no public URL), the streamer signed in, its connection subscribed."""
    url, server = served_server()
    folder = start_folding(server)  # the process that folds holds the connections: this one, as locally
    sign_in(requests.Session(), url, "twitch", STREAMER.login)
    eventsub = server.extensions["eventsub"]
    assert eventsub.sockets is not None and eventsub.secret == ""
    shard = eventually(lambda: eventsub.sockets.shards.get(STREAMER.id), what="the channel's connection")
    eventually(lambda: shard.ready and shard.ready == shard.session_id, 30, "its subscriptions")
    yield url, server, shard
    folder.stop()
    eventsub.sockets.close(STREAMER.id)


def _switch(url: str, session_id: str, action: str) -> None:
    """The sandbox's switch: the session's connection is told to reconnect, or dropped."""
    reply = requests.post(
        f"{url}/sandbox/twitch/_eventsub/ws", json={"session_id": session_id, "action": action}, timeout=5
    )
    assert reply.status_code == 200


def _fold_all(server) -> None:
    eventually(lambda: server.extensions["eventsub"].inbox.waiting() == 0, 60, "the inbox to empty")


def _told_whole(url: str, server, between) -> None:
    """Tell a short broadcast in two halves with ``between()`` in the middle; every message of it is kept once."""
    ending = int(time.time())  # the broadcast ends now: its first half, then its second
    broadcast = told_broadcast(tell(url, live_for_minutes=6, ending=ending, to=ending - 180))
    between()
    tell(url, live_for_minutes=6, ending=ending, **{"from": ending - 180})
    time.sleep(1.0)  # the frames still on their way over the socket
    _fold_all(server)
    deadline = time.monotonic() + 20
    while not _whole(server, broadcast) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert_kept_whole(server, broadcast)  # says what differs, when something does
    assert_kept_whole(server, broadcast)


def _whole(server, broadcast) -> bool:
    try:
        assert_kept_whole(server, broadcast)
        return True
    except AssertionError:
        return False


def test_a_sign_in_opens_a_subscribed_socket_and_its_stream_is_kept_to_the_event(socket_shard):
    url, server, shard = socket_shard
    refused = server.extensions["eventsub"].subscriptions.status(STREAMER.id)["refused"]
    assert refused == []  # the sign-in granted every scope the story needs
    _told_whole(url, server, lambda: None)
    assert shard.sessions == 1


def test_a_reconnect_message_is_followed_without_losing_or_repeating_an_event(socket_shard):
    url, server, shard = socket_shard
    session = shard.session_id

    _told_whole(url, server, lambda: _switch(url, session, "reconnect"))
    assert (shard.session_id, shard.sessions) == (session, 1)  # the same session, moved: not subscribed anew


def test_a_dropped_socket_is_replaced_and_subscribed_anew_without_repeating_an_event(socket_shard):
    url, server, shard = socket_shard
    dropped = shard.session_id

    def drop():
        _switch(url, dropped, "drop")
        eventually(lambda: shard.ready not in (None, dropped) and shard.sessions == 2, 40, "a new, subscribed session")

    _told_whole(url, server, drop)


def test_a_restart_opens_each_tracked_channels_socket_with_its_stored_token_and_hears_it_whole(socket_shard):
    url, server, shard = socket_shard
    sockets = server.extensions["eventsub"].sockets
    sockets.close(STREAMER.id)  # as after a restart: no connection, the channel still tracked
    mend_subscriptions(server)
    reopened = eventually(lambda: sockets.shards.get(STREAMER.id), what="the channel's connection again")
    assert reopened is not shard
    eventually(lambda: reopened.ready and reopened.ready == reopened.session_id, 30, "its subscriptions")
    _told_whole(url, server, lambda: None)
    mend_subscriptions(server)  # a second check opens nothing more
    assert sockets.shards[STREAMER.id] is reopened


def test_a_channel_whose_stored_sign_in_is_gone_gets_no_socket_that_retries_forever(socket_shard):
    url, server, _shard = socket_shard
    sockets, archive = server.extensions["eventsub"].sockets, server.extensions["runtime"].archive
    sockets.close(STREAMER.id)
    archive.save_credentials("twitch", STREAMER.id, {})  # no token to subscribe with
    mend_subscriptions(server)
    eventually(lambda: STREAMER.id not in sockets.shards, 20, "the connection to give up")


def test_a_sign_in_through_a_process_that_does_not_fold_opens_no_second_connection(served_server):
    """With a worker folding, the web process that takes the sign-in opens nothing: the worker's check
    does, and a second connection would tell every event twice, under other message ids."""
    url, server = served_server()
    sign_in(requests.Session(), url, "twitch", STREAMER.login)
    sockets = server.extensions["eventsub"].sockets
    time.sleep(1.0)
    assert sockets.shards == {}
    mend_subscriptions(server)  # the folding process's check
    shard = eventually(lambda: sockets.shards.get(STREAMER.id), what="the channel's connection")
    eventually(lambda: shard.ready and shard.ready == shard.session_id, 30, "its subscriptions")
    sockets.close(STREAMER.id)


def test_signing_in_again_replaces_the_connection_and_nothing_is_told_twice(socket_shard):
    url, server, shard = socket_shard
    sockets = server.extensions["eventsub"].sockets
    sign_in(requests.Session(), url, "twitch", STREAMER.login)  # a new token: a new connection replaces the old
    new = eventually(lambda: sockets.shards.get(STREAMER.id) not in (None, shard) and sockets.shards[STREAMER.id])
    eventually(lambda: new.ready and new.ready == new.session_id, 30, "the new connection's subscriptions")
    _told_whole(url, server, lambda: None)  # the old session, closing in the background, adds nothing
