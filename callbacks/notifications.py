"""The dashboard's notifications list, filled with the page: the tracked account's latest alerts on the reader's
clock. A database that is away leaves the list out (the collection bar already says so)."""

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from callbacks.common import browser_zone
from callbacks.page_template import plain
from dashboard.components.notifications import notifications_list
from sync.database import alerts

SHOWN = 5


def notifications(provider: str, account) -> dict | None:
    sessions = current_app.extensions["runtime"].archive.sessions
    try:
        with sessions.begin() as session:
            latest = alerts.latest(session, provider, account.id, SHOWN)
    except SQLAlchemyError:
        return None
    zone = browser_zone()
    items = [(alert.at.astimezone(zone).strftime("%d %b"), alert.text) for alert in latest]
    return plain(notifications_list(provider, items))
