"""Any unknown path: say so, and offer the way home."""

import dash
from dash import dcc, html

dash.register_page(__name__, title="Not found")

layout = html.Div(
    [
        html.H1("Nothing here", className="h2"),
        html.P(["That page does not exist. ", dcc.Link("Go to the home page", href="/", refresh=True), "."]),
    ]
)
