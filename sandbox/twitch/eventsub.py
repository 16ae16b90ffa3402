"""Twitch EventSub, emulated: conduits and their shards, the subscriptions API, and webhook delivery.

    POST/GET/PATCH/DELETE /helix/eventsub/conduits          an app's conduits (app access token)
    GET/PATCH             /helix/eventsub/conduits/shards   a conduit's shards; a webhook shard is
                                                            challenged before it is enabled
    POST/GET/DELETE       /helix/eventsub/subscriptions     subscriptions, with their cost and limits

Notifications are signed as Twitch signs them (HMAC-SHA256 of message id, timestamp and raw body,
with the shard's or subscription's secret) and sent to the webhook. The sandbox sends what its
broadcasts do (story.py) when asked to tell a stretch of time:

    POST /sandbox/twitch/_eventsub/tell  {"broadcaster_user_id": "...", "from": epoch, "to": epoch}
    POST /sandbox/twitch/_eventsub/tell  {"broadcaster_user_id": "...", "live_for_minutes": 9, "ending": epoch}
    POST /sandbox/twitch/_eventsub/revoke  {"user_id": "...", "status": "authorization_revoked"}
    GET  /sandbox/twitch/_eventsub/story?broadcaster_user_id=...&from=...&to=...   (for the history demo)

and the fault switches (/sandbox/_faults, provider "twitch") bend delivery:
``eventsub_bad_signature``, ``eventsub_duplicates`` (each message sent twice), ``eventsub_stale``
(timestamps 11 minutes old), ``eventsub_out_of_order`` (a stretch told newest first).

Where the sandbox differs from Twitch, on purpose: a callback may be plain http when it is on the
host the sandbox was addressed on (Twitch wants https on 443), and only such callbacks are
accepted, so a public sandbox cannot be aimed at other servers.
"""

import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
from urllib.parse import urlsplit

import requests
from flask import Blueprint, current_app, jsonify, request

from .. import callbacks, faults
from . import eventsub_ws, guard, seed, story
from .replies import HelixError
from .timefmt import rfc3339

log = logging.getLogger(__name__)

blueprint = Blueprint("eventsub", __name__)  # under /helix, behind guard.check_request
admin = Blueprint("eventsub_admin", __name__)  # the tell and revoke switches, outside production

MAX_TOTAL_COST = 10_000
MAX_CONDUITS = 5
MAX_SHARDS = 20_000
DELIVERY_TIMEOUT = 10.0
NAMESPACE = uuid.UUID("6f1c2a5e-6b8e-4d4e-9a55-2d8e1c0f7a11")
SECRETS = range(10, 101)
# Each type's versions, the condition it needs, and who must have authorized the app (the scope).
TYPES = {
    ("stream.online", "1"): (("broadcaster_user_id",), None),
    ("stream.offline", "1"): (("broadcaster_user_id",), None),
    ("channel.update", "2"): (("broadcaster_user_id",), None),
    ("channel.follow", "2"): (("broadcaster_user_id", "moderator_user_id"), "moderator:read:followers"),
    ("channel.subscribe", "1"): (("broadcaster_user_id",), "channel:read:subscriptions"),
    ("channel.subscription.gift", "1"): (("broadcaster_user_id",), "channel:read:subscriptions"),
    ("channel.subscription.message", "1"): (("broadcaster_user_id",), "channel:read:subscriptions"),
    ("channel.cheer", "1"): (("broadcaster_user_id",), "bits:read"),
    ("channel.raid", "1"): ((), None),  # one of from_ / to_broadcaster_user_id
    ("channel.ad_break.begin", "1"): (("broadcaster_user_id",), "channel:read:ads"),
    ("channel.hype_train.begin", "2"): (("broadcaster_user_id",), "channel:read:hype_train"),
    ("channel.hype_train.end", "2"): (("broadcaster_user_id",), "channel:read:hype_train"),
    ("channel.chat.message", "1"): (("broadcaster_user_id", "user_id"), "user:read:chat"),
}
CHAT_BOT_SCOPE = "user:bot"
PUBLIC_TYPES = {
    "stream.online",
    "stream.offline",
    "channel.update",
    "channel.raid",
}  # any user token may ask  # an app token reading chat also needs this of the reading user


def _state():
    return current_app.extensions["sandbox_state"]


def _app_only() -> str:
    if guard.user_id() is not None:
        raise HelixError(401, "An app access token is required")
    return request.headers.get("Client-Id", "")


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise HelixError(400, "The request body must be a JSON object")
    return body


# Conduits and shards ---------------------------------------------------------------------------------


def _conduits(client_id: str) -> dict:
    return _state().get("twitch:conduits", client_id) or {}


def _save_conduits(client_id: str, conduits: dict) -> None:
    _state().put("twitch:conduits", client_id, conduits)


@blueprint.post("/eventsub/conduits")
def create_conduit():
    client_id, body = _app_only(), _body()
    count = body.get("shard_count")
    if not isinstance(count, int) or not 1 <= count <= MAX_SHARDS:
        raise HelixError(400, "shard_count must be a number from 1 to 20000")
    conduits = _conduits(client_id)
    if len(conduits) >= MAX_CONDUITS:
        raise HelixError(429, "The client has reached the maximum number of conduits")
    conduit = {"id": str(uuid.uuid4()), "shard_count": count}
    conduits[conduit["id"]] = {**conduit, "shards": {}}
    _save_conduits(client_id, conduits)
    return jsonify(data=[conduit])


@blueprint.get("/eventsub/conduits")
def list_conduits():
    conduits = _conduits(_app_only())
    return jsonify(data=[{"id": c["id"], "shard_count": c["shard_count"]} for c in conduits.values()])


@blueprint.delete("/eventsub/conduits")
def delete_conduit():
    client_id = _app_only()
    conduits = _conduits(client_id)
    if conduits.pop(request.args.get("id", ""), None) is None:
        raise HelixError(404, "Conduit not found")
    _save_conduits(client_id, conduits)
    for sub in _subscriptions(client_id).values():
        if sub["transport"].get("conduit_id") == request.args.get("id"):
            _drop(client_id, sub["id"])
    return "", 204


@blueprint.get("/eventsub/conduits/shards")
def list_shards():
    conduit = _conduits(_app_only()).get(request.args.get("conduit_id", ""))
    if conduit is None:
        raise HelixError(404, "Conduit not found")
    shards = [
        {"id": shard_id, "status": shard["status"], "transport": shard["transport"]}
        for shard_id, shard in sorted(conduit["shards"].items(), key=lambda item: int(item[0]))
        if not request.args.get("status") or shard["status"] == request.args["status"]
    ]
    return jsonify(data=shards, pagination={})


@blueprint.patch("/eventsub/conduits/shards")
def update_shards():
    client_id, body = _app_only(), _body()
    conduits = _conduits(client_id)
    conduit = conduits.get(str(body.get("conduit_id", "")))
    if conduit is None:
        raise HelixError(404, "Conduit not found")
    done, errors = [], []
    for given in body.get("shards") or []:
        shard_id, transport = str(given.get("id", "")), given.get("transport") or {}
        problem = (
            _transport_problem(transport)
            if shard_id.isdigit() and int(shard_id) < conduit["shard_count"]
            else "Invalid shard id"
        )
        if problem:
            errors.append({"id": shard_id, "message": problem, "code": "invalid_parameter"})
            continue
        public = {"method": "webhook", "callback": transport["callback"]}
        conduit["shards"][shard_id] = {
            "status": "webhook_callback_verification_pending",
            "transport": public,
            "secret": transport["secret"],
        }
        done.append({"id": shard_id, "status": "webhook_callback_verification_pending", "transport": public})
        _challenge_later(client_id, ("shard", conduit["id"], shard_id), transport["callback"], transport["secret"])
    _save_conduits(client_id, conduits)
    return jsonify(data=done, errors=errors), 202


def _transport_problem(transport: dict) -> str | None:
    if transport.get("method") != "webhook":
        return "Only webhook shards are emulated"
    secret = transport.get("secret")
    if not isinstance(secret, str) or len(secret) not in SECRETS or not secret.isascii():
        return "The secret must be 10 to 100 ASCII characters"
    callback = str(transport.get("callback", ""))
    parts = urlsplit(callback)
    on_this_host = parts.hostname == urlsplit(request.host_url).hostname
    expected = callbacks.registered_path("eventsub")
    if parts.scheme not in ("http", "https") or not on_this_host or (expected and parts.path != expected):
        return "The callback must be an https URL (in the sandbox: this app's own /eventsub)"
    return None


# Subscriptions ------------------------------------------------------------------------------------------


def _subscriptions(client_id: str) -> dict:
    state = _state()
    raw = state.client.hgetall(state._key("twitch:subs", client_id))
    return {key.decode(): json.loads(value) for key, value in raw.items()}


def _store(client_id: str, sub: dict) -> None:
    state = _state()
    state.client.hset(state._key("twitch:subs", client_id), sub["id"], json.dumps(sub))


def _drop(client_id: str, sub_id: str) -> bool:
    state = _state()
    return bool(state.client.hdel(state._key("twitch:subs", client_id), sub_id))


def _public_sub(sub: dict) -> dict:
    return {key: value for key, value in sub.items() if key not in ("secret", "user")}


def _authorized(client_id: str, user_id: str) -> set[str]:
    """The scopes ``user_id`` has granted this app (across its grants); empty when never authorized."""
    return set((_state().get("twitch:authorized", f"{client_id}:{user_id}") or {}).get("scopes", []))


@blueprint.post("/eventsub/subscriptions")
def create_subscription():
    body, client_id = _body(), request.headers.get("Client-Id", "")
    kind, version = str(body.get("type", "")), str(body.get("version", ""))
    known = TYPES.get((kind, version))
    if known is None:
        raise HelixError(400, f"The subscription type {kind} version {version} is not supported")
    needed, scope = known
    condition = {k: str(v) for k, v in (body.get("condition") or {}).items() if v not in (None, "")}
    if kind == "channel.raid":
        if len(condition) != 1 or next(iter(condition)) not in ("from_broadcaster_user_id", "to_broadcaster_user_id"):
            raise HelixError(400, "channel.raid needs exactly one of from_broadcaster_user_id, to_broadcaster_user_id")
    elif set(needed) - set(condition):
        raise HelixError(400, f"The condition is missing {', '.join(sorted(set(needed) - set(condition)))}")
    transport = body.get("transport") or {}
    method = transport.get("method")
    if method not in ("conduit", "webhook", "websocket"):
        raise HelixError(400, "The transport method must be webhook, websocket or conduit")
    if method == "websocket":
        if guard.user_id() is None:
            raise HelixError(400, "The websocket transport needs a user access token")
        if not eventsub_ws.connected(_state(), str(transport.get("session_id", ""))):
            raise HelixError(400, "websocket transport session does not exist or has already disconnected")
    else:
        _app_only()
    if method == "conduit" and str(transport.get("conduit_id", "")) not in _conduits(client_id):
        raise HelixError(400, "The conduit does not exist")
    if method == "webhook":
        problem = _transport_problem(transport)
        if problem:
            raise HelixError(400, problem)
    user = condition.get("user_id") or condition.get("moderator_user_id") or condition.get("broadcaster_user_id")
    user = user or condition.get("to_broadcaster_user_id") or condition.get("from_broadcaster_user_id")
    granted = _authorized(client_id, user)
    if method == "websocket":  # a user token speaks for its own user only, with the scopes it carries
        granted = set(guard.scopes()) if guard.user_id() == user or kind in PUBLIC_TYPES else set()
    missing = [s for s in (scope, CHAT_BOT_SCOPE if kind == "channel.chat.message" else None) if s and s not in granted]
    if missing:
        raise HelixError(403, "subscription missing proper authorization")
    public = {
        "conduit": lambda: {"method": "conduit", "conduit_id": str(transport["conduit_id"])},
        "webhook": lambda: {"method": "webhook", "callback": transport["callback"]},
        "websocket": lambda: {
            "method": "websocket",
            "session_id": str(transport["session_id"]),
            "connected_at": rfc3339(time.time()),
        },
    }[method]()
    existing = _subscriptions(client_id)
    same_transport = {k: v for k, v in public.items() if k != "connected_at"}
    for sub in existing.values():
        theirs = {k: v for k, v in sub["transport"].items() if k != "connected_at"}
        if (sub["type"], sub["version"], sub["condition"], theirs) == (kind, version, condition, same_transport):
            raise HelixError(409, "subscription already exists")
    cost = 0 if granted else 1
    total_cost = sum(sub["cost"] for sub in existing.values())
    if total_cost + cost > MAX_TOTAL_COST:
        raise HelixError(429, "The subscription's cost exceeds the total cost allowed")
    status = "webhook_callback_verification_pending" if method == "webhook" else "enabled"
    sub = {
        "id": str(uuid.uuid4()),
        "status": status,
        "type": kind,
        "version": version,
        "condition": condition,
        "created_at": rfc3339(time.time()),
        "transport": public,
        "cost": cost,
    }
    kept = (
        {"secret": transport["secret"]}
        if method == "webhook"
        else {"user": guard.user_id()}
        if method == "websocket"
        else {}
    )
    _store(client_id, {**sub, **kept})
    if method == "websocket":
        eventsub_ws.note_subscription(_state(), public["session_id"])
    if method == "webhook":
        _challenge_later(client_id, ("subscription", sub["id"]), transport["callback"], transport["secret"])
    return jsonify(
        data=[sub], total=len(existing) + 1, total_cost=total_cost + cost, max_total_cost=MAX_TOTAL_COST
    ), 202


def _visible(sub: dict) -> bool:
    """A user token sees its WebSocket subscriptions; an app token the webhook and conduit ones."""
    if guard.user_id() is None:
        return sub["transport"]["method"] != "websocket"
    return sub["transport"]["method"] == "websocket" and sub.get("user") == guard.user_id()


@blueprint.get("/eventsub/subscriptions")
def list_subscriptions():
    client_id = request.headers.get("Client-Id", "")
    subs = [_public_sub(s) for s in _subscriptions(client_id).values() if _visible(s)]
    wanted = {name: request.args.get(name) for name in ("status", "type", "user_id", "subscription_id")}
    if sum(bool(v) for v in wanted.values()) > 1:
        raise HelixError(400, "Only one of status, type, user_id, subscription_id may be given")
    if wanted["status"]:
        subs = [s for s in subs if s["status"] == wanted["status"]]
    if wanted["type"]:
        subs = [s for s in subs if s["type"] == wanted["type"]]
    if wanted["user_id"]:
        subs = [s for s in subs if wanted["user_id"] in s["condition"].values()]
    if wanted["subscription_id"]:
        subs = [s for s in subs if s["id"] == wanted["subscription_id"]]
    subs.sort(key=lambda s: (s["created_at"], s["id"]))
    total_cost = sum(s["cost"] for s in _subscriptions(client_id).values())
    return jsonify(data=subs, total=len(subs), total_cost=total_cost, max_total_cost=MAX_TOTAL_COST, pagination={})


@blueprint.delete("/eventsub/subscriptions")
def delete_subscription():
    client_id = request.headers.get("Client-Id", "")
    sub = _subscriptions(client_id).get(request.args.get("id", ""))
    if sub is None or not _visible(sub) or not _drop(client_id, sub["id"]):
        raise HelixError(404, "Subscription not found")
    return "", 204


# Delivery -------------------------------------------------------------------------------------------------


def _challenge_later(client_id: str, target: tuple, callback: str, secret: str) -> None:
    """Twitch answers the request first and challenges the callback after: so does the sandbox."""
    state = _state()
    body = {
        "subscription": {
            "id": target[-1],
            "status": "webhook_callback_verification_pending",
            "type": "webhook_callback_verification",
            "version": "1",
            "cost": 0,
            "condition": {},
            "transport": {"method": "webhook", "callback": callback},
            "created_at": rfc3339(time.time()),
        }
    }

    def challenge():
        token = uuid.uuid4().hex
        body["challenge"] = token
        try:
            reply = _post(callback, secret, str(uuid.uuid4()), "webhook_callback_verification", body, {})
            passed = reply.status_code == 200 and reply.text == token
        except requests.RequestException:
            passed = False
        _set_status(state, client_id, target, "enabled" if passed else "webhook_callback_verification_failed")

    threading.Thread(target=challenge, name="sandbox-eventsub-challenge", daemon=True).start()


def _set_status(state, client_id: str, target: tuple, status: str) -> None:
    if target[0] == "shard":
        conduits = state.get("twitch:conduits", client_id) or {}
        shard = conduits.get(target[1], {}).get("shards", {}).get(target[2])
        if shard:
            shard["status"] = status
            state.put("twitch:conduits", client_id, conduits)
        return
    key = state._key("twitch:subs", client_id)
    raw = state.client.hget(key, target[1])
    if raw:
        state.client.hset(key, target[1], json.dumps({**json.loads(raw), "status": status}))


def _post(
    callback: str, secret: str, message_id: str, kind: str, body: dict, variants: dict, at: float | None = None
) -> requests.Response:
    """One signed delivery; its timestamp is when the message was first sent (``at``, or now)."""
    raw = json.dumps(body).encode()
    sent = min(at or time.time(), time.time()) - (660 if variants.get("eventsub_stale") else 0)
    timestamp = rfc3339(sent).replace("Z", f".{int(sent % 1 * 1e9):09d}Z")
    signed = hmac.new(secret.encode(), message_id.encode() + timestamp.encode() + raw, hashlib.sha256).hexdigest()
    if variants.get("eventsub_bad_signature"):
        signed = signed[::-1]
    headers = {
        "Content-Type": "application/json",
        "Twitch-Eventsub-Message-Id": message_id,
        "Twitch-Eventsub-Message-Retry": "0",
        "Twitch-Eventsub-Message-Type": kind,
        "Twitch-Eventsub-Message-Signature": f"sha256={signed}",
        "Twitch-Eventsub-Message-Timestamp": timestamp,
        "Twitch-Eventsub-Subscription-Type": body["subscription"]["type"],
        "Twitch-Eventsub-Subscription-Version": body["subscription"]["version"],
    }
    return requests.post(callback, data=raw, headers=headers, timeout=DELIVERY_TIMEOUT)


def _destination(state, client_id: str, sub: dict) -> tuple[str, str] | None:
    """(callback, secret) a subscription's notifications go to; None while it cannot take them (and for a
    WebSocket one, whose messages go to its session's queue instead)."""
    if sub["transport"]["method"] == "websocket":
        return None
    if sub["transport"]["method"] == "webhook":
        return (sub["transport"]["callback"], sub["secret"]) if sub["status"] == "enabled" else None
    conduit = (state.get("twitch:conduits", client_id) or {}).get(sub["transport"]["conduit_id"])
    shard = conduit and conduit["shards"].get("0")
    return (shard["transport"]["callback"], shard["secret"]) if shard and shard["status"] == "enabled" else None


def _matches(sub: dict, happening: story.Happening) -> bool:
    if sub["type"] != happening.type or sub["status"] != "enabled":
        return False
    for name, value in sub["condition"].items():
        if name in ("moderator_user_id", "user_id"):
            continue  # who reads the channel: an authorized user sees all of its events
        if str(happening.event.get(name)) != value:
            return False
    return True


@admin.post("/sandbox/twitch/_eventsub/tell")
def tell():
    """Send what the channel's broadcasts did between ``from`` and ``to`` to its subscribers, each message
    stamped with when it happened (so a stretch over 10 minutes old is refused, as Twitch's would be); or,
    with ``live_for_minutes``, a whole short broadcast that began that long ago and ends now."""
    body = request.get_json(silent=True) or {}
    channel = seed.by_id(str(body.get("broadcaster_user_id", "")))
    if channel is None:
        return jsonify(error="broadcaster_user_id is not a sandbox channel"), 400
    broadcast = None
    if body.get("live_for_minutes"):
        ending = min(int(body.get("ending") or time.time()), int(time.time()))  # "ending": tell that one again
        broadcast = story.short_broadcast(channel, ending, float(body["live_for_minutes"]))
        start, end = float(body.get("from", broadcast.started)), float(body.get("to", broadcast.ended + 1))
        told = story.happenings(broadcast, start, end)  # "from" and "to": a stretch of it
    else:
        start, end = float(body.get("from", 0)), float(body.get("to", time.time()))
        told = [h for b in story.broadcasts(channel, start, end) for h in story.happenings(b, start, end)]
    state, variants = _state(), faults.state().faults("twitch")
    if variants.get("eventsub_out_of_order"):
        told.reverse()
    sent, answers = deliver(state, told, variants)
    short = {"id": broadcast.id, "started": broadcast.started, "ended": broadcast.ended} if broadcast else None
    return jsonify(sent=sent, answers={str(k): v for k, v in answers.items()}, broadcast=short)


def deliver(state, told: list[story.Happening], variants: dict) -> tuple[dict, dict]:
    """Send each happening to every enabled subscription it matches, in order; (sent by type, answers by status)."""
    sent: dict[str, int] = {}
    answers: dict[int, int] = {}
    for client_id in _clients(state):
        subs = [s for s in _subscriptions_of(state, client_id) if s["status"] == "enabled"]
        for happening in told:
            for sub in (s for s in subs if _matches(s, happening)):
                message_id = str(uuid.uuid5(NAMESPACE, f"{sub['id']}:{happening.key}"))
                body = {"subscription": _public_sub(sub), "event": happening.event}
                if sub["transport"]["method"] == "websocket":
                    _to_socket(state, sub, message_id, "notification", body, variants, happening.at)
                    sent[happening.type] = sent.get(happening.type, 0) + 1
                    continue
                where = _destination(state, client_id, sub)
                if where is None:
                    continue
                for _ in range(2 if variants.get("eventsub_duplicates") else 1):
                    try:
                        status = _post(*where, message_id, "notification", body, variants, happening.at).status_code
                    except requests.RequestException:
                        status = 0
                    answers[status] = answers.get(status, 0) + 1
                sent[happening.type] = sent.get(happening.type, 0) + 1
    return sent, answers


def _to_socket(state, sub: dict, message_id: str, kind: str, body: dict, variants: dict, at: float | None) -> None:
    stamp = (at or time.time()) - (660 if variants.get("eventsub_stale") else 0)
    framed = eventsub_ws.frame(
        kind, body, message_id, stamp, subscription_type=sub["type"], subscription_version=sub["version"]
    )
    for _ in range(2 if variants.get("eventsub_duplicates") else 1):
        eventsub_ws.push(state, sub["transport"]["session_id"], framed)


def session_ended(state, session_id: str) -> None:
    """A WebSocket session ended: its subscriptions stop (``websocket_disconnected``), as Twitch's do."""
    for client_id in _clients(state):
        key = state._key("twitch:subs", client_id)
        for sub in _subscriptions_of(state, client_id):
            if sub["transport"].get("session_id") == session_id:
                gone = {**sub, "status": "websocket_disconnected", "disconnected_at": rfc3339(time.time())}
                state.client.hset(key, sub["id"], json.dumps(gone))


class LiveTeller:
    """Tells what live sandbox broadcasts do as it happens, every few seconds, to the channels' subscribers:
    what ``make run`` shows. One process of several tells each stretch (a Redis lock); off in tests."""

    def __init__(self, state, every: float = 5.0):
        self.state, self.every = state, every
        self._stop = threading.Event()

    def start(self) -> "LiveTeller":
        threading.Thread(target=self._loop, name="sandbox-eventsub-live", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.tell_now(time.time())
            except Exception:  # noqa: BLE001 - the teller outlives a bad stretch
                log.exception("Sandbox EventSub: a live stretch could not be told")

    def tell_now(self, now: float) -> int:
        state = self.state
        if not state.client.set(state._key("twitch:teller", "lock"), "1", nx=True, ex=max(int(self.every), 1)):
            return 0
        channels = {
            channel_id
            for client_id in _clients(state)
            for sub in _subscriptions_of(state, client_id)
            for channel_id in sub["condition"].values()
        }
        told = []
        for channel_id in sorted(channels):
            account = seed.by_id(channel_id)
            if account is None:
                continue
            key = state._key("twitch:told", channel_id)
            since = float(state.client.get(key) or now)  # a channel first seen now: from now on, no backlog
            state.client.set(key, now, ex=3600)
            told += [h for b in story.broadcasts(account, since, now) for h in story.happenings(b, since, now)]
        told.sort(key=lambda h: (h.at, h.key))
        deliver(state, told, state.faults("twitch"))
        return len(told)


@admin.get("/sandbox/twitch/_eventsub/story")
def told_story():
    """What EventSub sent about the channel between ``from`` and ``to``, as notifications (with ``at``, when,
    and ``key``, unique), for the history demo to fold: it was sent long ago, so it is not sent now.
    A stretch whose broadcasts hold more than ``most`` happenings answers ``too_busy`` instead."""
    channel = seed.by_id(request.args.get("broadcaster_user_id", ""))
    if channel is None:
        return jsonify(error="broadcaster_user_id is not a sandbox channel"), 400
    start, end = float(request.args.get("from", 0)), float(request.args.get("to", time.time()))
    most = int(request.args.get("most", 20_000))
    broadcasts = story.broadcasts(channel, start, min(end, time.time()))
    if sum(story.expected_size(b, start, end) for b in broadcasts) > most:
        return jsonify(too_busy=True, told=[])
    told = [h for b in broadcasts for h in story.happenings(b, start, min(end, time.time()))]
    return jsonify(too_busy=False, told=[story.as_notification(h, channel.id) for h in told])


@admin.post("/sandbox/twitch/_eventsub/revoke")
def revoke():
    """Revoke a user's subscriptions as Twitch does when they disconnect the app (or another status)."""
    body = request.get_json(silent=True) or {}
    user, status = str(body.get("user_id", "")), body.get("status", "authorization_revoked")
    state, revoked = _state(), 0
    for client_id in _clients(state):
        for sub in _subscriptions_of(state, client_id):
            if user not in sub["condition"].values():
                continue
            where = _destination(state, client_id, sub)
            gone = {**_public_sub(sub), "status": status}
            state.client.hdel(state._key("twitch:subs", client_id), sub["id"])
            revoked += 1
            if sub["transport"]["method"] == "websocket":
                _to_socket(state, sub, str(uuid.uuid4()), "revocation", {"subscription": gone}, {}, None)
            elif where:
                try:
                    _post(*where, str(uuid.uuid4()), "revocation", {"subscription": gone}, {})
                except requests.RequestException:
                    log.info("Sandbox EventSub: a revocation could not be delivered")
    return jsonify(revoked=revoked)


def _clients(state) -> list[str]:
    prefix = state._key("twitch:subs", "")
    return [key.decode()[len(prefix) :] for key in state.client.scan_iter(match=prefix + "*", count=100)]


def _subscriptions_of(state, client_id: str) -> list[dict]:
    raw = state.client.hgetall(state._key("twitch:subs", client_id))
    return [json.loads(value) for value in raw.values()]
