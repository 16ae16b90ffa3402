"""Sign in with X: the routes of the OAuth 1.0a three-legged flow (the exchanges are providers.x.oauth)."""

import hmac
import logging

from flask import Blueprint, redirect, request

from core.errors import SignInCancelled, SignInFailed
from providers.x import XApp, oauth
from sync.upstreams import x_app
from web import accounts
from web.signin.common import complete_and_track, config, explains_failures, public_base, safe_next
from web.signin.replay import Replay

log = logging.getLogger(__name__)

PROVIDER = "twitter"
blueprint = Blueprint("twitter_auth", __name__)


def current_app_settings() -> XApp:
    return x_app(config(), public_base())


@blueprint.get("/login/twitter")
@explains_failures
def login():
    app = current_app_settings()
    replay = Replay()
    with replay.exchanges("request-token", signed_with=(app.consumer_secret, "")):
        reply = oauth.request_token(app)
    # /authenticate, not /authorize: a person who approved this app before gets straight back, unless they asked
    # to choose the account (?switch=1, "Choose the X account" on the home page).
    authenticate = app.authenticate_url(reply["oauth_token"], force_login=request.args.get("switch") == "1")
    replay.redirected("authorize-redirect", authenticate)
    accounts.begin_sign_in(
        PROVIDER,
        {
            "request_token": reply["oauth_token"],
            "request_secret": reply["oauth_token_secret"],
            "next": safe_next(request.args.get("next"), "/twitter"),
            "replay": replay.steps,
        },
    )
    return redirect(authenticate)


@blueprint.get("/callback/twitter")
@explains_failures
def callback():
    pending = accounts.take_pending(PROVIDER)  # used once, whatever happens next
    if pending is None:
        raise SignInFailed(PROVIDER, "no X sign-in is pending in this session")
    replay = Replay(pending.get("replay"))
    replay.returned("verifier-returned")
    returned = request.args.get("oauth_token") or request.args.get("denied") or ""
    if not hmac.compare_digest(pending["request_token"], returned):
        raise SignInFailed(PROVIDER, "the request token does not match this session's sign-in")
    if "denied" in request.args:
        raise SignInCancelled(PROVIDER, "sign-in cancelled")
    verifier = request.args.get("oauth_verifier")
    if not verifier:
        raise SignInCancelled(PROVIDER, "the callback carries no verifier")

    app = current_app_settings()
    with replay.exchanges("access-token", signed_with=(app.consumer_secret, pending["request_secret"])):
        reply = oauth.access_token(app, pending["request_token"], pending["request_secret"], verifier)
    token = {"oauth_token": reply["oauth_token"], "oauth_token_secret": reply["oauth_token_secret"]}
    with replay.exchanges("signed-request", signed_with=(app.consumer_secret, token["oauth_token_secret"])):
        name = oauth.display_name(app, token, fallback=reply["screen_name"])
    account = accounts.Account(
        provider=PROVIDER, id=reply["user_id"], username=reply["screen_name"], name=name, sandbox=app.sandbox
    )
    complete_and_track(account, token)
    log.info("X sign-in for user %s", reply["user_id"])
    replay.redirected("signed-in", pending["next"])
    secrets = [app.consumer_key, app.consumer_secret, verifier, pending["request_token"], pending["request_secret"]]
    replay.keep(PROVIDER, account, [*secrets, *token.values()])
    return redirect(pending["next"])
