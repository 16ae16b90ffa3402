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
    """Act on one message; True when it was a notification newly queued."""
    if time.time() - sent_at > protocol.MAX_AGE_SECONDS:
        return False
    subscription = message.get("subscription") or {}
    if kind == protocol.REVOCATION:
        safely(lambda: subscriptions.revoked(subscription), "noting a revocation")
        log.info("EventSub: Twitch revoked %s (%s)", subscription.get("type"), subscription.get("status"))
        return False
    if kind != protocol.NOTIFICATION:
        return False
    record = protocol.read(subscription, message.get("event") or {}, sent_at)
    return record is not None and inbox.accept(message_id, record)  # False: a resend, already queued
