"""The mail round the scheduler runs every MAIL_EVERY_SECONDS: record new alerts (alerts/check.py), queue each
confirmed subscription's weekly digest once its weekday and hour have come on its own clock, and the after-stream
mail of a stream that ended, then send what the outbox holds that is due. The outbox's unique (account, kind,
period) makes a round run twice queue nothing new.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import SQLAlchemyError

from alerts.check import check_accounts
from dashboard.analysis.digest import week_before
from dashboard.analysis.milestones import last_30_days
from digest.gather import gather, streams_until
from digest.letter import digest_letter, stream_letter
from mail import links
from mail.compose import compose
from mail.delivery import Delivered, deliver_due, queue_message
from mail.subscribing import subscription_token
from mail.transport import transport_for
from sync.database import mail_subscriptions, outbox
from sync.database.archive import HistoryUnavailable
from sync.database.mail_subscriptions import Subscription
from sync.runtime import Runtime

log = logging.getLogger(__name__)

CATCH_UP = timedelta(hours=24)  # a scheduler that was down sends a missed digest up to a day late, not later
STREAM_RECENT = timedelta(hours=12)  # an ended stream's mail is sent within this; older ones are left unsent


@dataclass
class MailRound:
    alerts: int = 0
    digests: int = 0
    streams: int = 0
    delivered: Delivered | None = None


def zone_of(subscription: Subscription):
    try:
        return ZoneInfo(subscription.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def due_slot(subscription: Subscription, now: datetime) -> datetime | None:
    """The latest moment at or before ``now`` with the subscription's weekday and hour on its clock, if recent."""
    zone = zone_of(subscription)
    local = now.astimezone(zone)
    slot = local.replace(hour=subscription.hour, minute=0, second=0, microsecond=0)
    slot -= timedelta(days=(local.weekday() - subscription.weekday) % 7)
    if slot > local:
        slot -= timedelta(days=7)
    return slot if local - slot <= CATCH_UP else None


def queue_digest(runtime: Runtime, subscription: Subscription, now: datetime) -> bool:
    slot = due_slot(subscription, now)
    if slot is None:
        return False
    period = f"week:{slot.date().isoformat()}"
    sessions = runtime.archive.sessions
    with sessions.begin() as session:
        if outbox.is_queued(session, subscription.owner, "digest", period):
            return False  # the week's digest was queued by an earlier round: not gathered again
    week = week_before(slot.date(), slot.tzinfo)
    digest = gather(runtime.archive, subscription.provider, subscription.account_id, week, now)
    token = subscription_token(runtime.config, subscription)
    letter = digest_letter(
        subscription.provider,
        subscription.username,
        digest,
        links.unsubscribe_url(runtime.config, token),
        links.settings_url(runtime.config),
    )
    message = compose(letter, runtime.config.mail_from, subscription.address)
    with sessions.begin() as session:
        return queue_message(session, subscription.owner, "digest", period, message, now)


def queue_stream_mails(runtime: Runtime, subscription: Subscription, now: datetime) -> int:
    """The mail of each stream that ended lately (not live in its newest sample), once per stream."""
    if subscription.provider != "twitch" or not subscription.after_stream:
        return 0
    streams = streams_until(runtime.archive, subscription.account_id, now, now - timedelta(days=31), now)
    queued = 0
    for stream in streams:
        if stream.live or now - stream.last_seen > STREAM_RECENT:
            continue
        period = f"stream:{stream.stream_id}"[:64]
        with runtime.archive.sessions.begin() as session:
            if outbox.is_queued(session, subscription.owner, "stream", period):
                continue
        earlier = [s for s in streams if s.started_at < stream.started_at]
        token = subscription_token(runtime.config, subscription)
        letter = stream_letter(
            subscription.username,
            stream,
            last_30_days(earlier, stream.started_at).average_viewers,
            zone_of(subscription),
            links.unsubscribe_url(runtime.config, token),
            links.settings_url(runtime.config),
        )
        message = compose(letter, runtime.config.mail_from, subscription.address)
        with runtime.archive.sessions.begin() as session:
            queued += queue_message(session, subscription.owner, "stream", period, message, now)
    return queued


def mail_round(runtime: Runtime, now: datetime | None = None, deliver: bool = True) -> MailRound:
    now = now or datetime.now(UTC)
    report = MailRound()
    try:
        report.alerts = check_accounts(runtime, now)
        with runtime.archive.sessions.begin() as session:
            subscriptions = mail_subscriptions.confirmed(session)
        for subscription in subscriptions:
            try:
                report.digests += queue_digest(runtime, subscription, now)
                report.streams += queue_stream_mails(runtime, subscription, now)
            except HistoryUnavailable:
                raise
            except Exception:  # noqa: BLE001 - one account's bad data must not stop everyone's digest
                log.exception("Digest of account %d not queued", subscription.owner)
        if deliver:
            report.delivered = deliver_due(
                runtime.archive.sessions, transport_for(runtime.config), runtime.config.mail_from, now
            )
    except (HistoryUnavailable, SQLAlchemyError, OSError) as error:
        log.warning("Mail round skipped: %s", type(error).__name__)
    return report
