"""The shared page's HTML: what people wrote (a post in a hover text) cannot end its data block or add markup,
the charts leave only numbered placeholders, nothing carries an id, and the preview is a 1200 x 630 PNG."""

import io
import json
import re

import plotly.graph_objects as go
from dash import dcc, html
from PIL import Image

from callbacks.page_template import plain
from dashboard.sharing.document import Assets
from dashboard.sharing.page import Section, SharedPage, shared_page
from dashboard.sharing.preview import preview_png

HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'
ASSETS = Assets("/_bundle/app.css", "/plotly.js")


def test_hostile_text_stays_text_and_charts_become_placeholders():
    figure = go.Figure(go.Bar(x=[1], y=[2], hovertext=[HOSTILE]))
    body = plain(html.Div([html.P(HOSTILE, id="secret-panel-id"), dcc.Graph(id="graph-id", figure=figure)]))
    page = shared_page(
        SharedPage("Creator <b>", "javascript:alert(1)", "Twitch dashboard", "the last 30 days", [Section("T", body)]),
        "https://example.test/s/abc",
        ASSETS,
    )
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>" not in page
    assert 'id="secret-panel-id"' not in page and 'id="graph-id"' not in page
    assert "javascript:" not in page  # an avatar address that is not plain is left out
    data = re.search(r'<script type="application/json" id="shared-figures">(.*?)</script>', page, re.S).group(1)
    figures = json.loads(data)
    assert figures[0]["data"][0]["hovertext"] == [HOSTILE]  # intact once parsed
    assert page.count('class="shared-chart" data-figure="0"') == 1
    assert '<meta name="robots" content="noindex' in page
    assert '<meta property="og:image" content="https://example.test/s/abc/preview.png">' in page


def test_the_preview_is_a_png_of_the_open_graph_size():
    image = Image.open(io.BytesIO(preview_png("A creator", "Twitch dashboard", "1,234 followers", (1, 3, 2))))
    assert image.format == "PNG" and image.size == (1200, 630)
