"""Share links over HTTP: the shared page a signed-out visitor opens (/s/<token>), its preview image, and the
creator's own pages to make, list and revoke links (/shares).

The visitor's side needs no session and gets none: the page is drawn from the link's owner's stored data by
the views the composition root hands in (callbacks/sharing.py; this layer never draws). A link that does
not exist, was revoked or has expired answers 404 with a friendly page, at once (no response is cacheable).
A wrong password answers exactly what a dead link answers to the same form: the same page, the same 404,
after the same slow hash (a dummy one for a dead link), so guessing tells nothing about the link. A right password
earns a pass for that link's path (web/share_pass.py) and a redirect to the page, which a reload then shows.
Every answer here carries ``X-Robots-Tag: noindex`` and no Referer leaves the page (the token is in its
address); the routes are rate limited per client address (factory.py, SHARE_RATE_LIMIT).
"""

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from flask import Blueprint, Response, abort, current_app, redirect, request
from werkzeug.security import check_password_hash, generate_password_hash

from sync.database.archive import HistoryUnavailable
from sync.database.share_links import Share, ShareLinks
from web import accounts, share_pass
from web.preview_bots import is_preview_bot

log = logging.getLogger(__name__)

blueprint = Blueprint("sharing", __name__)

EXPIRIES = {"never": None, "1d": timedelta(days=1), "7d": timedelta(days=7), "30d": timedelta(days=30)}
PASSWORD_METHOD = "scrypt"  # werkzeug's salted scrypt: slow by design
# Checked against when the link is dead, so that a wrong password and a dead link take the same time.
_DUMMY_HASH = generate_password_hash("not a password of any link", method=PASSWORD_METHOD)
MAX_PASSWORD = 200


class ShareViews(Protocol):
    """What draws the pages (callbacks/sharing.py): HTML strings and the preview PNG."""

    def page(self, share: Share, address: str) -> str: ...
    def password_page(self, address: str) -> str: ...
    def ended_page(self, address: str | None) -> str: ...
    def preview(self, share: Share) -> bytes: ...
    def new_form(self, signed_in: dict, query: dict, csrf: str | None) -> str: ...
    def created_page(self, share: Share, address: str) -> str: ...
    def links_page(self, shares: list[Share], csrf: str | None, signed_in: dict) -> str: ...
    def panels_of(self, kind: str, provider: str) -> list[str]: ...


def _views() -> ShareViews:
    views = current_app.extensions.get("share_views")
    if views is None:  # the Flask server alone (no Dash pages): nothing to draw links with
        abort(404)
    return views


def links() -> ShareLinks:
    return current_app.extensions["share_links"]


def _html(body: str, status: int = 200) -> Response:
    return Response(body, status=status, mimetype="text/html")


@blueprint.after_request
def _private_and_unindexed(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    # A revoked link must stop answering at once: nothing may keep a copy (the preview revalidates, below).
    if not (request.path.endswith("/preview.png") and response.status_code in (200, 304)):
        response.headers["Cache-Control"] = "no-store"
    return response


# The visitor's side --------------------------------------------------------------------------------------


def _live(token: str) -> Share | None:
    if len(token) > 128:
        return None
    return links().find(token)


def _shown(share: Share, token: str) -> Response:
    if not is_preview_bot(request.headers.get("User-Agent")):  # a chat app drawing the link's card is no viewer
        links().count_view(share.id)
    return _html(_views().page(share, _address(token)))


@blueprint.get("/s/<token>")
def shared(token: str):
    views = _views()
    try:
        share = _live(token)
    except HistoryUnavailable:
        abort(503, description="The shared page cannot be read just now; please try again in a minute.")
    if share is None:
        return _html(views.ended_page(None), 404)
    if share.password_hash and not share_pass.holds(share, token):
        return _html(views.password_page(_address(token)))
    return _shown(share, token)


@blueprint.post("/s/<token>")
def unlock(token: str):
    """The password form: to the page, with a pass, when the password is right; otherwise what a dead link answers.
    A redirect (303) rather than the page itself: a reload is then a GET, and the pass lets it through."""
    views = _views()
    password = request.form.get("password", "")[:MAX_PASSWORD]
    try:
        share = _live(token)
    except HistoryUnavailable:
        abort(503, description="The shared page cannot be read just now; please try again in a minute.")
    if share is not None and not share.password_hash:
        return redirect(share_pass.link_path(token), code=303)
    right = check_password_hash(share.password_hash if share else _DUMMY_HASH, password)
    if share is not None and right:
        return share_pass.grant(redirect(share_pass.link_path(token), code=303), share, token)
    return _html(views.ended_page(_address(token)), 404)


@blueprint.get("/s/<token>/preview.png")
def preview(token: str):
    """The chat and social card's image; revalidated on every use (an ETag), so a revoked link's goes at once."""
    views = _views()
    share = _live(token)
    if share is None:
        return _html(views.ended_page(None), 404)
    image = views.preview(share)
    response = Response(image, mimetype="image/png")
    response.set_etag(_etag(image))
    response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request)


def _etag(image: bytes) -> str:
    import hashlib

    return hashlib.sha256(image).hexdigest()[:32]


def _address(token: str) -> str:
    return f"{request.host_url.rstrip('/')}{share_pass.link_path(token)}"


# The creator's side --------------------------------------------------------------------------------------


def _signed_in() -> dict:
    return accounts.signed_in()


@blueprint.get("/shares")
def shares_list():
    signed_in = _signed_in()
    if not signed_in:
        return redirect("/")
    shares = []
    for provider, account in signed_in.items():
        shares += [s for s in links().of_account(provider, account.id) if s.id not in {x.id for x in shares}]
    shares.sort(key=lambda s: s.created_at, reverse=True)
    return _html(_views().links_page(shares, accounts.csrf_token(), signed_in))


@blueprint.get("/shares/new")
def new_share():
    signed_in = _signed_in()
    if not signed_in:
        return redirect("/")
    return _html(_views().new_form(signed_in, request.args.to_dict(), accounts.csrf_token()))


@blueprint.post("/shares")
def create_share():
    signed_in = _signed_in()
    if not signed_in:
        abort(403, description="Sign in to share your numbers.")
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The form expired; reload the page and try again.")
    form = request.form
    kind = form.get("kind", "dashboard")
    if kind == "media-kit":
        # Every account signed in here takes part; Twitch's leads (its name and avatar head the page).
        providers = [p for p in ("twitch", "twitter") if p in signed_in]
        owner, partner = providers[0], (providers[1] if len(providers) > 1 else None)
    else:
        owner, partner = form.get("provider", ""), None
    if owner not in signed_in or kind not in ("dashboard", "stream", "media-kit"):
        abort(400, description="Sign in to the account you share first.")
    known = _views().panels_of(kind, owner)
    panels = tuple(p for p in form.getlist("panels") if p in known)
    if kind in ("dashboard", "media-kit") and not panels:
        abort(400, description="Choose at least one panel or number to share.")
    password = form.get("password", "")[:MAX_PASSWORD]
    try:
        _token, share = links().create(
            (owner, signed_in[owner].id),
            kind,
            title=form.get("title", "").strip(),
            panels=panels,
            stream_id=(form.get("stream_id") or None) if kind == "stream" else None,
            days=_days(form) if kind == "dashboard" else None,
            password_hash=generate_password_hash(password, method=PASSWORD_METHOD) if password else None,
            expires_at=_expiry(form.get("expires", "never")),
            partner=(partner, signed_in[partner].id) if partner else None,
        )
    except LookupError:
        abort(400, description="This account is not tracked yet; open its dashboard once, then share.")
    except HistoryUnavailable as error:
        abort(503, description=str(error))
    log.info("%s account made a %s share link", owner, kind)
    return _html(_views().created_page(share, _address(_token)))


def _days(form) -> tuple[date, date] | None:
    """The fixed range chosen, or None for the rolling last 30 days."""
    if form.get("range") != "fixed":
        return None
    try:
        start, end = date.fromisoformat(form.get("start", "")[:10]), date.fromisoformat(form.get("end", "")[:10])
    except ValueError:
        abort(400, description="The range's dates are not dates; go back and choose again.")
    return (start, end) if start <= end else (end, start)


def _expiry(choice: str) -> datetime | None:
    if choice not in EXPIRIES:
        abort(400, description="Choose when the link expires.")
    span = EXPIRIES[choice]
    return datetime.now(UTC) + span if span else None


@blueprint.post("/shares/<int:share_id>/revoke")
def revoke_share(share_id: int):
    signed_in = _signed_in()
    if not signed_in:
        abort(403, description="Sign in to manage your links.")
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The form expired; reload the page and try again.")
    revoked = any(links().revoke(provider, account.id, share_id) for provider, account in signed_in.items())
    if not revoked:
        abort(404)
    return redirect("/shares", code=303)


def init_sharing(server, sessions) -> None:
    """Keep the links' store; the views that draw them are added by create_app (server.extensions["share_views"])."""
    server.extensions["share_links"] = ShareLinks(sessions)
    server.register_blueprint(blueprint)

    def no_referrer(response: Response) -> Response:
        if request.blueprint == blueprint.name:
            response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
        return response

    # First in the list: the app's after-request functions run last to first, so this runs after Talisman's,
    # which sets the app's policy on every response.
    server.after_request_funcs.setdefault(None, []).insert(0, no_referrer)
