"""Home: an overview of the connected accounts, sign-in for the others, and any notice the sign-in routes sent back."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.notices import notice_for

dash.register_page(__name__, path="/", title="Creator Analytics", name="Home")

SIGNED_OUT_LEAD = (
    "Sign in with X or Twitch to see your followers and their growth, your posts and their engagement, "
    "VOD and clip views, subscribers and bits."
)


def _sign_in_button(provider: str, label: str, colour: str):
    return dbc.Button(
        label,
        href=f"/login/{provider}",
        external_link=True,
        color=colour,
        size="lg",
        className="me-2 mb-2",
        id=f"sign-in-{provider}",
    )


def layout(notice=None, provider=None, deleted=None, **_query):
    message = notice_for(notice, provider, deleted)
    return html.Div(
        [
            dbc.Alert(message[1], color=message[0], id="notice", dismissable=True) if message else None,
            html.H1("Your audience, in numbers", className="display-5 mt-3"),
            html.P(SIGNED_OUT_LEAD, className="lead", id="home-lead"),  # callbacks/overview.py words it for who is in
            html.Div(id="home-overview"),  # filled by callbacks/overview.py for a signed-in person
            html.Div(
                [
                    _sign_in_button("twitter", "Sign in with X", "dark"),
                    _sign_in_button("twitch", "Sign in with Twitch", "primary"),
                ],
                className="mt-4 mb-2",
            ),
            html.P(
                [
                    "Signed in to X with another account before? ",
                    html.A("Choose the X account", href="/login/twitter?switch=1", id="sign-in-twitter-switch"),
                ],
                className="small mb-4",
                id="switch-x-account",  # hidden with the X button once X is connected (callbacks/overview.py)
            ),
            html.P(
                [
                    "Curious what signing in does? See it step by step, from your own latest sign-in: ",
                    html.A("with X (OAuth 1.0a)", href="/signin-explained/twitter", id="home-replay-twitter"),
                    " or ",
                    html.A("with Twitch (OAuth 2.0)", href="/signin-explained/twitch", id="home-replay-twitch"),
                    ".",
                ],
                className="small mb-2",
                id="home-signin-replay",
            ),
            html.P(
                "No keys configured? You sign in to the built-in sandbox: an emulator of both "
                "providers with sample accounts.",
                className="text-muted small mt-4",
            ),
        ]
    )
