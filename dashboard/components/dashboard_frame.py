"""The frame both dashboards share: sign-in prompt or sandbox note, sync state, profile, range, cards, panels.

Static: the frame stays hidden until callbacks/pages.py, drawing the page for who is signed in, either
shows it (with the sandbox note for a sandbox account) or puts the sign-in prompt in the gate.
"""

import dash_bootstrap_components as dbc
from dash import html

from core.labels import provider_label

from .collection import collection_slot
from .daterange import date_range_control
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
