"""Callbacks of the dashboard frame: show it to a signed-in person, or ask them to sign in."""

from dash import Input, Output, callback

from core.labels import PROVIDERS
from dashboard.components.dashboard_frame import HIDDEN
from dashboard.components.status import sandbox_note, sign_in_prompt
from web import accounts


def _register_gate(provider: str):
    @callback(
        Output(f"{provider}-gate", "children"),
        Output(f"{provider}-frame", "style"),
        Output(f"{provider}-sandbox", "children"),
        Input(f"{provider}-page-opened", "data"),
    )
    def gate(_opened):
        account = accounts.account(provider)
        if account is None:
            return sign_in_prompt(provider), HIDDEN, None
        return None, {}, sandbox_note(provider) if account.sandbox else None

    gate.__name__ = f"{provider}_gate"


for _provider in PROVIDERS:
    _register_gate(_provider)
