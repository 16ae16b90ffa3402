"""The frame around every page: a skip link, the navbar on top, the current page in the main landmark.
callbacks/pages.py fills it for who is signed in."""

import dash_bootstrap_components as dbc
from dash import html

from .components.navbar import navbar


def index_string(default: str) -> str:
    """Dash's page template with ``lang`` on ``<html>``: screen readers pick their voice from it."""
    return default.replace("<html>", '<html lang="en">', 1)


def app_shell(page_container, account_items: list):
    """The frame around ``page_container`` (Dash's, or one with its page in place); the navbar shows
    ``account_items``."""

    return html.Div(
        [
            html.A(
                "Skip to main content", href="#main", className="visually-hidden-focusable skip-link", id="skip-link"
            ),
            navbar(account_items),
            html.Main(dbc.Container(page_container, fluid="lg", className="pb-5"), id="main", tabIndex="-1"),
        ]
    )
