"""Sign in with Twitch: the routes of the OAuth 2.0 code flow (the exchanges are providers.twitch.oauth)."""

import hmac
import logging
import secrets
import time
from urllib.parse import urlencode

from flask import Blueprint, redirect, request

from core.errors import SignInCancelled, SignInFailed
from providers.twitch import TwitchApp
from providers.twitch.oauth import exchange_code, fetch_own_user, validate
from sync.upstreams import twitch_app
from web import accounts
from web.signin.common import complete_and_track, config, explains_failures, public_base, safe_next

log = logging.getLogger(__name__)

PROVIDER = "twitch"
blueprint = Blueprint("twitch_auth", __name__)


def current_app_settings() -> TwitchApp:
    return twitch_app(config(), public_base())


@blueprint.get("/login/twitch")
def login():
    app = current_app_settings()
    state = secrets.token_urlsafe(32)  # 256 random bits, bound to this session, used once
    accounts.begin_sign_in(
        PROVIDER,
        {
            "state": state,
            "redirect_uri": app.redirect_uri,
            "next": safe_next(request.args.get("next"), "/twitch"),
        },
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": app.redirect_uri,
            "scope": " ".join(app.scopes),
            "state": state,
        }
    )
    return redirect(f"{app.authorize_url}?{query}")


@blueprint.get("/callback/twitch")
@explains_failures
def callback():
    pending = accounts.take_pending(PROVIDER)
    if pending is None:
        raise SignInFailed(PROVIDER, "no Twitch sign-in is pending in this session")
    if not hmac.compare_digest(pending["state"], request.args.get("state", "")):
        raise SignInFailed(PROVIDER, "the state does not match this session's sign-in")
    if request.args.get("error"):
        if request.args["error"] == "access_denied":
            raise SignInCancelled(PROVIDER, "sign-in cancelled")
        raise SignInFailed(PROVIDER, f"Twitch answered error={request.args['error'][:64]}")
    code = request.args.get("code")
    if not code:
        raise SignInFailed(PROVIDER, "the callback carries no code")

    app = current_app_settings()
    token = exchange_code(app, code, pending["redirect_uri"])
    identity = validate(app, token["access_token"])
    token["validated_at"] = time.time()
    user = fetch_own_user(app, token["access_token"])
    complete_and_track(
        accounts.Account(
            provider=PROVIDER,
            id=identity["user_id"],
            username=identity["login"],
            name=user.get("display_name") or identity["login"],
            sandbox=app.sandbox,
        ),
        token,
    )
    log.info("Twitch sign-in for user %s", identity["user_id"])
    return redirect(pending["next"])
