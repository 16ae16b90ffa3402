"""/twitter: the signed-in creator's X dashboard (profile for now; charts come with the X issue)."""
import dash
from dash import dcc, html

from dashboard.components.status import sandbox_note, sign_in_prompt
from webapp import accounts

dash.register_page(__name__, path="/twitter", title="X dashboard", name="X")


def layout(**_query):
    account = accounts.account("twitter")
    if account is None:
        return sign_in_prompt("twitter")
    return html.Div([
        sandbox_note("twitter") if account.sandbox else None,
        dcc.Loading(html.Div(id="twitter-profile")),
        dcc.Store(id="twitter-page-opened", data=True),
    ])
