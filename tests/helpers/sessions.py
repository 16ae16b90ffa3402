"""What the app keeps for a test's browser session in Redis: its session and the CSRF token of its forms."""

import msgspec
import requests


def stored_session(redis_client, key_prefix: str, http: requests.Session) -> dict | None:
    raw = redis_client.get(f"{key_prefix}session:{http.cookies['session']}")
    return msgspec.msgpack.decode(raw) if raw else None


def csrf_token(redis_client, key_prefix: str, http: requests.Session) -> str:
    """The token the navbar's and dashboard's forms carry, made at sign-in."""
    return stored_session(redis_client, key_prefix, http)["csrf"]
