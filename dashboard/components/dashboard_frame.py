"""The frame both dashboards share: sign-in prompt or sandbox note, sync state, profile, range, cards, panels."""
import dash_bootstrap_components as dbc
from dash import html

from webapp import accounts

from .daterange import date_range_control
from .status import sandbox_note, sign_in_prompt
from .sync import sync_alerts, sync_progress, sync_stores


def dashboard_frame(provider: str, panels: list, note=None):
    account = accounts.account(provider)
    if account is None:
        return sign_in_prompt(provider)
    return html.Div([
        sandbox_note(provider) if account.sandbox else None,
        sync_alerts(provider),
        html.Div(id=f"{provider}-profile", className="mb-3"),
        sync_progress(provider),
        date_range_control(provider),
        html.Div(id=f"{provider}-cards"),
        note,
        dbc.Row(panels),
        *sync_stores(provider),
    ])
