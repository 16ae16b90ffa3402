"""The server side of OAuth 1.0a (RFC 5849) as X runs it: HMAC-SHA1, a 5-minute clock, one-time nonces."""

import hashlib
import time

from flask import request
from oauthlib.common import Request
from oauthlib.oauth1.rfc5849 import signature

from ..credentials import X_CONSUMER_KEY, X_CONSUMER_SECRET
from ..faults import state
from .replies import BAD_AUTH, STALE_TIMESTAMP

MAX_CLOCK_SKEW = 5 * 60
NONCE_TTL = 2 * MAX_CLOCK_SKEW + 60  # outlives every timestamp the clock check still accepts
REQUIRED = ("oauth_consumer_key", "oauth_nonce", "oauth_signature", "oauth_signature_method", "oauth_timestamp")


class AuthError(Exception):
    """The request is not signed as X demands; carries X's v1.1 (code, message)."""

    def __init__(self, error: tuple[int, str] = BAD_AUTH):
        super().__init__(error[1])
        self.error = error


def authenticate(token_kind: str | None) -> tuple[dict[str, str], dict | None]:
    """Check the current request's signature; return its oauth_* parameters and its token's record.

    ``token_kind`` names the state kind the oauth_token must be found in (request or access
    tokens), or None for a request signed with the consumer secret alone.
    """
    params = _parameters()
    oauth = _oauth_parameters(params)
    if (
        oauth["oauth_consumer_key"] != X_CONSUMER_KEY
        or oauth["oauth_signature_method"] != "HMAC-SHA1"
        or oauth.get("oauth_version", "1.0") != "1.0"
    ):
        raise AuthError()
    record = None
    if token_kind:
        token = oauth.get("oauth_token")
        record = state().get(token_kind, token) if token else None
        if record is None:
            raise AuthError()
    if not _signature_matches(params, oauth["oauth_signature"], record["secret"] if record else ""):
        raise AuthError()
    _check_clock(oauth["oauth_timestamp"])
    _claim_nonce(oauth)
    return oauth, record


def _parameters() -> list[tuple[str, str]]:
    """Every signed parameter: query, Authorization header and form body (RFC 5849, 3.4.1.3.1)."""
    body = request.get_data(as_text=True) if request.mimetype == "application/x-www-form-urlencoded" else ""
    authorization = request.headers.get("Authorization")
    try:
        return signature.collect_parameters(
            uri_query=request.query_string.decode("latin-1"),
            body=body,
            headers={"Authorization": authorization} if authorization else None,
            exclude_oauth_signature=False,
        )
    except ValueError:  # a malformed header or query string
        raise AuthError() from None


def _oauth_parameters(params: list[tuple[str, str]]) -> dict[str, str]:
    oauth: dict[str, str] = {}
    for key, value in params:
        if key.startswith("oauth_"):
            if key in oauth:  # the protocol parameters may each appear once, in one place
                raise AuthError()
            oauth[key] = value
    if any(key not in oauth for key in REQUIRED):
        raise AuthError()
    return oauth


def _signature_matches(params: list[tuple[str, str]], claimed: str, token_secret: str) -> bool:
    # request.url is the URL the client signed, as long as a proxy in front is undone by ProxyFix.
    signed = Request(request.url, http_method=request.method)
    signed.params = [(key, value) for key, value in params if key != "oauth_signature"]
    signed.signature = claimed
    return signature.verify_hmac_sha1(signed, X_CONSUMER_SECRET, token_secret)


def _check_clock(timestamp: str) -> None:
    if not timestamp.isdigit():
        raise AuthError()
    if abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
        raise AuthError(STALE_TIMESTAMP)


def _claim_nonce(oauth: dict[str, str]) -> None:
    """RFC 5849, 3.3: a nonce is good once per timestamp, client and token."""
    store = state()
    parts = ("oauth_consumer_key", "oauth_token", "oauth_timestamp", "oauth_nonce")
    seen = "\n".join(oauth.get(part, "") for part in parts)
    key = store._key("x_nonce", hashlib.sha256(seen.encode()).hexdigest())  # nonces can be long
    if not store.client.set(key, 1, nx=True, ex=NONCE_TTL):
        raise AuthError()
