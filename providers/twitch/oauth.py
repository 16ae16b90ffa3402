"""Twitch's OAuth 2.0 exchanges as plain functions: code exchange, refresh, validation, revocation, own user.

No web framework here: the sign-in routes (web/signin/twitch.py) and the Helix client both call these.
"""

import logging
import time

import requests

from core.errors import ProviderUnavailable, SignInExpired, SignInFailed
from providers.http import SIGN_IN_TIMEOUT, new_session
from providers.recording import observe
from providers.twitch import TwitchApp

log = logging.getLogger(__name__)

PROVIDER = "twitch"
# A person waits on these calls (sign-in, sign-out, token refresh): one try each, then a clear message.
_http = new_session()
_http.hooks["response"].append(observe)  # the sign-in replay's, which records only when asked to


def _token_record(reply: dict) -> dict:
    return {
        "access_token": reply["access_token"],
        "refresh_token": reply.get("refresh_token"),
        "expires_at": time.time() + int(reply.get("expires_in") or 0),
        "scopes": list(reply.get("scope") or []),
    }


def _post_token(app: TwitchApp, form: dict, failure: type[Exception]) -> dict:
    try:
        reply = _http.post(
            f"{app.auth_base}/oauth2/token",
            data={"client_id": app.client_id, "client_secret": app.client_secret, **form},
            timeout=SIGN_IN_TIMEOUT,
        )
    except requests.RequestException as error:
        raise ProviderUnavailable(PROVIDER, "Twitch did not answer; try again in a minute.") from error
    if reply.status_code >= 500 or reply.status_code == 429:
        raise ProviderUnavailable(PROVIDER, f"Twitch's token endpoint answered {reply.status_code}")
    if reply.status_code != 200:
        raise failure(PROVIDER, f"Twitch refused the token request ({reply.status_code})")
    try:
        return _token_record(reply.json())
    except (ValueError, KeyError) as error:
        raise ProviderUnavailable(PROVIDER, "Twitch's token reply was not understood") from error


def exchange_code(app: TwitchApp, code: str, redirect_uri: str) -> dict:
    # The redirect_uri must be the very one sent to /authorize, which the pending record kept.
    return _post_token(
        app, {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}, SignInFailed
    )


def refresh(app: TwitchApp, refresh_token: str) -> dict:
    """A new access token (and refresh token); SignInExpired when Twitch will not give one."""
    return _post_token(app, {"grant_type": "refresh_token", "refresh_token": refresh_token}, SignInExpired)


def app_access_token(app: TwitchApp) -> dict:
    """An app access token (client credentials grant): for public data of many channels, like live streams."""
    return _post_token(app, {"grant_type": "client_credentials"}, ProviderUnavailable)


def validate(app: TwitchApp, access_token: str) -> dict:
    """Twitch's /oauth2/validate, which apps must call at sign-in and hourly after."""
    try:
        reply = _http.get(
            f"{app.auth_base}/oauth2/validate",
            headers={"Authorization": f"OAuth {access_token}"},
            timeout=SIGN_IN_TIMEOUT,
        )
    except requests.RequestException as error:
        raise ProviderUnavailable(PROVIDER, "Twitch did not answer; try again in a minute.") from error
    if reply.status_code == 401:
        raise SignInExpired(PROVIDER, "Your Twitch sign-in has expired; please sign in again.")
    if reply.status_code != 200:
        raise ProviderUnavailable(PROVIDER, f"Twitch's validate endpoint answered {reply.status_code}")
    body = reply.json()
    if body.get("client_id") != app.client_id:
        raise SignInFailed(PROVIDER, "the token was issued to another application")
    return body


def fetch_own_user(app: TwitchApp, access_token: str) -> dict:
    try:
        reply = _http.get(
            f"{app.api_base}/users",
            timeout=SIGN_IN_TIMEOUT,
            headers={"Authorization": f"Bearer {access_token}", "Client-Id": app.client_id},
        )
        reply.raise_for_status()
        return (reply.json().get("data") or [{}])[0]
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(PROVIDER, "Twitch did not return the account") from error


def revoke(app: TwitchApp, token: dict) -> None:
    """Best effort at sign-out: a failure is logged, never shown, and never keeps anyone signed in."""
    try:
        reply = _http.post(
            f"{app.auth_base}/oauth2/revoke",
            timeout=SIGN_IN_TIMEOUT,
            data={"client_id": app.client_id, "token": token["access_token"]},
        )
        if reply.status_code != 200:
            log.info("Twitch token revocation answered %s", reply.status_code)
    except requests.RequestException as error:
        log.info("Twitch token revocation failed: %s", type(error).__name__)
