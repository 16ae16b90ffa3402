"""The digest's pages: /mail/settings (ask for the digest, signed in; stop it, have the link sent again),
/mail/confirm/<token> (the confirmation mail's link) and /mail/unsubscribe/<token> (GET: a page with one button; POST:
RFC 8058's one-click unsubscribe, which mail clients send themselves). The last two need no sign-in: the token in the
link is the key. The pages are drawn by web/mail_pages.py in the app's stylesheet (its address handed in by
factory.py)."""

import logging
import re
import threading
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import available_timezones

from flask import Blueprint, abort, current_app, redirect, request
from markupsafe import escape
from sqlalchemy.exc import SQLAlchemyError

from core.labels import PROVIDERS
from mail.delivery import deliver_due
from mail.subscribing import Choice, needs_confirmation, subscribe
from mail.tokens import token_hash
from mail.transport import transport_for
from sync.database import mail_subscriptions, outbox
from web import accounts
from web.mail_limits import take_confirmation
from web.mail_pages import WEEKDAYS, Draft, PageAssets, Section, document, notice, settings_body

log = logging.getLogger(__name__)

blueprint = Blueprint("mail_links", __name__)
ADDRESS = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]{1,255}\.[^@\s<>\".]{2,63}$")
ZONE_COOKIE = "tz"  # the browser's zone, as the dashboards' time zone setting keeps it


def _sessions():
    return current_app.extensions["runtime"].archive.sessions


def _page(title: str, body: str, status: int = 200, providers=()):
    assets = current_app.extensions.get("mail_page_assets", PageAssets())
    html = document(title, body, assets, request.cookies.get("theme"), providers)
    return html, status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


def _send_soon() -> None:
    """Send the confirmation now rather than at the next mail round, off the request's thread."""
    runtime = current_app.extensions["runtime"]
    config = runtime.config

    def send():
        try:
            deliver_due(runtime.archive.sessions, transport_for(config), config.mail_from)
        except Exception:  # noqa: BLE001 - the mail round sends it later
            log.warning("Confirmation mail left for the next mail round")

    threading.Thread(target=send, name="mail-now", daemon=True).start()


def _browser_zone() -> str | None:
    """The zone the dashboards read days on for this browser (the "tz" cookie of 30-timezone.js), if it said."""
    zone = request.cookies.get(ZONE_COOKIE, "")
    return zone if zone in available_timezones() else None


def _section(provider: str, subscription, typed: Draft | None = None, error: str = "") -> Section:
    account = accounts.account(provider)
    state = "none" if subscription is None else "confirmed" if subscription.confirmed else "waiting"
    browser = _browser_zone()
    if typed is not None:
        # A zone not in the list cannot be shown selected: the form offers the browser's again.
        draft = typed if typed.zone in available_timezones() else replace(typed, zone=browser or "UTC")
    elif subscription is not None:
        draft = Draft(
            subscription.address,
            subscription.weekday,
            subscription.hour,
            subscription.time_zone,
            subscription.after_stream,
            subscription.alerts,
        )
    else:
        draft = Draft(zone=browser or "UTC")
    from_browser = typed is None and subscription is None and browser is None
    return Section(provider, account.username, state, draft, from_browser, error)


SAID = {
    "sent": "Check your mail: the link in it confirms the address.",
    "kept": "Saved.",
    "stopped": "Stopped: no more digests or alert mails for this account.",
}


def _settings_page(signed_in: list[str], said: str = "", status: int = 200, trouble: dict | None = None):
    """The page with a section per signed-in account; ``trouble`` is {provider: (what was typed, the sentence)}."""
    trouble = trouble or {}
    sections = []
    with _sessions().begin() as session:
        for provider in signed_in:
            subscription = mail_subscriptions.of_account(session, provider, accounts.account(provider).id)
            sections.append(_section(provider, subscription, *trouble.get(provider, (None, ""))))
    body = settings_body(sections, accounts.csrf_token() or "", said)
    return _page("Weekly digest", body, status, signed_in)


def _signed_in() -> list[str]:
    return [p for p in PROVIDERS if accounts.account(p) is not None]


@blueprint.get("/mail/settings")
def settings():
    signed_in = _signed_in()
    if not signed_in:
        return _page("Weekly digest", "<p>Sign in with X or Twitch first: the digest is of your own account.</p>")
    said = SAID.get(request.args.get("notice", ""))
    return _settings_page(signed_in, notice(said) if said else "")


def _posting_account():
    """The signed-in account a form posts for (CSRF checked): (provider, account)."""
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The form expired; reload the page and try again.")
    provider = request.form.get("provider", "")
    account = accounts.account(provider) if provider in PROVIDERS else None
    if account is None:
        abort(403, description="Sign in to choose your digest.")
    return provider, account


def _number(name: str, default: int, below: int) -> int | None:
    """A form's day or hour: None when it is not one of the list's (the field absent: the default)."""
    raw = request.form.get(name, str(default))
    return int(raw) if re.fullmatch(r"[0-9]{1,2}", raw) and int(raw) < below else None


def _typed(provider: str) -> Draft:
    """The form as sent, for keeping it or showing it again with a sentence."""
    form = request.form
    alerts = form.getlist("alerts")
    weekday, hour = _number("weekday", 0, 7), _number("hour", 9, 24)
    return Draft(
        form.get("address", "").strip()[:320],
        0 if weekday is None else weekday,
        9 if hour is None else hour,
        form.get("time_zone", "UTC").strip()[:64],
        provider == "twitch" and form.get("after_stream") == "1",  # X has no streams
        not alerts or alerts[-1] == "1",  # the box's hidden "0" comes first; no field at all: the default, on
    )


def _refused(provider: str, sentence: str, status: int):
    """The form again, as it was sent, with the sentence saying why nothing was kept."""
    return _settings_page(_signed_in(), "", status, {provider: (_typed(provider), sentence)})


def _store_choice(provider: str, account, choice: Choice, before):
    """Keep the choice, within the confirmation mails' limit; a redirect, or the form again with a sentence."""
    if needs_confirmation(before, choice.address):
        runtime = current_app.extensions["runtime"]
        refusal = take_confirmation(runtime.redis, runtime.key, provider, account.id)
        if refusal is not None:
            return _refused(provider, refusal.sentence, 429)
    try:
        subscription, _before = subscribe(
            _sessions(), current_app.extensions["app_config"], provider, account.id, choice
        )
    except (SQLAlchemyError, LookupError):
        return _refused(provider, "Your choice could not be kept just now (our database is away); try again.", 503)
    if subscription.confirmed:
        return redirect("/mail/settings?notice=kept", 303)
    _send_soon()
    return redirect("/mail/settings?notice=sent", 303)


def _current(provider: str, account_id: str):
    with _sessions().begin() as session:
        return mail_subscriptions.of_account(session, provider, account_id)


@blueprint.post("/mail/settings")
def save_settings():
    provider, account = _posting_account()
    typed = _typed(provider)
    if not ADDRESS.match(typed.address):
        return _refused(provider, f"{typed.address or 'An empty address'} is not a mail address we can send to.", 400)
    if typed.zone not in available_timezones():
        return _refused(provider, "Choose a time zone from the list, such as Europe/Paris.", 400)
    if _number("weekday", 0, 7) is None or _number("hour", 9, 24) is None:
        return _refused(provider, "Choose a day and an hour from the lists.", 400)
    choice = Choice(typed.address, typed.zone, typed.weekday, typed.hour, typed.after_stream, typed.alerts)
    try:
        before = _current(provider, account.id)
    except SQLAlchemyError:
        return _refused(provider, "Your choice could not be kept just now (our database is away); try again.", 503)
    return _store_choice(provider, account, choice, before)


@blueprint.post("/mail/resend")
def resend():
    """The confirmation mail again, with a new link (the first one lost or expired), within the limit."""
    provider, account = _posting_account()
    before = _current(provider, account.id)
    if before is None or before.confirmed:
        return redirect("/mail/settings", 303)  # nothing waits for a link
    choice = Choice(before.address, before.time_zone, before.weekday, before.hour, before.after_stream, before.alerts)
    return _store_choice(provider, account, choice, before)


@blueprint.post("/mail/stop")
def stop():
    """The signed-in owner's Stop button: the subscription forgotten, mail not sent yet cancelled."""
    provider, account = _posting_account()
    with _sessions().begin() as session:
        owner = mail_subscriptions.stop(session, provider, account.id)
        if owner is not None:
            outbox.cancel_waiting(session, owner, "stopped")
    return redirect("/mail/settings?notice=stopped", 303)


@blueprint.get("/mail/confirm/<token>")
def confirm(token: str):
    with _sessions().begin() as session:
        subscription = mail_subscriptions.confirm(session, token_hash(token), datetime.now(UTC))
    if subscription is None:
        return _page("Link expired", "<p>This link is no longer in use: ask for the digest again.</p>", 404)
    day = WEEKDAYS[subscription.weekday]
    return _page(
        "Address confirmed",
        f"<p>The digest of @{escape(subscription.username)} comes to "
        f'<strong class="text-break">{escape(subscription.address)}</strong> every {day} '
        f"at {subscription.hour:02d}:00 ({escape(subscription.time_zone)}).</p>"
        '<p><a href="/mail/settings">Digest settings</a></p>',
    )


@blueprint.get("/mail/unsubscribe/<token>")
def unsubscribe_page(token: str):
    """A page with one button: a GET changes nothing, since mail scanners follow links before people do."""
    with _sessions().begin() as session:
        subscription = mail_subscriptions.by_token(session, token_hash(token))
    if subscription is None:
        return _page("Unsubscribed", "<p>No more digests come to this address.</p>")
    return _page(
        "Unsubscribe",
        f"<p>Stop the digest and alert mails of @{escape(subscription.username)} to "
        f'<strong class="text-break">{escape(subscription.address)}</strong>?</p>'
        '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit" class="btn btn-danger">Unsubscribe</button></form>',
    )


@blueprint.post("/mail/unsubscribe/<token>")
def unsubscribe(token: str):
    """RFC 8058: a POST of List-Unsubscribe=One-Click to the header's address; the button above posts the same."""
    with _sessions().begin() as session:
        owner = mail_subscriptions.unsubscribe(session, token_hash(token))
        if owner is not None:
            outbox.cancel_waiting(session, owner, "unsubscribed")
    if owner is not None:
        log.info("A digest subscription was ended from its mail")
    return _page("Unsubscribed", "<p>No more digests come to this address.</p>")
