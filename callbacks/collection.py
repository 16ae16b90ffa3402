"""The collection bar: the tracked account's state (drawn with the page), its on/off switch, its delete dialog."""

from functools import lru_cache

from dash import ALL, Input, Output, State, callback, ctx, no_update

from callbacks.page_template import plain
from core.labels import PROVIDERS
from dashboard.components import collection as bar
from sync.database.archive import HistoryUnavailable
from sync.database.history import Account
from sync.database.models import NEEDS_SIGN_IN
from web import accounts
from web.signin.common import archive


def _state(tracked: Account | None) -> str:
    if tracked is None:
        return bar.UNTRACKED
    if tracked.status == NEEDS_SIGN_IN:
        return bar.NEEDS_SIGN_IN
    return bar.ON if tracked.collecting else bar.PAUSED


def collection_bar(provider: str, account) -> dict:
    """The signed-in account's collection bar, as plain JSON: on, paused, needing a new sign-in, or the database
    away."""
    try:
        tracked = archive().account(provider, account.id)
    except HistoryUnavailable:
        return _drawn_bar(provider, bar.UNAVAILABLE, "", None)
    message = tracked.status_message if tracked else ""
    return _drawn_bar(provider, _state(tracked), message, accounts.csrf_token())


@lru_cache(maxsize=1024)  # a bar is drawn from these alone, and every view of a dashboard draws one
def _drawn_bar(provider: str, state: str, message: str, csrf_token: str | None) -> dict:
    return plain(bar.collection_bar(provider, state, message, csrf_token))


def _register(provider: str):
    @callback(
        Output(f"{provider}-delete-dialog", "is_open"),
        Input(f"{provider}-delete-open", "n_clicks"),
        Input(f"{provider}-delete-cancel", "n_clicks"),
        prevent_initial_call=True,
    )
    def toggle_dialog(_open, _cancel):
        return ctx.triggered_id == f"{provider}-delete-open"

    toggle_dialog.__name__ = f"{provider}_delete_dialog"


@callback(
    Output({"type": "collect-switch", "provider": ALL}, "label"),
    Output({"type": "collect-words", "provider": ALL}, "children"),
    Input({"type": "collect-switch", "provider": ALL}, "value"),
    State({"type": "collect-switch", "provider": ALL}, "id"),
    prevent_initial_call=True,
)
def switch_collection(values, ids):
    """Turn daily collection of the signed-in account on or off; the label and the sentence say what happened."""
    labels, words = [], []
    for value, switch in zip(values, ids, strict=True):
        provider = switch["provider"]
        account = accounts.account(provider)
        if account is None or switch != ctx.triggered_id:
            labels.append(no_update)
            words.append(no_update)
            continue
        try:
            archive().set_collecting(provider, account.id, bool(value))
            labels.append("Collect daily (on)" if value else "Collect daily (off: nothing is collected while away)")
            words.append(bar.collection_words(provider, bool(value)))
        except (HistoryUnavailable, LookupError):
            labels.append("Could not change collection just now; try again in a minute")
            words.append(no_update)
    return labels, words


for _provider in PROVIDERS:
    _register(_provider)
