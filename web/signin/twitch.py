"""Sign in with Twitch: the routes of the OAuth 2.0 code flow (the exchanges are providers.twitch.oauth)."""

import hmac
import logging
import secrets
import time
from urllib.parse import urlencode

from flask import Blueprint, redirect, request

from core.errors import SignInCancelled, SignInFailed
from providers.redaction import redact
from providers.twitch import TwitchApp
from providers.twitch.oauth import exchange_code, fetch_own_user, validate
from sync.upstreams import twitch_app
from web import accounts
from web.signin.common import complete_and_track, config, explains_failures, public_base, safe_next
from web.signin.replay import Replay

log = logging.getLogger(__name__)

PROVIDER = "twitch"
blueprint = Blueprint("twitch_auth", __name__)
STATE_BYTES = 32  # 256 random bits


def current_app_settings() -> TwitchApp:
    return twitch_app(config(), public_base())


@blueprint.get("/login/twitch")
def login():
    app = current_app_settings()
    replay, began = Replay(), time.perf_counter()
    state = secrets.token_urlsafe(STATE_BYTES)  # bound to this session, used once
    replay.timed("state-made", began, state=redact(state), bits=STATE_BYTES * 8)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": app.redirect_uri,
            "scope": " ".join(app.scopes),
            "state": state,
        }
    )
    authorize = f"{app.authorize_url}?{query}"
    replay.redirected("authorize-redirect", authorize)
    accounts.begin_sign_in(
        PROVIDER,
        {
            "state": state,
            "redirect_uri": app.redirect_uri,
            "next": safe_next(request.args.get("next"), "/twitch"),
            "replay": replay.steps,
        },
    )
    return redirect(authorize)


@blueprint.get("/callback/twitch")
@explains_failures
def callback():
    pending = accounts.take_pending(PROVIDER)
    if pending is None:
        raise SignInFailed(PROVIDER, "no Twitch sign-in is pending in this session")
    replay = Replay(pending.get("replay"))
    replay.returned("code-returned")
    began, returned = time.perf_counter(), request.args.get("state", "")
    if not hmac.compare_digest(pending["state"], returned):
        raise SignInFailed(PROVIDER, "the state does not match this session's sign-in")
    replay.timed("state-checked", began, state=redact(returned), kept=redact(pending["state"]))
    if request.args.get("error"):
        if request.args["error"] == "access_denied":
            raise SignInCancelled(PROVIDER, "sign-in cancelled")
        raise SignInFailed(PROVIDER, f"Twitch answered error={request.args['error'][:64]}")
    code = request.args.get("code")
    if not code:
        raise SignInFailed(PROVIDER, "the callback carries no code")

    app = current_app_settings()
    with replay.exchanges("token-exchange"):
        token = exchange_code(app, code, pending["redirect_uri"])
    with replay.exchanges("validation"):
        identity = validate(app, token["access_token"])
    token["validated_at"] = time.time()
    with replay.exchanges("own-user"):
        user = fetch_own_user(app, token["access_token"])
    account = accounts.Account(
        provider=PROVIDER,
        id=identity["user_id"],
        username=identity["login"],
        name=user.get("display_name") or identity["login"],
        sandbox=app.sandbox,
    )
    complete_and_track(account, token)
    log.info("Twitch sign-in for user %s", identity["user_id"])
    replay.redirected("signed-in", pending["next"])
    replay.keep(
        PROVIDER, account, [app.client_secret, code, pending["state"], token["access_token"], token["refresh_token"]]
    )
    return redirect(pending["next"])
