"""EventSub over a WebSocket: one connection per channel, held by a thread, as Twitch documents it.

The welcome names the session, and the channel's subscriptions are made for it at once (Twitch closes
an unused connection after its keepalive time). Silence longer than the keepalive time means the
connection is dead: a new one is opened, and subscribed anew. A ``session_reconnect`` is followed to
its URL; the old connection is read to its end only after the new one welcomed, so nothing sent on
either is missed, and the inbox's message ids make anything sent twice count once. What arrives goes
through the same intake as the webhook's (eventsub/intake.py).
"""

import logging
import threading
from collections.abc import Callable

import orjson
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.sync.client import ClientConnection, connect

from providers.twitch.eventsub import parse_time

log = logging.getLogger(__name__)

OPEN_SECONDS = 10
SLACK = 1.2  # a keepalive this much later than promised: the connection is dead
DRAIN_SECONDS = 2.0
MOST_BACKOFF = 30.0
BURST = 500  # messages read off the socket and queued together


class GiveUp(Exception):
    """Raised by ``on_welcome`` when the connection cannot be used (no token any more): the shard ends."""


class SocketShard:
    def __init__(
        self,
        url: str,
        on_welcome: Callable[[str], None],
        intake: Callable[[list[tuple[str, str, float, dict]]], None],
        name: str = "eventsub-socket",
    ):
        self.url, self.on_welcome, self.intake = url, on_welcome, intake
        self.session_id: str | None = None
        self.sessions = 0  # welcomes that were not a reconnect: each one subscribed anew
        self.ready: str | None = None  # the session whose subscriptions are made
        self._stop = threading.Event()
        self._socket: ClientConnection | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> "SocketShard":
        self._thread.start()
        return self

    def stop(self, wait: bool = True) -> None:
        """End the connection; from now on nothing it still reads is taken. ``wait=False``: its closing
        handshake (seconds, with a server slow to answer) goes on in the background."""
        self._stop.set()
        if not wait:
            threading.Thread(target=self.stop, name="eventsub-socket-closing", daemon=True).start()
            return
        if self._socket is not None:
            self._socket.close()
        self._thread.join(5)

    def _run(self) -> None:
        backoff = 1.0
        while not self._stop.is_set():
            try:
                self._hold(connect(self.url, open_timeout=OPEN_SECONDS, legacy=True))
                backoff = 1.0
            except GiveUp as reason:
                log.info("EventSub socket: closed for good: %s", reason)
                if self._socket is not None:
                    self._socket.close()
                return
            except (OSError, WebSocketException, ValueError) as error:
                log.info("EventSub socket: %s; connecting again in %.0f s", type(error).__name__, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MOST_BACKOFF)

    def _hold(self, socket: ClientConnection) -> None:
        """Welcome, subscribe, then read until the connection ends (a new session follows)."""
        self._socket = socket
        keepalive = self._welcome(socket)
        self.sessions += 1
        self.on_welcome(self.session_id)
        self.ready = self.session_id
        while not self._stop.is_set():
            try:
                raw = socket.recv(timeout=keepalive * SLACK)
            except TimeoutError:
                log.info("EventSub socket: no keepalive for %.0f s; opening a new session", keepalive * SLACK)
                socket.close()
                return
            except ConnectionClosed:
                return
            burst = [orjson.loads(raw), *self._waiting(socket)]
            moved = next((m for m in burst if m["metadata"]["message_type"] == "session_reconnect"), None)
            self._take([m for m in burst if m is not moved])
            if moved:
                socket, keepalive = self._move(socket, moved["payload"]["session"]["reconnect_url"])
                self._socket = socket

    @staticmethod
    def _waiting(socket: ClientConnection) -> list[dict]:
        """The messages already arrived behind the one read: a busy chat's burst is queued in one round trip."""
        waiting = []
        while len(waiting) < BURST:
            try:
                waiting.append(orjson.loads(socket.recv(timeout=0)))
            except (TimeoutError, ConnectionClosed):
                break
        return waiting

    def _welcome(self, socket: ClientConnection) -> float:
        message = orjson.loads(socket.recv(timeout=OPEN_SECONDS))
        if message["metadata"]["message_type"] != "session_welcome":
            raise ValueError("the first message was not a welcome")
        session = message["payload"]["session"]
        self.session_id = session["id"]
        return float(session["keepalive_timeout_seconds"])

    def _move(self, old: ClientConnection, url: str) -> tuple[ClientConnection, float]:
        """Follow a reconnect: the new connection's welcome first, then the old one read to its end."""
        new = connect(url, open_timeout=OPEN_SECONDS, legacy=True)
        keepalive = self._welcome(new)  # the same session: its subscriptions came along
        while True:
            try:
                self._take([orjson.loads(old.recv(timeout=DRAIN_SECONDS))])
            except (TimeoutError, ConnectionClosed):
                break
        old.close()
        return new, keepalive

    def _take(self, messages: list[dict]) -> None:
        if self._stop.is_set():  # replaced or closed: its successor's session tells the rest
            return
        told = [
            (m["metadata"]["message_type"], m["metadata"]["message_id"], m["metadata"].get("message_timestamp"), m)
            for m in messages
            if m["metadata"]["message_type"] in ("notification", "revocation")
        ]
        if told:
            self.intake([(kind, id_, parse_time(stamp) or 0.0, m["payload"]) for kind, id_, stamp, m in told])
