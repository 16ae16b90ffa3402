"""Callbacks of the /twitter page."""
from dash import Input, Output, callback

from dashboard.components.profile import twitter_profile
from webapp.clients import twitter_client

from .panels import render_panel


@callback(Output("twitter-profile", "children"), Input("twitter-page-opened", "data"))
def show_twitter_profile(_opened):
    return render_panel("twitter", lambda: twitter_profile(twitter_client().me()))
