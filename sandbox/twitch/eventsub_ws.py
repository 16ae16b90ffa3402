"""EventSub's WebSocket transport, emulated: ``/sandbox/twitch/eventsub/ws`` as wss://eventsub.wss.twitch.tv/ws.

A connection gets a ``session_welcome`` with its session id; unless a subscription names the session
within ``keepalive_timeout_seconds`` (10 to 600, default 10) it is closed with 4003. Notifications and
revocations come as Twitch frames them (``metadata`` and ``payload``); a ``session_keepalive`` comes
whenever nothing else did for that long. A ``session_reconnect`` names a reconnect URL: the new
connection gets a welcome for the same session (its subscriptions go with it), and the old one is
closed (4004 when the client never came within 30 seconds). A session whose connection drops ends:
its subscriptions turn ``websocket_disconnected`` and what was still queued for it is not sent.

What reaches a session waits in a Redis list, so any process of the app can tell a connection held by
another. Switches, outside production:

    POST /sandbox/twitch/_eventsub/ws  {"session_id": "...", "action": "reconnect" | "drop"}
"""

import json
import socket
import time
import uuid

from flask import Blueprint, current_app, jsonify, request

from .timefmt import rfc3339

admin = Blueprint("eventsub_ws_admin", __name__)

PATH = "/sandbox/twitch/eventsub/ws"
KEEPALIVES = range(10, 601)
RECONNECT_GRACE = 30.0
POLL = 0.5  # seconds a connection waits on its queue at a time


def _state():
    return current_app.extensions["sandbox_state"]


def _key(state, kind: str, session_id: str) -> str:
    return state._key(f"twitch:ws{kind}", session_id)


def connected(state, session_id: str) -> bool:
    session = state.get("twitch:ws", session_id)
    return bool(session) and session.get("status") in ("connected", "reconnecting")


def push(state, session_id: str, frame: dict) -> None:
    """Queue a frame for the session's connection (dropped when the session has ended)."""
    if connected(state, session_id):
        state.client.lpush(_key(state, "q", session_id), json.dumps(frame))


def frame(kind: str, payload: dict, message_id: str | None = None, at: float | None = None, **metadata) -> dict:
    stamp = at if at is not None else time.time()
    return {
        "metadata": {
            "message_id": message_id or str(uuid.uuid4()),
            "message_type": kind,
            "message_timestamp": rfc3339(stamp).replace("Z", f".{int(stamp % 1 * 1e9):09d}Z"),
            **metadata,
        },
        "payload": payload,
    }


def serve(ws, state, on_end) -> None:
    """One WebSocket connection, from welcome to close (``on_end(session_id)`` when the session ends)."""
    try:
        keepalive = min(max(int(request.args.get("keepalive_timeout_seconds", 10)), 10), 600)
    except ValueError:
        keepalive = 10
    reconnecting = request.args.get("reconnect", "")
    session = state.get("twitch:ws", reconnecting) if reconnecting else None
    if reconnecting and (not session or session.get("status") != "reconnecting"):
        ws.close(reason=4007, message="invalid reconnect")
        return
    session_id = reconnecting or str(uuid.uuid4())
    owner = uuid.uuid4().hex
    session = {
        **(session or {"connected_at": rfc3339(time.time()), "keepalive": keepalive}),
        "status": "connected",
        "owner": owner,
    }
    state.put("twitch:ws", session_id, session, ttl=86_400)
    welcome = {
        "session": {
            "id": session_id,
            "status": "connected",
            "connected_at": session["connected_at"],
            "keepalive_timeout_seconds": session["keepalive"],
            "reconnect_url": None,
        }
    }
    ws.send(json.dumps(frame("session_welcome", welcome)))
    last_sent, welcomed = time.monotonic(), time.monotonic()
    used = bool(reconnecting)
    while True:
        current = state.get("twitch:ws", session_id) or {}
        if current.get("owner") != owner:  # a reconnect took the session over: this connection is done
            ws.close(reason=1000, message="reconnected")
            return
        if not used:
            used = _has_subscriptions(state, session_id)
            if not used and time.monotonic() - welcomed > session["keepalive"]:
                _end(state, session_id, on_end)
                ws.close(reason=4003, message="connection unused")
                return
        popped = state.client.brpop(_key(state, "q", session_id), timeout=POLL)
        if popped is None:
            if time.monotonic() - last_sent >= session["keepalive"]:
                ws.send(json.dumps(frame("session_keepalive", {})))
                last_sent = time.monotonic()
            continue
        message = json.loads(popped[1])
        if (state.get("twitch:ws", session_id) or {}).get("owner") != owner:
            state.client.rpush(_key(state, "q", session_id), popped[1])  # the new connection sends it
            continue
        control = message.get("control")
        if control == "drop":
            _end(state, session_id, on_end)
            ws.sock.shutdown(socket.SHUT_RDWR)  # no close frame: as a network failure would
            return
        if control == "reconnect":
            state.put("twitch:ws", session_id, {**current, "status": "reconnecting"}, ttl=86_400)
            url = request.url_root.replace("http", "ws", 1).rstrip("/") + PATH + f"?reconnect={session_id}"
            reconnect = {**welcome["session"], "status": "reconnecting", "reconnect_url": url}
            ws.send(json.dumps(frame("session_reconnect", {"session": reconnect})))
            _wait_for_reconnect(ws, state, session_id, owner, on_end)
            return
        ws.send(json.dumps(message))
        last_sent = time.monotonic()


def _wait_for_reconnect(ws, state, session_id: str, owner: str, on_end) -> None:
    """Hold the old connection until the new one takes the session, or the grace time ends (4004)."""
    deadline = time.monotonic() + RECONNECT_GRACE
    while time.monotonic() < deadline:
        if (state.get("twitch:ws", session_id) or {}).get("owner") != owner:
            ws.close(reason=1000, message="reconnected")
            return
        time.sleep(0.1)
    _end(state, session_id, on_end)
    ws.close(reason=4004, message="reconnect grace time expired")


def _has_subscriptions(state, session_id: str) -> bool:
    return bool(state.client.exists(_key(state, "subs", session_id)))


def _end(state, session_id: str, on_end) -> None:
    state.put("twitch:ws", session_id, {"status": "disconnected"}, ttl=3600)
    state.client.delete(_key(state, "q", session_id))
    on_end(session_id)


def note_subscription(state, session_id: str) -> None:
    """A subscription names the session: it is in use (no 4003)."""
    state.client.set(_key(state, "subs", session_id), "1", ex=86_400)


@admin.post("/sandbox/twitch/_eventsub/ws")
def switch():
    body = request.get_json(silent=True) or {}
    session_id, action = str(body.get("session_id", "")), body.get("action")
    if action not in ("reconnect", "drop") or not connected(_state(), session_id):
        return jsonify(error="a connected session_id and an action (reconnect, drop) are needed"), 400
    _state().client.lpush(_key(_state(), "q", session_id), json.dumps({"control": action}))
    return jsonify(session_id=session_id, action=action)
