"""X's OAuth 1.0a exchanges as plain functions (requests-oauthlib): request token, access token,
the signed-in account's display name, and token invalidation.

No web framework here: the sign-in routes (web/signin/x.py) call these.
"""

import logging

import requests
from oauthlib.oauth1 import OAuth1Error
from requests_oauthlib import OAuth1Session
from requests_oauthlib.oauth1_session import TokenMissing, TokenRequestDenied

from core.errors import ProviderUnavailable, SignInFailed
from providers.http import SIGN_IN_TIMEOUT
from providers.recording import observe
from providers.x import XApp
from providers.x.records import XUser

log = logging.getLogger(__name__)

PROVIDER = "twitter"


def _observed(oauth: OAuth1Session) -> OAuth1Session:
    """``oauth`` with the sign-in replay's hook (providers/recording.py), which records only when asked to."""
    oauth.hooks["response"].append(observe)
    return oauth


def request_token(app: XApp) -> dict:
    """A request token for a new sign-in; SignInFailed unless X confirms the callback URL."""
    oauth = _observed(OAuth1Session(app.consumer_key, client_secret=app.consumer_secret, callback_uri=app.callback_uri))
    reply = _call(lambda: oauth.fetch_request_token(f"{app.api_base}/oauth/request_token", timeout=SIGN_IN_TIMEOUT))
    if reply.get("oauth_callback_confirmed") != "true":
        raise SignInFailed(PROVIDER, "X did not confirm the callback URL")
    return reply


def access_token(app: XApp, request_token_: str, request_secret: str, verifier: str) -> dict:
    """X's reply to the verifier: oauth_token, oauth_token_secret, user_id, screen_name."""
    oauth = _observed(
        OAuth1Session(
            app.consumer_key,
            client_secret=app.consumer_secret,
            resource_owner_key=request_token_,
            resource_owner_secret=request_secret,
            verifier=verifier,
        )
    )
    return _call(lambda: oauth.fetch_access_token(f"{app.api_base}/oauth/access_token", timeout=SIGN_IN_TIMEOUT))


def _signed_in(app: XApp, token: dict) -> OAuth1Session:
    """A session that signs its requests as the person ``token`` belongs to."""
    return _observed(
        OAuth1Session(
            app.consumer_key,
            client_secret=app.consumer_secret,
            resource_owner_key=token["oauth_token"],
            resource_owner_secret=token["oauth_token_secret"],
        )
    )


def display_name(app: XApp, token: dict, fallback: str) -> str:
    """The account's display name for the navbar, in one try; the sign-in goes on without it."""
    try:
        reply = _signed_in(app, token).get(f"{app.api_base}/2/users/me", timeout=SIGN_IN_TIMEOUT)
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


def invalidate(app: XApp, token: dict) -> None:
    """Best effort at sign-out: a failure is logged, never shown, and never keeps anyone signed in."""
    try:
        reply = _signed_in(app, token).post(f"{app.api_base}/1.1/oauth/invalidate_token", timeout=SIGN_IN_TIMEOUT)
        if reply.status_code != 200:
            log.info("X token invalidation answered %s", reply.status_code)
    except requests.RequestException as error:
        log.info("X token invalidation failed: %s", type(error).__name__)
