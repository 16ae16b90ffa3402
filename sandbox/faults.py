"""Fault switches: make a sandbox provider slow, rate-limited, failing, hanging, token-expired, or
answer in a variant other emulators and spec versions use.

Set over HTTP (tests and benchmarks run the app in another thread or process):

    POST /sandbox/_faults  {"provider": "twitch", "latency_ms": 50}
    POST /sandbox/_faults  {"provider": "x", "status": 429, "count": 2}
    POST /sandbox/_faults  {"provider": "twitch", "status": 503}          # until cleared
    POST /sandbox/_faults  {"provider": "twitch", "status": 503, "paths": ["/helix/subscriptions"]}
    POST /sandbox/_faults  {"provider": "twitch", "hang_seconds": 30}
    POST /sandbox/_faults  {"provider": "twitch", "expire_tokens": true}  # every token answers 401
    DELETE /sandbox/_faults                                               # all back to normal

"count" limits how many replies the status fault spoils (default: all until cleared); "paths"
limits it to requests whose path ends with one of them (default: every API path). A new
POST replaces the provider's whole set of faults. Each provider applies them to its API and token
endpoints only, never to the consent pages, so a browser can still sign in while the API misbehaves.

Variants: the providers as other emulators or other versions of their specs answer, where that
differs from what the providers document (each off by default):

    POST /sandbox/_faults  {"provider": "x", "new_field_names": true}      # 2.167's spelling: post_count,
                                                                           # repost_count, referenced_posts
    POST /sandbox/_faults  {"provider": "x", "old_posts_as_errors": true}  # past 30 days, private metrics are
                                                # refused post by post in errors[] instead of the post left out
    POST /sandbox/_faults  {"provider": "x", "non_numeric_ids": true}      # every tenth post id is not a number
    POST /sandbox/_faults  {"provider": "x", "endless_next_token": true}   # a next_token on every page, past
                                                                           # the 3,200 cap and the last post
    POST /sandbox/_faults  {"provider": "x", "unauthorized_without_code": true}  # a dead token gets v2's
                                                                           # plain 401 problem, no code 89
    POST /sandbox/_faults  {"provider": "twitch", "zoneless_times": true}  # "2026-11-30 03:31:53", as
                                                                           # Twitch's CLI mock API writes them

The clock (sandbox/clock.py) sits beside these switches: POST /sandbox/_clock {"at": "2026-09-01T12:00:00Z"}
makes both providers answer as of that moment; DELETE /sandbox/_clock puts them back on real time.
"""

import time

from flask import Blueprint, current_app, jsonify, request

from .state import SandboxState

PROVIDERS = ("x", "twitch")
MAX_HANG_SECONDS = 60

admin = Blueprint("sandbox_faults", __name__)


def state() -> SandboxState:
    return current_app.extensions["sandbox_state"]


@admin.post("/sandbox/_faults")
def set_faults():
    body = request.get_json(silent=True) or {}
    provider = body.pop("provider", None)
    if provider not in PROVIDERS:
        return jsonify(error=f"provider must be one of {PROVIDERS}"), 400
    count = body.pop("count", None)
    store = state()
    store.set_faults(provider, body)
    budget_key = store._key("faultbudget", provider)
    if count is None:
        store.client.delete(budget_key)
    else:
        store.client.set(budget_key, int(count))
    return jsonify(provider=provider, faults=body, count=count)


@admin.delete("/sandbox/_faults")
def clear_faults():
    store = state()
    for provider in PROVIDERS:
        store.set_faults(provider, {})
        store.client.delete(store._key("faultbudget", provider))
    return jsonify(cleared=True)


def active_status_fault(provider: str) -> int | None:
    """Apply latency and hangs now; return the HTTP status to fail with, if any."""
    store = state()
    faults = store.faults(provider)
    if not faults:
        return None
    if faults.get("latency_ms"):
        time.sleep(faults["latency_ms"] / 1000)
    if faults.get("hang_seconds"):
        time.sleep(min(float(faults["hang_seconds"]), MAX_HANG_SECONDS))
    status = faults.get("status")
    paths = faults.get("paths")
    if status and (not paths or request.path.endswith(tuple(paths))):
        budget_set = store.client.exists(store._key("faultbudget", provider))
        if not budget_set or store.take_fault_budget(provider):
            return int(status)
    return None


def tokens_expired(provider: str) -> bool:
    return bool(state().faults(provider).get("expire_tokens"))


def variant(provider: str, name: str) -> bool:
    """Whether the provider answers in the named variant (see the module's docstring)."""
    return bool(state().faults(provider).get(name))
