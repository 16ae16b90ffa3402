"""Pieces every provider's sign-in routes share: where to send people, and how to fail politely."""

import functools
import logging
from urllib.parse import urlencode, urlsplit

from flask import current_app, redirect, request

from core.config import Config
from core.errors import ProviderError, ProviderUnavailable, RateLimited, SignInCancelled, SignInExpired
from sync.database.archive import Archive, HistoryUnavailable
from web import accounts
from web.eventsub import enrol_later

log = logging.getLogger(__name__)


def config() -> Config:
    return current_app.extensions["app_config"]


def public_base() -> str:
    """This app's own base URL as the browser sees it: FRONT_END_URL, else the request's host, which
    Flask has already checked against the hosts this app serves (Config.trusted_hosts)."""
    return config().front_end_url or request.host_url.rstrip("/")


def archive() -> Archive:
    return current_app.extensions["runtime"].archive


def complete_and_track(acct: accounts.Account, token: dict) -> None:
    """Finish the browser's sign-in and enrol the account for daily collection with its long-lived
    credentials (stored sealed, apart from the session). A database that is away costs the
    enrolment only: the person is signed in, and the dashboard says history is not being kept."""
    accounts.complete_sign_in(acct, token)
    current_app.extensions["runtime"].store.welcome_back(acct.provider, acct.id)  # after a "delete my data"
    try:
        archive().enrol(acct.provider, acct.id, acct.username, acct.name, token)
    except HistoryUnavailable:
        log.warning("%s account not enrolled for collection: the history database is away", acct.provider)
    if acct.provider == "twitch":
        enrol_later(acct.id, token)  # the stream story's EventSub subscriptions


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site, else ``default``: no open redirects."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ord(ch) < 32 for ch in target) or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def notice_code(error: ProviderError) -> str:
    for kind, code in (
        (SignInCancelled, "cancelled"),
        (SignInExpired, "expired"),
        (RateLimited, "rate-limited"),
        (ProviderUnavailable, "unavailable"),
    ):
        if isinstance(error, kind):
            return code
    return "failed"


def home_with_notice(code: str, provider: str | None = None, deleted: int | None = None):
    """Back to the home page, which explains ``code`` in words (see dashboard/notices.py)."""
    query = {"notice": code, **({"provider": provider} if provider else {})}
    if deleted is not None:
        query["deleted"] = str(deleted)
    return redirect("/?" + urlencode(query))


def explains_failures(view):
    """A sign-in route whose provider errors become a friendly notice on the home page."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ProviderError as error:
            return sign_in_failed(error)

    return wrapped


def sign_in_failed(error: ProviderError):
    if isinstance(error, SignInCancelled):
        log.info("%s sign-in cancelled by the user", error.provider)
    else:
        log.warning("%s sign-in failed: %s (%s)", error.provider, type(error).__name__, error)
    return home_with_notice(notice_code(error), error.provider)
