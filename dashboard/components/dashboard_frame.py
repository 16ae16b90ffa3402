"""The frame both dashboards share: sign-in prompt or sandbox note, sync state, profile, range, cards, panels.

Static: the frame stays hidden until callbacks/pages.py, drawing the page for who is signed in, either
shows it (with the sandbox note for a sandbox account) or puts the sign-in prompt in the gate.
"""

import dash_bootstrap_components as dbc
from dash import html

from core.labels import provider_label

from .collection import collection_slot
from .daterange import DEFAULT_PRESET, date_range_control, preset_dates
from .panel_menu import panel_download
from .permissions import permissions_slot
from .skeletons import cards_skeleton, profile_skeleton
from .sync import sync_alerts, sync_progress, sync_stores

HIDDEN = {"display": "none"}


def dashboard_frame(provider: str, panels: list, note=None):
    return html.Div(
        [
            # The page's one level-one heading, for screen readers; the profile card shows who it is.
            html.H1(f"{provider_label(provider)} dashboard", className="visually-hidden"),
            html.Div(id=f"{provider}-gate"),
            html.Div(
                [
                    html.Div(id=f"{provider}-sandbox"),
                    collection_slot(provider),
                    permissions_slot(provider),
                    sync_alerts(provider),
                    html.Div(profile_skeleton(), id=f"{provider}-profile", className="mb-3"),
                    sync_progress(provider),
                    date_range_control(provider),
                    share_control(provider),
                    html.Div(cards_skeleton(), id=f"{provider}-cards"),
                    note,
                    dbc.Row(panels),
                    *sync_stores(provider),
                    panel_download(provider),
                ],
                id=f"{provider}-frame",
                style=HIDDEN,
            ),
        ]
    )


def share_link_address(provider: str, start: str, end: str) -> str:
    return f"/shares/new?provider={provider}&start={start}&end={end}"


def share_control(provider: str):
    """Share: a read-only link to the panels and range in view (the form at /shares/new; its range follows the
    date range, callbacks/sharing_controls.py)."""
    start, end = preset_dates(DEFAULT_PRESET)
    return html.Div(
        [
            html.A(
                "Share…",
                id=f"{provider}-share",
                href=share_link_address(provider, start, end),
                className="btn btn-outline-primary btn-sm touch-target",
            ),
            html.A("Your shared links", href="/shares", className="btn btn-link btn-sm touch-target"),
        ],
        className="d-flex justify-content-end gap-1 mb-2",
    )
