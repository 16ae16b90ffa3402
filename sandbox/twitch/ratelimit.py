"""Helix's rate limit: a per-minute budget per app and user, announced in Ratelimit-* headers."""

import time

from flask import Response

from .. import clock
from ..state import SandboxState

RATE_LIMIT = 800  # Twitch's default bucket size per minute
WINDOW_SECONDS = 60
FAULT_RESET_SECONDS = 3  # how far ahead Ratelimit-Reset points during an injected 429


def spend(state: SandboxState, client_id: str, user_id: str) -> tuple[int, int, int]:
    """Count one request; returns (limit, remaining, reset epoch), remaining -1 once overspent."""
    # Windows follow the clock: a replay of past days spreads its requests over those days, as they were.
    used, reset = state.count(f"twitch:{client_id}:{user_id}", WINDOW_SECONDS, clock.now())
    return RATE_LIMIT, RATE_LIMIT - used, reset


def exhausted() -> tuple[int, int, int]:
    """Headers for an injected 429: nothing left, back in a few seconds."""
    return RATE_LIMIT, 0, int(time.time()) + FAULT_RESET_SECONDS


def apply_headers(response: Response, limit: int, remaining: int, reset: int) -> Response:
    response.headers["Ratelimit-Limit"] = str(limit)
    response.headers["Ratelimit-Remaining"] = str(max(0, remaining))
    response.headers["Ratelimit-Reset"] = str(reset)
    return response
