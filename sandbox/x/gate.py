"""What every X API call passes before its handler runs: fault switches, OAuth 1.0a, rate limits.

Two flavours, because X answers its two generations differently: ``oauth`` for /oauth/* and
/1.1/* (v1.1 error lists) and ``v2`` for /2/* (problem objects, rate-limit headers on every reply).
"""

import functools
import time

from flask import make_response

from .. import clock, faults
from . import replies, signing, tokens

WINDOW_SECONDS = 15 * 60
# Requests per window per access token, X's documented user-context limits.
RATE_LIMITS = {"users_me": 75, "users_tweets": 900}
# X documents no limit for its OAuth endpoints; this number only fills the headers of a forced 429.
OAUTH_NOMINAL_LIMIT = 15
FAULT_RESET_SECONDS = 5  # a forced 429 says "try again in a few seconds", not in 15 minutes


def oauth(token_kind: str | None):
    """Guard an /oauth/* or /1.1/* handler, called as ``view(oauth_params, token_record)``."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            status = faults.active_status_fault("x")
            if status:
                return _with_fault_headers(replies.v1_status(status), OAUTH_NOMINAL_LIMIT)
            try:
                params, record = signing.authenticate(token_kind)
                if token_kind == tokens.ACCESS_TOKEN:
                    _check_alive(record)
            except signing.AuthError as error:
                return replies.v1_error(401, error.error)
            return view(params, record, *args, **kwargs)

        return guarded

    return decorate


def v2(endpoint: str):
    """Guard a /2 handler, called as ``view(access_token_record)``; counts it against ``endpoint``'s limit."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            limit = RATE_LIMITS[endpoint]
            status = faults.active_status_fault("x")
            if status:
                return _with_fault_headers(replies.problem(status), limit)
            try:
                params, record = signing.authenticate(tokens.ACCESS_TOKEN)
                _check_alive(record)
            except signing.AuthError as error:
                return replies.unauthorized(error.error[0], not faults.variant("x", "unauthorized_without_code"))
            # Windows follow the clock, as Twitch's do (see twitch/ratelimit.py).
            used, reset = faults.state().count(f"x:{endpoint}:{params['oauth_token']}", WINDOW_SECONDS, clock.now())
            reply = replies.problem(429) if used > limit else make_response(view(record, *args, **kwargs))
            reply.headers.update(_rate_headers(limit, max(limit - used, 0), reset))
            return reply

        return guarded

    return decorate


def _check_alive(record: dict) -> None:
    if record.get("revoked") or faults.tokens_expired("x"):
        raise signing.AuthError(replies.INVALID_TOKEN)


def _with_fault_headers(reply, limit: int):
    if reply.status_code == 429:  # X's 429 always says when to come back, and never via Retry-After
        reply.headers.update(_rate_headers(limit, 0, int(time.time()) + FAULT_RESET_SECONDS))
    return reply


def _rate_headers(limit: int, remaining: int, reset: int) -> dict[str, str]:
    return {
        "x-rate-limit-limit": str(limit),
        "x-rate-limit-remaining": str(remaining),
        "x-rate-limit-reset": str(reset),
    }
