"""The frame around every page: navbar on top, the current page below. Static: callbacks fill it."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from .components.navbar import navbar


def app_shell():
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            navbar(),
            dbc.Container(dash.page_container, fluid="lg", className="pb-5"),
        ]
    )
