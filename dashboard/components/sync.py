"""The pieces of a dashboard page its sync machinery (callbacks/dashboards.py) drives: alerts, progress, stores."""

import dash_bootstrap_components as dbc
from dash import dcc, html


def sync_alerts(provider: str):
    """Where a sync's outcome lands: a sign-in that ended, a provider that could not be reached."""
    return html.Div(id=f"{provider}-alerts")


def sync_progress(provider: str):
    """Shown while a sync job runs (Dash's ``running=``), filled by its ``progress=``."""
    return html.Div(
        [
            html.Div(id=f"{provider}-progress-label", className="small text-muted mb-1"),
            dbc.Progress(id=f"{provider}-progress", value=0, max=1, striped=True, animated=True, className="mb-3"),
        ],
        id=f"{provider}-progress-box",
        **{"data-progress-name": "Sync progress"},
        style={"display": "none"},
    )


def sync_stores(provider: str):
    """The sync found due when the page was drawn, the sync request and result, which datasets landed, when
    to redraw, what each panel is drawn from (and which the first render left to a redraw), which panels are
    in view (set by dashboard/assets/70-panels-in-view.js) and a redraw's landing for it, and a lost job's restart."""
    return [
        dcc.Store(id=f"{provider}-sync-due"),
        dcc.Store(id=f"{provider}-sync-request"),
        dcc.Store(id=f"{provider}-synced"),
        dcc.Store(id=f"{provider}-landed"),
        dcc.Store(id=f"{provider}-redraw"),
        dcc.Store(id=f"{provider}-drawn"),
        dcc.Store(id=f"{provider}-undrawn"),
        dcc.Store(id=f"{provider}-in-view"),
        dcc.Store(id=f"{provider}-redrawn"),
        dcc.Store(id=f"{provider}-restart"),
    ]
