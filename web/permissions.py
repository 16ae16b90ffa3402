"""Permissions a newer feature needs from someone who signed in before it came: which are missing, and
"Not now" (POST /permissions/<provider>/not-now), after which the dashboard asks no more; and what Twitch
stopped telling this app about the channel (EventSub revocations), and why."""

from flask import Blueprint, abort, current_app, redirect, request

from core.labels import PROVIDERS
from eventsub.subscriptions import safely
from web import accounts
from web.signin.common import config

blueprint = Blueprint("permissions", __name__)


def _asked_key(provider: str, account_id: str) -> str:
    return f"{current_app.extensions['runtime'].key}permissions:asked:{provider}:{account_id}"


def missing(provider: str) -> list[str]:
    """The scopes the app asks for today that this session's sign-in did not grant; [] once "Not now" was said."""
    account, token = accounts.account(provider), accounts.token(provider)
    if provider != "twitch" or account is None or not token:
        return []
    granted = set(token.get("scopes") or [])
    lacking = [scope for scope in config().twitch_scopes if scope not in granted]
    if not lacking or current_app.extensions["runtime"].redis.exists(_asked_key(provider, account.id)):
        return []
    return lacking


@blueprint.post("/permissions/<provider>/not-now")
def not_now(provider: str):
    if provider not in PROVIDERS:
        abort(404)
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The form expired; reload the page and try again.")
    account = accounts.account(provider)
    if account is not None:
        current_app.extensions["runtime"].redis.set(_asked_key(provider, account.id), "1")
    return redirect(f"/{provider}", code=303)


def stopped(provider: str) -> dict[str, str]:
    """{EventSub type: why Twitch stopped sending it} for the signed-in channel; {} when nothing stopped."""
    account = accounts.account(provider)
    eventsub = current_app.extensions.get("eventsub")
    if provider != "twitch" or account is None or eventsub is None:
        return {}
    return safely(lambda: eventsub.subscriptions.status(account.id).get("revoked") or {}, "reading revocations") or {}
