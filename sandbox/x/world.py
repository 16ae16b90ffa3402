"""When the sandbox's X world was made: every post's creation time hangs off this one fixed moment, so a
post written on Monday is a day older on Tuesday, and the clock (sandbox/clock.py) moved ahead finds it
older still.

Kept in the sandbox's Redis state, so every web process dates posts alike: the first request sets it to
the hour it came in, and a week later (real time) the world is made afresh, so a sandbox left running for
months still has posts young enough for X's private metrics. Within that week nothing is re-dated.
"""

import json
from datetime import UTC, datetime

from flask import current_app, g, has_request_context

from . import seed

WORLD_SECONDS = 7 * 86_400
_KIND, _KEY = "x_world", "anchor"


def anchor() -> datetime:
    """The moment the X accounts' posts are dated from (seed.py), read once per request."""
    if not has_request_context():
        return seed.hour_anchor()
    if "sandbox_x_anchor" not in g:
        g.sandbox_x_anchor = _stored_or_new()
    return g.sandbox_x_anchor


def _stored_or_new() -> datetime:
    state = current_app.extensions["sandbox_state"]
    key = state._key(_KIND, _KEY)
    fresh = int(seed.hour_anchor().timestamp())
    # The first process to ask sets it; every other then reads the same moment.
    state.client.set(key, json.dumps({"at": fresh}), nx=True, ex=WORLD_SECONDS)
    stored = state.get(_KIND, _KEY)
    return datetime.fromtimestamp(stored["at"] if stored else fresh, UTC)
