"""The pass a right password earns on one share link: a cookie scoped to that link's path, so a reload shows the
page instead of asking again.

Its value is an expiry and an HMAC (the app's SECRET_KEY) over the link's id, its token's hash, its password's
hash and that expiry: it opens only the link it was made for, and ends with a new password, the link's expiry or
PASS_HOURS, whichever comes first. It never replaces the link's own check: a revoked or expired link is not found
before the pass is looked at, so it answers 404 at once with a pass or without.
"""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from flask import Response, current_app, request

from sync.database.share_links import Share, token_hash

COOKIE = "share_pass"
PASS_HOURS = 12


def link_path(token: str) -> str:
    """The link's page; as the pass's path it reaches that page and its preview image, never another link's."""
    return f"/s/{token}"


def _mac(share: Share, token: str, until: int) -> str:
    message = f"share pass|{share.id}|{token_hash(token)}|{share.password_hash or ''}|{until}".encode()
    return hmac.new(current_app.secret_key.encode(), message, hashlib.sha256).hexdigest()


def grant(response: Response, share: Share, token: str) -> Response:
    """Set the pass on ``response`` (the redirect to the page after a right password)."""
    ends = datetime.now(UTC) + timedelta(hours=PASS_HOURS)
    if share.expires_at is not None:
        ends = min(ends, share.expires_at)
    until = int(ends.timestamp())
    response.set_cookie(
        COOKIE,
        f"{until}.{_mac(share, token, until)}",
        max_age=max(0, until - int(datetime.now(UTC).timestamp())),
        path=link_path(token),
        secure=request.is_secure,
        httponly=True,
        samesite="Lax",
    )
    return response


def holds(share: Share, token: str) -> bool:
    """Whether this request carries a pass to ``share`` (found live by ``token``) that has not run out."""
    until, _dot, mac = request.cookies.get(COOKIE, "").partition(".")
    if not until.isdigit() or int(until) <= datetime.now(UTC).timestamp():
        return False
    return hmac.compare_digest(mac, _mac(share, token, int(until)))
