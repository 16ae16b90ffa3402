"""The sandbox's OAuth grants: one-time codes, expiring access tokens, refresh tokens, app tokens.

A grant is one person's consent to one app for some scopes. Refreshing it swaps in a new access
token (the old one stops working at once) and a new refresh token; earlier refresh tokens of the
grant keep working, as Twitch's do. Revoking any token of a grant ends the whole grant. Records are
keyed by SHA-256 digests, so the store never holds a usable token. An app access token (the
client-credentials grant) speaks for the app alone: no user, no scopes, no refresh token.
"""

import hashlib
import secrets
import string
import time
import uuid

from ..state import SandboxState

CODE_SECONDS = 600
ACCESS_TOKEN_SECONDS = 14_000  # Twitch hands out roughly four hours
APP_TOKEN_SECONDS = 60 * 86_400  # Twitch's app access tokens last about two months
GRANT_SECONDS = 90 * 86_400  # Twitch refresh tokens do not expire; the store still needs an end

_ALPHABET = string.ascii_lowercase + string.digits


def _new_token(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_code(state: SandboxState, client_id: str, redirect_uri: str, scopes: list[str], user_id: str) -> str:
    code = _new_token(30)
    record = {"client_id": client_id, "redirect_uri": redirect_uri, "scopes": scopes, "user_id": user_id}
    state.put("twitch:code", _digest(code), record, ttl=CODE_SECONDS)
    return code


def redeem_code(state: SandboxState, code: str, client_id: str, redirect_uri: str) -> dict | None:
    """The code's record if it is valid for this client and redirect URI; any attempt uses it up."""
    record = state.pop("twitch:code", _digest(code)) if code else None
    if not record or record["client_id"] != client_id or record["redirect_uri"] != redirect_uri:
        return None
    return record


def start_grant(state: SandboxState, client_id: str, user_id: str, scopes: list[str]) -> dict:
    grant_id = uuid.uuid4().hex
    grant = {"client_id": client_id, "user_id": user_id, "scopes": scopes}
    # What the user has authorized this app to do, across grants: an app token's EventSub subscriptions
    # about the user need it. Revoking a token leaves it, as disconnecting a token does on Twitch.
    authorized = state.get("twitch:authorized", f"{client_id}:{user_id}") or {"scopes": []}
    state.put("twitch:authorized", f"{client_id}:{user_id}", {"scopes": sorted({*authorized["scopes"], *scopes})})
    return _issue(state, grant_id, grant)


def _issue(state: SandboxState, grant_id: str, grant: dict) -> dict:
    """New access and refresh tokens for the grant; returns the token endpoint's reply body."""
    access_token, refresh_token = _new_token(30), _new_token(50)
    expires_at = int(time.time()) + ACCESS_TOKEN_SECONDS
    state.put(
        "twitch:access",
        _digest(access_token),
        {**grant, "grant": grant_id, "expires_at": expires_at},
        ttl=ACCESS_TOKEN_SECONDS,
    )
    state.put("twitch:refresh", _digest(refresh_token), {"grant": grant_id}, ttl=GRANT_SECONDS)
    state.put("twitch:grant", grant_id, {**grant, "access": _digest(access_token)}, ttl=GRANT_SECONDS)
    return {
        "access_token": access_token,
        "refresh_token": refresh_token,
        "expires_in": ACCESS_TOKEN_SECONDS,
        "scope": grant["scopes"],
        "token_type": "bearer",
    }


def issue_app_token(state: SandboxState, client_id: str) -> dict:
    """An app access token; returns the token endpoint's reply body (no refresh token, no scope)."""
    access_token = _new_token(30)
    expires_at = int(time.time()) + APP_TOKEN_SECONDS
    record = {"client_id": client_id, "user_id": None, "scopes": [], "grant": None, "expires_at": expires_at}
    state.put("twitch:access", _digest(access_token), record, ttl=APP_TOKEN_SECONDS)
    return {"access_token": access_token, "expires_in": APP_TOKEN_SECONDS, "token_type": "bearer"}


def refresh(state: SandboxState, refresh_token: str, client_id: str) -> dict | None:
    record = state.get("twitch:refresh", _digest(refresh_token)) if refresh_token else None
    grant = record and state.get("twitch:grant", record["grant"])
    if not grant or grant["client_id"] != client_id:
        return None
    state.delete("twitch:access", grant.pop("access"))
    return _issue(state, record["grant"], grant)


def access(state: SandboxState, access_token: str) -> dict | None:
    """The live access token's record with ``expires_in`` filled in, or None."""
    record = state.get("twitch:access", _digest(access_token)) if access_token else None
    if not record:
        return None
    return {**record, "expires_in": max(0, record["expires_at"] - int(time.time()))}


def revoke(state: SandboxState, token: str, client_id: str) -> bool:
    """End the grant that ``token`` (access or refresh) belongs to; False if there is none for this client."""
    digest = _digest(token)
    record = state.get("twitch:access", digest) or state.get("twitch:refresh", digest)
    if record and record.get("user_id", "") is None:  # an app token: no grant behind it
        if record["client_id"] != client_id:
            return False
        state.delete("twitch:access", digest)
        return True
    grant = record and state.get("twitch:grant", record["grant"])
    if not grant or grant["client_id"] != client_id:
        return False
    state.delete("twitch:grant", record["grant"])
    state.delete("twitch:access", grant["access"])
    state.delete("twitch:refresh", digest)
    return True
