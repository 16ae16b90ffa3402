"""X's sign-in pages: /oauth/authorize (always asks) and /oauth/authenticate (asks once), plus avatars.

Never touched by the fault switches, so a browser test can sign in while the API misbehaves.
"""

import zlib
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from .. import callbacks
from . import seed, tokens

bp = Blueprint("consent", __name__, template_folder="templates")

APP_NAME = "Sandbox app"
APPROVED_COOKIE = "sandbox_x_approved"
APPROVAL_SECONDS = 30 * 24 * 3600
AVATAR_COLOURS = ("#1d9bf0", "#7856ff", "#f91880", "#00ba7c", "#ff7a00")


@bp.get("/oauth/authorize")
def authorize():
    token = request.args.get("oauth_token")
    record = _pending_for_this_app(token)
    if record is None:
        return _invalid()
    return _consent(token, record, seed.by_username(request.args.get("screen_name")))


@bp.get("/oauth/authenticate")
def authenticate():
    token = request.args.get("oauth_token")
    record = _pending_for_this_app(token)
    if record is None:
        return _invalid()
    remembered = seed.by_username(request.cookies.get(APPROVED_COOKIE))
    forced = request.args.get("force_login", "").lower() in ("true", "1")
    if remembered and not forced:
        return _redirect_approved(token, record, remembered)
    return _consent(token, record, remembered or seed.by_username(request.args.get("screen_name")))


@bp.post("/oauth/authorize")
def decide():
    token = request.form.get("oauth_token")
    record = _pending_for_this_app(token)
    if record is None:
        return _invalid()
    if request.form.get("decision") == "cancel":
        tokens.discard(token)
        return redirect(_with_query(record["callback"], denied=token))
    account = seed.by_username(request.form.get("account"))
    if account is None:
        return _invalid("Pick one of the sandbox accounts to sign in with.")
    reply = _redirect_approved(token, record, account)
    reply.set_cookie(
        APPROVED_COOKIE,
        account.username,
        max_age=APPROVAL_SECONDS,
        path=url_for(".authorize").rsplit("/", 1)[0],
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return reply


@bp.get("/static/avatar/<username>.svg")
def avatar(username: str):
    account = seed.by_username(username) or abort(404)
    colour = AVATAR_COLOURS[zlib.crc32(username.encode()) % len(AVATAR_COLOURS)]
    initials = "".join(word[0] for word in account.name.split()[:2]).upper()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">'
        f'<rect width="400" height="400" fill="{colour}"/><text x="200" y="200" dy=".35em" '
        'text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="150" '
        f'font-weight="700" fill="#fff">{initials}</text></svg>'
    )
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


def avatar_url(account: seed.Account) -> str:
    # request.blueprints ends with the outermost blueprint, whatever name it was mounted under.
    return url_for(f"{request.blueprints[-1]}.consent.avatar", username=account.username, _external=True)


def _pending_for_this_app(token: str | None) -> dict | None:
    """The pending request token, if its callback leads back to this app (else: no open redirect)."""
    record = tokens.pending(token)
    return record if record is not None and callbacks.allowed("x", record["callback"]) else None


def _consent(token: str, record: dict, selected: seed.Account | None):
    return render_template(
        "sandbox_x/consent.html",
        app_name=APP_NAME,
        token=token,
        callback_host=urlsplit(record["callback"]).netloc,
        accounts=seed.ACCOUNTS,
        selected=(selected or seed.ACCOUNTS[0]).username,
    )


def _invalid(message: str = "This sign-in link is invalid or has expired.") -> tuple[str, int]:
    return render_template("sandbox_x/invalid.html", message=message), 400


def _redirect_approved(token: str, record: dict, account: seed.Account):
    verifier = tokens.approve(token, record, account)
    return redirect(_with_query(record["callback"], oauth_token=token, oauth_verifier=verifier))


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = "&".join(part for part in (parts.query, urlencode(params)) if part)
    return urlunsplit(parts._replace(query=query))
