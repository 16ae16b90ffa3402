"""The frame around every page: a skip link, the navbar on top, the current page in the main landmark.
Static: callbacks fill it."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from .components.navbar import navbar


def index_string(default: str) -> str:
    """Dash's page template with ``lang`` on ``<html>``: screen readers pick their voice from it."""
    return default.replace("<html>", '<html lang="en">', 1)


def app_shell():
    return html.Div(
        [
            html.A(
                "Skip to main content", href="#main", className="visually-hidden-focusable skip-link", id="skip-link"
            ),
            dcc.Location(id="url", refresh=False),
            navbar(),
            html.Main(dbc.Container(dash.page_container, fluid="lg", className="pb-5"), id="main", tabIndex="-1"),
        ]
    )
