"""What both transports do with a message Twitch sent (the webhook once it checked the signature, the
WebSocket client once its frame is read): a notification's record into the inbox, once per message id;
a revocation noted for the channel. Messages over 10 minutes old are not taken, on either transport."""

import logging
import time

from eventsub.inbox import Inbox
from eventsub.subscriptions import Subscriptions, safely
from providers.twitch import eventsub as protocol

log = logging.getLogger(__name__)


def take(inbox: Inbox, subscriptions: Subscriptions, kind: str, message_id: str, sent_at: float, message: dict) -> bool:
    """Act on one message; True when it was a notification newly queued (False: a resend, already queued)."""
    return take_many(inbox, subscriptions, [(kind, message_id, sent_at, message)]) == 1


def take_many(inbox: Inbox, subscriptions: Subscriptions, messages: list[tuple[str, str, float, dict]]) -> int:
    """Act on several (kind, message id, sent at, message) at once, queued in one round trip; returns how many
    notifications were newly queued."""
    records = []
    now = time.time()
    for kind, message_id, sent_at, message in messages:
        if now - sent_at > protocol.MAX_AGE_SECONDS:
            continue
        subscription = message.get("subscription") or {}
        if kind == protocol.REVOCATION:
            safely(lambda sub=subscription: subscriptions.revoked(sub), "noting a revocation")
            log.info("EventSub: Twitch revoked %s (%s)", subscription.get("type"), subscription.get("status"))
        elif kind == protocol.NOTIFICATION:
            record = protocol.read(subscription, message.get("event") or {}, sent_at)
            if record is not None:
                records.append((message_id, record))
    return inbox.accept_many(records)
