"""The home page for a signed-in person: each connected account's headline numbers (the last 30 days
against the 30 before) and the way to its dashboard; sign-in offered only for what is not connected."""

from datetime import datetime, timedelta

from callbacks import twitch, x
from callbacks.common import browser_zone
from dashboard.components.daterange import window
from dashboard.components.overview import OVERVIEW_DAYS, account_overview, lead, overview
from web import accounts

HIDDEN = {"display": "none"}
CARDS = {"twitter": x.overview_cards, "twitch": twitch.overview_cards}


def home_values() -> dict:
    """The home page's parts for who is signed in: the overview, and sign-in offered only for the rest."""
    signed_in = accounts.signed_in()
    zone = browser_zone()
    today = datetime.now(zone).date()
    span = window((today - timedelta(days=OVERVIEW_DAYS - 1)).isoformat(), today.isoformat(), zone)
    sections = [
        account_overview(provider, account.name, CARDS[provider](account.id, span))
        for provider, account in signed_in.items()
    ]
    values = {
        ("home-overview", "children"): overview(sections),
        ("sign-in-twitter", "style"): HIDDEN if "twitter" in signed_in else None,
        ("switch-x-account", "style"): HIDDEN if "twitter" in signed_in else None,
        ("sign-in-twitch", "style"): HIDDEN if "twitch" in signed_in else None,
    }
    if signed_in:  # else the page's own line, which invites a sign-in
        values[("home-lead", "children")] = lead(list(signed_in))
    return values
