"""The sandbox's clock: the moment its answers are given as of, for replaying history.

Set over HTTP beside the fault switches (registered only where they are, i.e. outside production):

    POST /sandbox/_clock  {"at": "2026-09-01T12:00:00Z"}  # answer as of that moment (RFC 3339, or epoch seconds),
                                                         # past or (for tests of ageing) ahead of real time
    GET /sandbox/_clock                                  # {"at": ... or null, "now": the moment answers are as of}
    DELETE /sandbox/_clock                               # back to real time

A request may bring its own clock instead, in the ``Sandbox-Clock`` header (epoch seconds): the history
demo's simulated rounds do, so that while they replay the past everyone else is answered as of now.

One clock for both providers, kept in the sandbox's Redis state so every web process agrees. The
generated world stays hung off its anchors (the seeds'; X's is fixed for a week, x/world.py); the clock
only decides which of it exists yet and how far its counters have grown, so the same clock gives the
same answers in every process. The switch may also set it ahead of real time (up to MAX_AHEAD_DAYS),
for tests of what ageing does: nothing new is made up, what exists only grows older. A request's own
clock stays in the past. OAuth (token lifetimes, OAuth 1.0a timestamps) stays on real time, as on X
and Twitch, since clients sign with the real time.
Rate-limit windows follow the clock: a replay of 90 days in a minute spreads its requests over
those 90 days, as a daily collector's were, instead of spending one real minute's budget.
"""

import time
from datetime import UTC, datetime

from flask import Blueprint, current_app, g, has_request_context, jsonify, request

from . import CLOCK_HEADER
from .state import SandboxState

ENABLED = "sandbox_clock_enabled"
HEADER = CLOCK_HEADER  # a request's own clock, epoch seconds; honoured only where the switches are
_KIND, _KEY = "clock", "at"
MAX_AHEAD_DAYS = 400  # far enough to age a post past X's 30 days many times over

admin = Blueprint("sandbox_clock", __name__)


def _state() -> SandboxState:
    return current_app.extensions["sandbox_state"]


def set_at(at: int | None) -> None:
    if at is None:
        _state().delete(_KIND, _KEY)
    else:
        _state().put(_KIND, _KEY, {"at": at})


def stored_at() -> int | None:
    """The clock as set, or None when the sandbox runs on real time."""
    if not current_app.extensions.get(ENABLED):
        return None  # no switches, no clock: production never pays a Redis read for it
    record = _state().get(_KIND, _KEY)
    return record["at"] if record else None


def asked_at() -> int | None:
    """The request's own clock (HEADER), when the switches are on and it names a moment no later than now."""
    if not current_app.extensions.get(ENABLED):
        return None
    value = request.headers.get(HEADER, "").strip()[:40]  # an epoch or an RFC 3339 stamp: never longer
    at = parse(int(value)) if value.isdigit() else parse(value or None)
    return at if at is not None and at <= time.time() else None


def now() -> float:
    """Epoch seconds the current request is answered as of: its own clock, else the sandbox's, else real time;
    read once per request."""
    if not has_request_context():
        return time.time()
    if "sandbox_now" not in g:
        at = asked_at()
        if at is None:
            at = stored_at()
        g.sandbox_now = time.time() if at is None else at
    return g.sandbox_now


def parse(value) -> int | None:
    """Epoch seconds from an RFC 3339 date-time with a zone, or from a number; None when neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if value >= 0 else None
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return int(parsed.timestamp()) if parsed.tzinfo is not None else None


def _rfc3339(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reply():
    at = stored_at()
    return jsonify(at=None if at is None else _rfc3339(at), now=_rfc3339(int(now())))


@admin.get("/sandbox/_clock")
def get_clock():
    return _reply()


@admin.post("/sandbox/_clock")
def set_clock():
    body = request.get_json(silent=True) or {}
    at = parse(body.get("at"))
    if at is None:
        return jsonify(error='"at" must be an RFC 3339 date-time with a zone (or epoch seconds)'), 400
    if at > time.time() + MAX_AHEAD_DAYS * 86_400:
        return jsonify(
            error=f'"at" ({_rfc3339(at)}) is more than {MAX_AHEAD_DAYS} days ahead of the real time; '
            "the sandbox ages its world no further"
        ), 400
    set_at(at)
    g.pop("sandbox_now", None)
    return _reply()


@admin.delete("/sandbox/_clock")
def clear_clock():
    set_at(None)
    g.pop("sandbox_now", None)
    return _reply()
