"""A Twitch-format EventSub WebSocket server for the ingest benchmark, in a process of its own.

``python -m benchmarks.socket_feed PORT``: prints "ready", serves until stdin closes. A connection to
``/?rate=R&seconds=S`` is welcomed as Twitch welcomes one (``session_welcome``, its keepalive time), then
sent R ``channel.chat.message`` notifications a second for S seconds, each stamped with the moment it
is sent (``message_timestamp``), in the envelope Twitch's WebSocket guide documents.
"""

import json
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from websockets.sync.server import ServerConnection, serve

from benchmarks.eventsub import chat_notification


def _stamp(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"


def _frame(kind: str, payload: dict) -> str:
    metadata = {"message_id": str(uuid.uuid4()), "message_type": kind, "message_timestamp": _stamp(time.time())}
    if kind == "notification":
        metadata |= {"subscription_type": "channel.chat.message", "subscription_version": "1"}
    return json.dumps({"metadata": metadata, "payload": payload})


def feed(connection: ServerConnection) -> None:
    asked = parse_qs(urlsplit(connection.request.path).query)
    rate, seconds = int(asked["rate"][0]), float(asked["seconds"][0])
    session = {"id": str(uuid.uuid4()), "status": "connected", "keepalive_timeout_seconds": 10}
    connection.send(_frame("session_welcome", {"session": session}))
    start = time.monotonic()
    for n in range(int(rate * seconds)):
        wait = start + n / rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        connection.send(_frame("notification", chat_notification(n)))
    while True:  # keepalives until the client goes
        time.sleep(5)
        connection.send(_frame("session_keepalive", {}))


def main(port: int) -> None:
    with serve(feed, "127.0.0.1", port) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print("ready", flush=True)
        sys.stdin.read()
        server.shutdown()


if __name__ == "__main__":
    main(int(sys.argv[1]))
