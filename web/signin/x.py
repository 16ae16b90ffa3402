"""Sign in with X: OAuth 1.0a three-legged flow (requests-oauthlib), and token invalidation."""
import hmac
import logging

import requests
from flask import Blueprint, redirect, request
from oauthlib.oauth1 import OAuth1Error
from requests_oauthlib import OAuth1Session
from requests_oauthlib.oauth1_session import TokenMissing, TokenRequestDenied

from core.errors import ProviderUnavailable, SignInCancelled, SignInFailed
from providers.http import SIGN_IN_TIMEOUT
from web import accounts
from web.signin.common import config, explains_failures, public_base, safe_next

from providers.x import TwitterApp

from providers.x import twitter_app
from providers.x.records import XUser

log = logging.getLogger(__name__)

PROVIDER = "twitter"
blueprint = Blueprint("twitter_auth", __name__)


def current_app_settings() -> TwitterApp:
    return twitter_app(config(), public_base())


@blueprint.get("/login/twitter")
@explains_failures
def login():
    app = current_app_settings()
    oauth = OAuth1Session(app.consumer_key, client_secret=app.consumer_secret, callback_uri=app.callback_uri)
    reply = _call(lambda: oauth.fetch_request_token(f"{app.api_base}/oauth/request_token", timeout=SIGN_IN_TIMEOUT))
    if reply.get("oauth_callback_confirmed") != "true":
        raise SignInFailed(PROVIDER, "X did not confirm the callback URL")
    accounts.begin_sign_in(PROVIDER, {
        "request_token": reply["oauth_token"],
        "request_secret": reply["oauth_token_secret"],
        "next": safe_next(request.args.get("next"), "/twitter"),
    })
    # /authenticate, not /authorize: a person who approved this app before gets straight back.
    return redirect(app.authenticate_url(reply["oauth_token"]))


@blueprint.get("/callback/twitter")
@explains_failures
def callback():
    pending = accounts.take_pending(PROVIDER)  # used once, whatever happens next
    if pending is None:
        raise SignInFailed(PROVIDER, "no X sign-in is pending in this session")
    returned = request.args.get("oauth_token") or request.args.get("denied") or ""
    if not hmac.compare_digest(pending["request_token"], returned):
        raise SignInFailed(PROVIDER, "the request token does not match this session's sign-in")
    if "denied" in request.args:
        raise SignInCancelled(PROVIDER, "sign-in cancelled")
    verifier = request.args.get("oauth_verifier")
    if not verifier:
        raise SignInCancelled(PROVIDER, "the callback carries no verifier")

    app = current_app_settings()
    oauth = OAuth1Session(app.consumer_key, client_secret=app.consumer_secret,
                          resource_owner_key=pending["request_token"],
                          resource_owner_secret=pending["request_secret"], verifier=verifier)
    reply = _call(lambda: oauth.fetch_access_token(f"{app.api_base}/oauth/access_token", timeout=SIGN_IN_TIMEOUT))
    token = {"oauth_token": reply["oauth_token"], "oauth_token_secret": reply["oauth_token_secret"]}
    accounts.complete_sign_in(accounts.Account(
        provider=PROVIDER, id=reply["user_id"], username=reply["screen_name"],
        name=_display_name(app, token, fallback=reply["screen_name"]), sandbox=app.sandbox,
    ), token)
    log.info("X sign-in for user %s", reply["user_id"])
    return redirect(pending["next"])


def _display_name(app: TwitterApp, token: dict, fallback: str) -> str:
    """The account's display name for the navbar, in one try; the sign-in goes on without it."""
    oauth = OAuth1Session(app.consumer_key, client_secret=app.consumer_secret,
                          resource_owner_key=token["oauth_token"], resource_owner_secret=token["oauth_token_secret"])
    try:
        reply = oauth.get(f"{app.api_base}/2/users/me", timeout=SIGN_IN_TIMEOUT)
        reply.raise_for_status()
        return XUser.from_api(reply.json().get("data") or {}).name or fallback
    except (requests.RequestException, ValueError) as error:
        log.info("X display name not fetched at sign-in: %s", type(error).__name__)
        return fallback


def _call(fetch) -> dict:
    """Run one token request, turning library and network errors into our error types."""
    try:
        return fetch()
    except TokenRequestDenied as error:
        status = error.status_code
        if status >= 500 or status == 429:
            raise ProviderUnavailable(PROVIDER, f"X answered {status}") from error
        raise SignInFailed(PROVIDER, f"X refused the token request ({status})") from error
    except (TokenMissing, OAuth1Error, ValueError, KeyError) as error:
        raise SignInFailed(PROVIDER, f"X's token reply was not understood ({type(error).__name__})") from error
    except requests.RequestException as error:
        raise ProviderUnavailable(PROVIDER, "X did not answer; try again in a minute.") from error


def invalidate(app: TwitterApp, token: dict) -> None:
    """Best effort at sign-out: a failure is logged, never shown, and never keeps anyone signed in."""
    oauth = OAuth1Session(app.consumer_key, client_secret=app.consumer_secret,
                          resource_owner_key=token["oauth_token"],
                          resource_owner_secret=token["oauth_token_secret"])
    try:
        reply = oauth.post(f"{app.api_base}/1.1/oauth/invalidate_token", timeout=SIGN_IN_TIMEOUT)
        if reply.status_code != 200:
            log.info("X token invalidation answered %s", reply.status_code)
    except requests.RequestException as error:
        log.info("X token invalidation failed: %s", type(error).__name__)
