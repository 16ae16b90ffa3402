"""The creator's X posts marked on Twitch charts: a dotted line each while they stay readable, diamonds always."""

from datetime import UTC, datetime, timedelta

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.streams import MOST_POST_LINES, mark_posts

START = datetime(2026, 11, 1, tzinfo=UTC)


def _posts(count: int) -> list[tuple[datetime, str]]:
    return [(START + timedelta(minutes=20 * n), f"post {n}") for n in range(count)]


def test_a_few_posts_get_a_dotted_line_each_on_their_subplot():
    figure = make_subplots(rows=2, cols=1)
    figure.add_scatter(x=[START], y=[1], row=1, col=1)
    mark_posts(figure, _posts(3), None, row=2, col=1)
    assert [(shape.xref, shape.yref, shape.line.dash) for shape in figure.layout.shapes] == [
        ("x2", "y2 domain", "dot")
    ] * 3
    assert len(figure.data[-1].x) == 3


def test_a_prolific_posters_month_keeps_its_diamonds_and_drops_the_band_of_lines():
    figure = go.Figure(go.Scatter(x=[START], y=[1]))
    mark_posts(figure, _posts(2_000), None)
    assert figure.layout.shapes == ()
    assert len(figure.data[-1].x) == 2_000
    few = go.Figure()
    mark_posts(few, _posts(MOST_POST_LINES), None)
    assert len(few.layout.shapes) == MOST_POST_LINES
