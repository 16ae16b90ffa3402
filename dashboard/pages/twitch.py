"""/twitch: the signed-in streamer's dashboard (profile for now; charts come with the Twitch issue)."""
import dash
from dash import dcc, html

from dashboard.components.status import sandbox_note, sign_in_prompt
from webapp import accounts

dash.register_page(__name__, path="/twitch", title="Twitch dashboard", name="Twitch")


def layout(**_query):
    account = accounts.account("twitch")
    if account is None:
        return sign_in_prompt("twitch")
    return html.Div([
        sandbox_note("twitch") if account.sandbox else None,
        dcc.Loading(html.Div(id="twitch-profile")),
        dcc.Store(id="twitch-page-opened", data=True),
    ])
