"""/twitch/stream?id=<stream id>: one stream's report; layout only, callbacks/stream_report.py fills it."""

import dash
from dash import html

from dashboard.components.stream_report import report_slot

dash.register_page(__name__, path="/twitch/stream", title="Stream report", name="Stream report")


def layout(**_query):
    return html.Div([html.Div(id="stream-report-gate"), report_slot()], className="stream-report")
