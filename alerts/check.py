"""Look for news in each tracked account whose history changed since the last look (a round collected, a stream was
sampled, collection paused), record what is new once, and mail it to an owner who asked for mail.

Run by the mail round (digest/dispatch.py). "Changed" is a stamp per account in Redis (its last round, its status,
its stream samples' version): losing it costs one more look, never a second alert (the table's unique key).
"""

import logging
from datetime import UTC, date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alerts import detect
from dashboard.analysis.streams import group_streams
from mail import links
from mail.compose import Letter, compose
from mail.delivery import queue_message
from mail.subscribing import subscription_token
from sync.database import alerts, history, mail_subscriptions
from sync.runtime import Runtime

log = logging.getLogger(__name__)

STAMP_SECONDS = 8 * 86_400


def _stamp(runtime: Runtime, account: history.Account) -> str:
    samples = runtime.archive.stream_samples_version(account.account_id) if account.provider == "twitch" else ""
    return f"{account.last_collected_at}|{account.status}|{samples}"


def find(runtime: Runtime, account: history.Account, now: datetime, zone) -> list[detect.Found]:
    archive = runtime.archive
    counters = archive.counters_by_day(account.provider, account.account_id, date.min, date.max)
    found = detect.follower_milestones(counters, now)
    found += detect.collection_paused(account.status, account.status_message, account.last_collected_at)
    if account.provider == "twitch":
        streams = group_streams(archive.stream_samples(account.account_id, now - timedelta(days=40), now), now=now)
        followers = max(counters.items(), default=(None, {}))[1].get("followers")
        found += detect.twitch_paths(streams, followers, now)
        found += detect.streams_above_average(streams, now, zone)
    else:
        found += detect.posts_above_usual(archive.stored_posts(account.account_id), now)
    return found


def _zone(subscription) -> ZoneInfo:
    try:
        return ZoneInfo(subscription.time_zone) if subscription else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def alert_letter(runtime: Runtime, subscription, alert: alerts.Alert) -> Letter:
    unsubscribe = links.unsubscribe_url(runtime.config, subscription_token(runtime.config, subscription))
    settings = links.settings_url(runtime.config)
    text = f"{alert.text}\n\nChange what mail comes: {settings}\nStop these mails (no sign-in needed): {unsubscribe}\n"
    html = (
        f'<p>{escape(alert.text)}</p><p style="font-size:12px"><a href="{escape(settings)}">Settings</a> · '
        f'<a href="{escape(unsubscribe)}">Unsubscribe</a></p>'
    )
    return Letter(f"@{subscription.username}: {alert.text[:70]}", text, html, [], unsubscribe)


def check_account(runtime: Runtime, account: history.Account, now: datetime) -> list[alerts.Alert]:
    """Record what is new for the account (once each) and queue its mail; returns the alerts new this time."""
    sessions = runtime.archive.sessions
    with sessions.begin() as session:
        subscription = mail_subscriptions.of_account(session, account.provider, account.account_id)
    found = find(runtime, account, now, _zone(subscription))
    new = []
    with sessions.begin() as session:
        owner = history.find_tracked(session, account.provider, account.account_id).id
        for item in found:
            alert = alerts.record(session, owner, item.kind, item.subject, item.text, now)
            if alert is None:
                continue
            new.append(alert)
            if subscription and subscription.confirmed and subscription.alerts:
                message = compose(
                    alert_letter(runtime, subscription, alert), runtime.config.mail_from, subscription.address
                )
                queue_message(session, owner, "alert", f"alert:{alert.id}", message, now)
    return new


def check_accounts(runtime: Runtime, now: datetime | None = None) -> int:
    """Look at every tracked account whose history changed since the last look; returns how many alerts are new."""
    now = now or datetime.now(UTC)
    with runtime.archive.sessions.begin() as session:
        accounts = history.tracked_accounts(session)
    new = 0
    for account in accounts:
        key = f"{runtime.key}alerts:looked:{account.provider}:{account.account_id}"
        stamp = _stamp(runtime, account)
        if runtime.redis.get(key) == stamp.encode():
            continue
        try:
            new += len(check_account(runtime, account, now))
        except Exception:  # noqa: BLE001 - one account's odd history must not stop the others' alerts
            log.exception("Alerts of a %s account not checked", account.provider)
            continue
        runtime.redis.set(key, stamp, ex=STAMP_SECONDS)
    return new
