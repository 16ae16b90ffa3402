"""Fills "How your sign-in worked" (/signin-explained/<provider>): this person's own latest sign-in with the
provider, kept by the sign-in routes (web/signin/replay.py), or in words why there is none to show."""

import logging

from flask import current_app

from callbacks.common import browser_zone
from callbacks.page_template import plain
from dashboard.components.signin_replay import not_recorded, replay_view, signed_out
from dashboard.components.status import problem
from sync.cache.signin_replays import load
from web import accounts

log = logging.getLogger(__name__)

SLOT = ("signin-replay", "children")
UNREADABLE = "This sign-in's replay could not be read. Sign in again and the new one will be shown."


def replay_values(provider: str):
    def values(_page, _query: dict) -> dict:
        account = accounts.account(provider)
        if account is None:
            return {SLOT: plain(signed_out(provider))}
        runtime = current_app.extensions["runtime"]
        replay = load(runtime.redis, runtime.key, provider, account.id)
        if replay is None:
            return {SLOT: plain(not_recorded(provider))}
        try:
            return {SLOT: plain(replay_view(replay, browser_zone()))}
        except (KeyError, TypeError, ValueError) as error:  # kept by an older version of the app
            log.warning("%s sign-in replay not shown: %s", provider, type(error).__name__)
            return {SLOT: plain(problem(UNREADABLE))}

    return values
