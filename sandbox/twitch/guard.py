"""What every Helix request passes first: fault switches, token and Client-Id, then the rate limit."""

from flask import Response, current_app, g, request

from .. import faults
from . import ratelimit, tokens
from .replies import HelixError, fault_reply, helix_error


def check_request() -> Response | None:
    """``before_request`` for Helix: a reply here ends the request."""
    fault = fault_reply(helix=True)
    if fault:
        return fault
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return helix_error(401, "OAuth token is missing")
    client_id = request.headers.get("Client-Id", "")
    if not client_id:
        return helix_error(401, "Client-Id header required")
    state = current_app.extensions["sandbox_state"]
    record = None if faults.tokens_expired("twitch") else tokens.access(state, token)
    if record is None:
        return helix_error(401, "Invalid OAuth token")
    if record["client_id"] != client_id:
        return helix_error(401, "Client ID and OAuth token do not match")
    g.twitch_token = record
    g.twitch_ratelimit = ratelimit.spend(state, client_id, record["user_id"])
    if g.twitch_ratelimit[1] < 0:
        return helix_error(429, "Too Many Requests")
    return None


def add_ratelimit_headers(response: Response) -> Response:
    """``after_request`` for Helix: every counted request, answered or refused, says where it stands."""
    if "twitch_ratelimit" in g:
        ratelimit.apply_headers(response, *g.twitch_ratelimit)
    return response


def user_id() -> str | None:
    """The user the request's access token speaks for; None for an app access token."""
    return g.twitch_token["user_id"]


def scopes() -> list[str]:
    return list(g.twitch_token["scopes"])


def has_scope(scope: str) -> bool:
    return scope in g.twitch_token["scopes"]


def require_scope(scope: str) -> None:
    if not has_scope(scope):
        raise HelixError(401, f"Missing scope: {scope}")
