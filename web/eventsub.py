"""POST /eventsub: Twitch's EventSub webhook (the conduit's shard), checked as Twitch documents it.

Every message is checked before anything else: the HMAC-SHA256 signature over message id,
timestamp and raw body (403 when it fails), then the 10-minute replay window. A verification
challenge is answered with the raw challenge as text/plain; a revocation is noted for the channel's
page; a notification's record is queued once per message id (eventsub/inbox.py) and answered 204 at
once, so Twitch never waits on the database and never resends what was kept. With EventSub off
(no secret, no public address) the route answers 404.

Also here: the chores the web side starts (a channel's subscriptions at sign-in, in a thread; their
deletion at "Disconnect and delete"; the start-up check and the folder in a serving process).
"""

import contextlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field

import redis
from flask import Blueprint, Flask, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from core.config import Config
from core.connections import single_connection_client
from core.errors import ProviderError, SignInExpired
from eventsub.consumer import Folder
from eventsub.inbox import Inbox
from eventsub.intake import take
from eventsub.sockets import ChannelSockets
from eventsub.subscriptions import Subscriptions, safely
from providers.twitch import eventsub as protocol
from providers.twitch.eventsub_api import EventSubApi
from sync.collection.sampling import StreamSampler
from sync.database.archive import HistoryUnavailable
from sync.database.history import tracked_accounts
from sync.jobs.clients import tracked_user_token
from sync.runtime import Runtime
from sync.upstreams import eventsub_socket_url, twitch_app

log = logging.getLogger(__name__)

blueprint = Blueprint("eventsub", __name__)
MEND_ATTEMPTS, MEND_PAUSE_SECONDS = 5, 3.0
SOCKET_CHECK_SECONDS = 60.0
FOLDER_REDIS_SECONDS = 5.0  # longer than the folder's 1 s blocking read
MAX_BODY = 512 * 1024  # Twitch's messages are a few KB; a chat message at most ~10 KB


@dataclass
class EventSub:
    secret: str = field(repr=False)  # the webhook's; "" with the WebSocket transport
    inbox: Inbox
    subscriptions: Subscriptions
    sockets: ChannelSockets | None = None  # the WebSocket transport's connections, one per channel


def init_eventsub(server: Flask, config: Config, runtime: Runtime) -> EventSub | None:
    """Wire EventSub: by webhook when it has a secret and a public address, else by WebSocket (the route is
    there either way, and answers 404 unless webhooks are on)."""
    server.register_blueprint(blueprint)
    api, inbox = EventSubApi(twitch_app(config)), Inbox(runtime.redis, config.key_prefix)
    if config.eventsub_transport == "websocket":
        subscriptions = Subscriptions(api, runtime.redis, config.key_prefix, "", "")
        sockets = ChannelSockets(api, inbox, subscriptions, eventsub_socket_url(config))
        wired = EventSub("", inbox, subscriptions, sockets)
        log.info("EventSub: by WebSocket, a connection per channel signed in here")
    else:
        secret, callback = config.eventsub_secret, config.eventsub_callback
        if not secret or not callback:
            log.info("EventSub: off (set TWITCH_EVENTSUB_SECRET and FRONT_END_URL); streams are polled only")
            return None
        wired = EventSub(secret, inbox, Subscriptions(api, runtime.redis, config.key_prefix, callback, secret))
    server.extensions["eventsub"] = wired
    return wired


def wired() -> EventSub | None:
    return current_app.extensions.get("eventsub")


@blueprint.post("/eventsub")
def receive():
    eventsub = wired()
    if eventsub is None or eventsub.sockets is not None:
        return _text("EventSub's webhook is not on here", 404)
    if (request.content_length or 0) > MAX_BODY:
        return _text("too large", 413)
    body = request.get_data(cache=False)
    try:
        message_id, kind, sent_at = protocol.check(eventsub.secret, request.headers, body, time.time())
    except protocol.Refused as refused:
        return _text(refused.reason, refused.status)
    try:
        message = json.loads(body)
        message["subscription"]["type"]  # noqa: B018 - every message names its subscription
    except (ValueError, KeyError, TypeError):
        return _text("body not understood", 400)
    if kind == protocol.CHALLENGE:
        return _text(str(message.get("challenge", "")), 200)
    if kind in (protocol.REVOCATION, protocol.NOTIFICATION):
        take(eventsub.inbox, eventsub.subscriptions, kind, message_id, sent_at, message)
        return "", 204
    return _text("message type not known", 400)


def _text(text: str, status: int) -> Response:
    return Response(text, status=status, mimetype="text/plain")


# Chores ---------------------------------------------------------------------------------------------


def enrol_later(channel_id: str, token: dict) -> None:
    """Subscribe a channel that just signed in, in the background: the sign-in does not wait for Twitch. By
    WebSocket, its connection opens with the channel's stored token (this sign-in's, fresh)."""
    eventsub = wired()
    if eventsub is None:
        return
    if eventsub.sockets is not None:
        # The process that folds holds the connections (a worker, or this one locally); elsewhere its next
        # check, within SOCKET_CHECK_SECONDS, opens this one: two would tell each event twice, by two ids.
        if "eventsub_folder" in current_app.extensions:
            eventsub.sockets.open(channel_id, _user_token(current_app.extensions["runtime"], channel_id, token))
        return
    subs = eventsub.subscriptions
    threading.Thread(target=safely, args=(lambda: subs.enrol(channel_id), "subscribing a channel"), daemon=True).start()


def drop_channel(channel_id: str) -> None:
    eventsub = wired()
    if eventsub is None:
        return
    if eventsub.sockets is not None:
        eventsub.sockets.close(channel_id, wait=False)  # its session ends, and every subscription on it
        return
    safely(lambda: eventsub.subscriptions.drop(channel_id), "deleting a channel's subscriptions")


def start_folding(server: Flask) -> Folder | None:
    """In a serving process with local jobs (or a worker): fold the inbox, and check every tracked channel's
    subscriptions once, in the background."""
    eventsub: EventSub | None = server.extensions.get("eventsub")
    if eventsub is None or "eventsub_folder" in server.extensions:
        return None
    runtime: Runtime = server.extensions["runtime"]
    # A connection of its own: the folder waits on the inbox a second at a time, never holding one of the pool's.
    client = single_connection_client(server.extensions["redis_store"], FOLDER_REDIS_SECONDS)
    folder = Folder(
        Inbox(client, runtime.key),
        runtime.archive.sessions,
        client,
        runtime.key,
        went_live=lambda channels: threading.Thread(
            target=sample_now, args=(runtime, channels), name="eventsub-sample", daemon=True
        ).start(),
    ).start()
    server.extensions["eventsub_folder"] = folder

    threading.Thread(target=_keep_subscribed, args=(server,), name="eventsub-mend", daemon=True).start()
    return folder


def _keep_subscribed(server: Flask) -> None:
    """Webhook subscriptions are Twitch's to keep: checked once. WebSocket connections are this process's:
    checked again and again, for channels signed in or deleted through another process."""
    mend_subscriptions(server)
    sockets = server.extensions["eventsub"].sockets
    while sockets is not None and not server.extensions["eventsub_folder"].stopped:
        time.sleep(SOCKET_CHECK_SECONDS)
        mend_subscriptions(server)


def sample_now(runtime: Runtime, channels: list[str]) -> None:
    """A stream EventSub says just began is sampled at once: its curve starts at its start, not at the next poll."""
    try:
        report = StreamSampler(runtime).poll(only=set(channels))
        log.info("EventSub: %d channel(s) went live; %d sampled at once", len(channels), report.kept)
    except (ProviderError, HistoryUnavailable, redis.RedisError) as error:
        log.warning("EventSub: a stream that went live was not sampled at once: %s", error)


def mend_subscriptions(server: Flask) -> None:
    """Every tracked channel gets back what it lacks: by webhook, the subscriptions Twitch lost (at start-up);
    by WebSocket, a connection each, subscribed with the channel's own stored token (and none for a channel
    no longer tracked)."""
    eventsub: EventSub = server.extensions["eventsub"]
    runtime: Runtime = server.extensions["runtime"]
    try:
        channels = _tracked_twitch(runtime, signed_in_only=eventsub.sockets is not None)
    except (SQLAlchemyError, HistoryUnavailable) as error:
        log.warning("EventSub: tracked channels not listed (%s); they are subscribed at their next sign-in", error)
        return
    if eventsub.sockets is not None:
        opened, closed = eventsub.sockets.keep(channels, lambda channel: _user_token(runtime, channel))
        if opened or closed:
            log.info("EventSub: %d channel connections opened, %d closed", len(opened), len(closed))
        return
    # Twitch (or the sandbox on this very server, still starting) may not answer at once: try a few times.
    for attempt in range(MEND_ATTEMPTS):
        if not channels or safely(lambda: eventsub.subscriptions.mend(channels), "checking subscriptions"):
            return
        time.sleep(MEND_PAUSE_SECONDS * (attempt + 1))


def _tracked_twitch(runtime: Runtime, signed_in_only: bool = False) -> list[str]:
    """Tracked Twitch channels; ``signed_in_only``: those whose sign-in still works (a socket needs their token)."""
    with runtime.archive.sessions() as session:
        return [account.account_id for account in tracked_accounts(session, "twitch", collecting_only=signed_in_only)]


def _user_token(runtime: Runtime, channel_id: str, signed_in: dict | None = None):
    """The channel's user token for its WebSocket, read at each welcome: the stored one, refreshed as needed (a
    connection outlives its sign-in's token); at a sign-in whose enrolment the database missed, that sign-in's."""

    def token() -> str:
        try:
            return tracked_user_token(runtime, channel_id)
        except (SignInExpired, HistoryUnavailable) as error:
            if signed_in:
                return signed_in["access_token"]
            if isinstance(error, HistoryUnavailable):  # the socket tries again, with backoff
                raise ConnectionError("the history database is away") from error
            # As a collection round would: the channel's page asks for a sign-in, and no check reopens it.
            with contextlib.suppress(HistoryUnavailable):
                runtime.archive.needs_sign_in("twitch", channel_id, str(error))
            raise

    return token
