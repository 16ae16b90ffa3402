"""Callbacks of the /twitch page."""
from dash import Input, Output, callback

from dashboard.components.profile import twitch_profile
from webapp.clients import twitch_client

from .panels import render_panel


@callback(Output("twitch-profile", "children"), Input("twitch-page-opened", "data"))
def show_twitch_profile(_opened):
    def build():
        client = twitch_client()
        user = client.own_user()
        return twitch_profile(user, client.follower_total(user.id))
    return render_panel("twitch", build)
