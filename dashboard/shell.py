"""The frame around every page: navbar on top, the current page below."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from webapp import accounts

from .components.navbar import navbar


def app_shell():
    """Built per page load (it reads who is signed in); pages fill ``dash.page_container``."""
    signed_in = accounts.signed_in()
    csrf = accounts.csrf_token() if signed_in else None
    return html.Div([
        navbar(signed_in, csrf),
        dbc.Container(dash.page_container, fluid="lg", className="pb-5"),
    ])
