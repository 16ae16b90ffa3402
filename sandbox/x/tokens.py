"""Request tokens, verifiers and access tokens as X issues them, kept in the sandbox state."""

import secrets
import string
import time

from ..faults import state
from .seed import Account

REQUEST_TOKEN = "x_request_token"
ACCESS_TOKEN = "x_access_token"
REQUEST_TOKEN_TTL = 15 * 60
ALPHANUMERIC = string.ascii_letters + string.digits


def issue_request_token(callback: str) -> tuple[str, str]:
    token, secret = _random(27), _random(32)
    record = {"secret": secret, "callback": callback, "expires": int(time.time()) + REQUEST_TOKEN_TTL}
    state().put(REQUEST_TOKEN, token, record, ttl=REQUEST_TOKEN_TTL)
    return token, secret


def pending(token: str | None) -> dict | None:
    """The live request token's record: secret, callback and, once approved, verifier and user_id."""
    return state().get(REQUEST_TOKEN, token) if token else None


def approve(token: str, record: dict, account: Account) -> str:
    """Let ``account`` sign in with this request token; returns the verifier for the callback."""
    verifier = _random(32)
    ttl = max(record["expires"] - int(time.time()), 1)  # approving must not extend the token's life
    state().put(REQUEST_TOKEN, token, {**record, "verifier": verifier, "user_id": account.id}, ttl=ttl)
    return verifier


def discard(token: str) -> dict | None:
    """Delete the request token; returns its record only to the one caller that got there first."""
    return state().pop(REQUEST_TOKEN, token)


def issue_access_token(account: Account) -> tuple[str, str]:
    # X's access tokens start with the user id; they never expire, so no TTL.
    token, secret = f"{account.id}-{_random(40)}", _random(45)
    state().put(ACCESS_TOKEN, token, {"secret": secret, "user_id": account.id, "screen_name": account.username})
    return token, secret


def revoke(token: str, record: dict) -> None:
    # Kept, marked, so that the token keeps answering "invalid or expired" (code 89), not "unknown".
    state().put(ACCESS_TOKEN, token, {**record, "revoked": True})


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHANUMERIC) for _ in range(length))
