"""Who asked for digest mail, on the caller's session: ask (a new token, unconfirmed), confirm and unsubscribe by
a link's token (its hash is what is kept), and the confirmed subscriptions the dispatcher reads."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.database.history import find_tracked
from sync.database.models import MailSubscription, TrackedAccount, utc_now


@dataclass(frozen=True)
class Subscription:
    provider: str
    account_id: str  # the provider's id
    owner: int  # tracked_accounts.id
    username: str
    address: str
    confirmed: bool
    time_zone: str
    weekday: int
    hour: int
    after_stream: bool
    alerts: bool
    link_salt: str


def _of(row: MailSubscription, account: TrackedAccount) -> Subscription:
    return Subscription(
        account.provider,
        account.provider_account_id,
        account.id,
        account.username,
        row.address,
        row.confirmed_at is not None,
        row.time_zone,
        row.weekday,
        row.hour,
        row.after_stream,
        row.alerts,
        row.link_salt,
    )


def ask(
    session: Session,
    provider: str,
    account_id: str,
    *,
    address: str,
    token_hash: str,
    link_salt: str,
    time_zone: str,
    weekday: int,
    hour: int,
    after_stream: bool,
    alerts: bool = True,
) -> Subscription:
    """Keep what the owner asked for; a new address waits for its confirmation, the same one keeps it."""
    account = find_tracked(session, provider, account_id)
    if account is None:
        raise LookupError("only a tracked account can have digest mail")
    row = session.get(MailSubscription, account.id)
    if row is None:
        row = MailSubscription(account_id=account.id, created_at=utc_now())
        session.add(row)
    if row.address != address:
        row.confirmed_at = None
    row.address, row.token_hash, row.link_salt, row.time_zone = address, token_hash, link_salt, time_zone
    row.weekday, row.hour, row.after_stream, row.alerts = weekday, hour, after_stream, alerts
    session.flush()
    return _of(row, account)


def of_account(session: Session, provider: str, account_id: str) -> Subscription | None:
    account = find_tracked(session, provider, account_id)
    row = session.get(MailSubscription, account.id) if account else None
    return _of(row, account) if row else None


def by_token(session: Session, token_hash: str) -> Subscription | None:
    found = session.execute(
        select(MailSubscription, TrackedAccount)
        .join(TrackedAccount, TrackedAccount.id == MailSubscription.account_id)
        .where(MailSubscription.token_hash == token_hash)
    ).first()
    return _of(*found) if found else None


def confirm(session: Session, token_hash: str, at: datetime) -> Subscription | None:
    row = session.execute(select(MailSubscription).where(MailSubscription.token_hash == token_hash)).scalar()
    if row is None:
        return None
    row.confirmed_at = row.confirmed_at or at
    session.flush()
    return by_token(session, token_hash)


def unsubscribe(session: Session, token_hash: str) -> int | None:
    """Forget the subscription the token belongs to (address and all); its account's id, None when already gone."""
    row = session.execute(select(MailSubscription).where(MailSubscription.token_hash == token_hash)).scalar()
    if row is None:
        return None
    owner = row.account_id
    session.delete(row)
    session.flush()
    return owner


def stop(session: Session, provider: str, account_id: str) -> int | None:
    """Forget the account's subscription (its owner pressed Stop, signed in); its account's id, None when none."""
    account = find_tracked(session, provider, account_id)
    row = session.get(MailSubscription, account.id) if account else None
    if row is None:
        return None
    session.delete(row)
    session.flush()
    return account.id


def confirmed(session: Session) -> list[Subscription]:
    rows = session.execute(
        select(MailSubscription, TrackedAccount)
        .join(TrackedAccount, TrackedAccount.id == MailSubscription.account_id)
        .where(MailSubscription.confirmed_at.is_not(None))
    ).all()
    return [_of(row, account) for row, account in rows]
