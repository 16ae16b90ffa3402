"""Asking for the digest: keep the address and schedule with a fresh link token, and queue the confirmation mail
(sent by the next mail round; nothing else goes to the address before its link is followed)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from sqlalchemy.orm import Session, sessionmaker

from core.config import Config
from mail import links
from mail.compose import Letter, compose
from mail.delivery import queue_message
from mail.tokens import link_token, new_salt, token_hash
from sync.database import mail_subscriptions

NAMES = {"twitch": "Twitch", "twitter": "X"}


@dataclass(frozen=True)
class Choice:
    address: str
    time_zone: str
    weekday: int
    hour: int
    after_stream: bool
    alerts: bool = True  # alert mail as alerts happen, beside the digest


def subscription_token(config: Config, subscription) -> str:
    return link_token(config.secret_key, subscription.link_salt)


def confirmation_letter(provider: str, username: str, confirm: str, unsubscribe: str) -> Letter:
    name = NAMES.get(provider, provider)
    text = (
        f"Someone (you, we hope) asked for the weekly digest of {name} @{username} at this address.\n\n"
        f"Confirm it: {confirm}\n\n"
        f"Not you? Ignore this mail and nothing more will come; or stop it now: {unsubscribe}\n"
    )
    html = (
        f"<p>Someone (you, we hope) asked for the weekly digest of {escape(name)} @{escape(username)} at this "
        f'address.</p><p><a href="{escape(confirm)}">Confirm this address</a></p>'
        f'<p style="font-size:12px">Not you? Ignore this mail, or <a href="{escape(unsubscribe)}">stop it now</a>.</p>'
    )
    return Letter(f"Confirm your {name} digest", text, html, [], unsubscribe)


def needs_confirmation(before, address: str) -> bool:
    """Whether keeping ``address`` sends a confirmation mail: a new address, or one not confirmed yet."""
    return not (before and before.confirmed and before.address == address)


def subscribe(sessions: sessionmaker[Session], config: Config, provider: str, account_id: str, choice: Choice):
    """Keep the choice; a new or changed address gets a confirmation mail (the same address keeps its confirmation)."""
    now = datetime.now(UTC)
    with sessions.begin() as session:
        before = mail_subscriptions.of_account(session, provider, account_id)
        # A confirmed address keeps its salt, so the links in mails already sent still work. A new address, or one
        # asked for again before it was confirmed (the first mail lost), gets new links and a new confirmation.
        salt = new_salt() if needs_confirmation(before, choice.address) else before.link_salt
        token = link_token(config.secret_key, salt)
        subscription = mail_subscriptions.ask(
            session,
            provider,
            account_id,
            address=choice.address,
            token_hash=token_hash(token),
            link_salt=salt,
            time_zone=choice.time_zone,
            weekday=choice.weekday,
            hour=choice.hour,
            after_stream=choice.after_stream,
            alerts=choice.alerts,
        )
        if not subscription.confirmed:
            letter = confirmation_letter(
                provider,
                subscription.username,
                links.confirm_url(config, token),
                links.unsubscribe_url(config, token),
            )
            # One confirmation per address and salt: asking again sends a new one with the new link.
            period = f"{salt}"
            queue_message(
                session, subscription.owner, "confirm", period, compose(letter, config.mail_from, choice.address), now
            )
    return subscription, before
