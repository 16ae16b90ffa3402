"""The digest's pages: /mail/settings (ask for the digest, signed in), /mail/confirm/<token> (the confirmation mail's
link) and /mail/unsubscribe/<token> (GET: a page with one button; POST: RFC 8058's one-click unsubscribe, which mail
clients send themselves). The last two need no sign-in: the token in the link is the key."""

import logging
import re
import threading
from datetime import UTC, datetime
from zoneinfo import available_timezones

from flask import Blueprint, abort, current_app, redirect, request
from markupsafe import escape
from sqlalchemy.exc import SQLAlchemyError

from core.labels import PROVIDERS
from mail.delivery import deliver_due
from mail.subscribing import Choice, subscribe
from mail.tokens import token_hash
from mail.transport import transport_for
from sync.database import mail_subscriptions, outbox
from web import accounts

log = logging.getLogger(__name__)

blueprint = Blueprint("mail_links", __name__)
ADDRESS = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]{1,255}\.[^@\s<>\".]{2,63}$")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NAMES = {"twitch": "Twitch", "twitter": "X"}
ZONE_COOKIE = "tz"  # the browser's zone, as the dashboards' time zone setting keeps it


def _sessions():
    return current_app.extensions["runtime"].archive.sessions


def _page(title: str, body: str, status: int = 200):
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body style="font-family:Arial,sans-serif;max-width:36em;margin:2em auto;padding:0 1em">'
        f'<h1>{escape(title)}</h1>{body}<p><a href="/">Back to the app</a></p></body></html>'
    )
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


def _form(provider: str, subscription, zone: str) -> str:
    chosen = lambda yes: " selected" if yes else ""  # noqa: E731
    weekday = subscription.weekday if subscription else 0
    hour = subscription.hour if subscription else 9
    zone = subscription.time_zone if subscription else zone
    state = (
        f"<p>Now: {escape(subscription.address)}, "
        f"{'confirmed' if subscription.confirmed else 'waiting for the link in the confirmation mail'}.</p>"
        if subscription
        else ""
    )
    return (
        f'<h2>{NAMES[provider]}</h2>{state}<form method="post" action="/mail/settings">'
        f'<input type="hidden" name="csrf_token" value="{escape(accounts.csrf_token() or "")}">'
        f'<input type="hidden" name="provider" value="{provider}">'
        f'<p><label>Address <input type="email" name="address" required maxlength="320" '
        f'value="{escape(subscription.address if subscription else "")}"></label></p>'
        '<p><label>Day <select name="weekday">'
        + "".join(f'<option value="{i}"{chosen(i == weekday)}>{d}</option>' for i, d in enumerate(WEEKDAYS))
        + '</select></label> <label>Hour <select name="hour">'
        + "".join(f'<option value="{h}"{chosen(h == hour)}>{h:02d}:00</option>' for h in range(24))
        + f'</select></label> <label>Time zone <input name="time_zone" value="{escape(zone)}"></label></p>'
        f'<p><label><input type="checkbox" name="after_stream" value="1"'
        f"{' checked' if subscription and subscription.after_stream else ''}>"
        " Also after each stream (Twitch)</label></p>"
        '<p><button type="submit">Send me the weekly digest</button></p></form>'
    )


@blueprint.get("/mail/settings")
def settings():
    signed_in = [p for p in PROVIDERS if accounts.account(p) is not None]
    if not signed_in:
        return _page("Weekly digest", "<p>Sign in with X or Twitch first: the digest is of your own account.</p>")
    zone = request.cookies.get(ZONE_COOKIE, "UTC")
    zone = zone if zone in available_timezones() else "UTC"
    forms = []
    with _sessions().begin() as session:
        for provider in signed_in:
            subscription = mail_subscriptions.of_account(session, provider, accounts.account(provider).id)
            forms.append(_form(provider, subscription, zone))
    said = {
        "sent": '<p role="status">Check your mail: the link in it confirms the address.</p>',
        "kept": '<p role="status">Saved.</p>',
    }
    return _page("Weekly digest", said.get(request.args.get("notice", ""), "") + "".join(forms))


@blueprint.post("/mail/settings")
def save_settings():
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The form expired; reload the page and try again.")
    provider = request.form.get("provider", "")
    account = accounts.account(provider) if provider in PROVIDERS else None
    if account is None:
        abort(403, description="Sign in to choose your digest.")
    address = request.form.get("address", "").strip()
    zone = request.form.get("time_zone", "UTC").strip()
    try:
        weekday, hour = int(request.form.get("weekday", "0")), int(request.form.get("hour", "9"))
    except ValueError:
        weekday, hour = -1, -1
    if not ADDRESS.match(address) or len(address) > 320:
        return _page("Weekly digest", f"<p>{escape(address)} is not a mail address we can send to.</p>", 400)
    if zone not in available_timezones() or not (0 <= weekday < 7 and 0 <= hour < 24):
        return _page("Weekly digest", "<p>Choose a day, an hour and a time zone such as Europe/Paris.</p>", 400)
    choice = Choice(address, zone, weekday, hour, request.form.get("after_stream") == "1")
    try:
        subscription, _before = subscribe(
            _sessions(), current_app.extensions["app_config"], provider, account.id, choice
        )
    except (SQLAlchemyError, LookupError):
        away = "<p>Your choice could not be kept just now (our database is away); try again in a minute.</p>"
        return _page("Weekly digest", away, 503)
    if subscription.confirmed:
        return redirect("/mail/settings?notice=kept", 303)
    _send_soon()
    return redirect("/mail/settings?notice=sent", 303)


@blueprint.get("/mail/confirm/<token>")
def confirm(token: str):
    with _sessions().begin() as session:
        subscription = mail_subscriptions.confirm(session, token_hash(token), datetime.now(UTC))
    if subscription is None:
        return _page("Link expired", "<p>This link is no longer in use: ask for the digest again.</p>", 404)
    day = WEEKDAYS[subscription.weekday]
    return _page(
        "Address confirmed",
        f"<p>The digest of @{escape(subscription.username)} comes to {escape(subscription.address)} every {day} "
        f"at {subscription.hour:02d}:00 ({escape(subscription.time_zone)}).</p>",
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
        f"<p>Stop the digest of @{escape(subscription.username)} to {escape(subscription.address)}?</p>"
        f'<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">Unsubscribe</button></form>',
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
