"""A stream's report at its own address (/twitch/stream?id=...), phone first: what it was, its figures
against the channel's 30-day medians, its curve with its story, the moments that moved it, who chatted."""

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import html

from dashboard.analysis.stream_report import Figure, Moment
from dashboard.analysis.streams import Stream
from dashboard.figures import streams as figures
from dashboard.figures.common import local
from providers.twitch.records import StreamStory

from .panels import graph
from .stream_panels import tops

ABOUT = 0.05  # within 5% of the median reads as "about the median"
NOT_GIVEN = (
    "Not here, because Twitch gives them to no one outside its own dashboard: unique viewers, and how long "
    "each viewer stayed."
)


def share_report_link(stream_id: str):
    """Share: a read-only link to this report (the form at /shares/new)."""
    return html.A(
        "Share this report…",
        href=f"/shares/new?{urlencode({'kind': 'stream', 'id': stream_id})}",
        className="btn btn-outline-primary btn-sm float-end touch-target",
    )


def report_slot():
    return html.Div(id="stream-report")


def _duration(stream: Stream) -> str:
    minutes = int(stream.duration.total_seconds() // 60)
    return f"{minutes // 60}h {minutes % 60:02d}m"


def _number(value: float, unit: str = "") -> str:
    return f"{value:,.1f}" if unit == "h" or value % 1 else f"{value:,.0f}"


def _value(figure: Figure) -> str:
    return _number(figure.value, figure.unit)


def _against(figure: Figure):
    """Against the median, in words and without a colour: fewer ad minutes is no bad news."""
    if figure.median is None:
        return html.Small("no earlier stream in the 30 days before", className="text-muted d-block")
    median = _number(figure.median, figure.unit)
    if figure.against is None or abs(figure.against) < ABOUT:
        return html.Small(f"about the 30-day median ({median})", className="text-muted d-block")
    word = "above" if figure.against > 0 else "below"
    return html.Small(f"{abs(figure.against):.0%} {word} the 30-day median ({median})", className="d-block")


def _card(figure: Figure):
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(figure.label, className="text-muted small text-uppercase"),
                    html.Div(_value(figure), className="h4 mb-0"),
                    _against(figure),
                ]
            ),
            className="h-100 shadow-sm",
        ),
        xs=6,
        md=4,
        xl=3,
        className="mb-3",
    )


def _moment(moment: Moment, window) -> html.Li:
    change = f"{moment.change:+,} viewers (to {moment.viewers:,})"
    because = f", after {moment.because}" if moment.because else ""
    return html.Li([html.Strong(f"{local(moment.at, window):%H:%M}"), f" {change}{because}"])


def stream_report(
    stream: Stream,
    story: StreamStory,
    report: list[Figure],
    moved: list[Moment],
    follows: list[int],
    posts,
    window,
    clips: list = (),
):
    games = ", ".join(dict.fromkeys(segment.game for segment in stream.games if segment.game)) or "no game"
    title = stream.titles[0][1] if stream.titles else ""
    started = local(stream.started_at, window)
    return [
        html.A("← Twitch dashboard", href="/twitch", className="small d-inline-block mb-2"),
        html.H1(f"Stream of {started:%-d %b %Y}, {started:%H:%M}", className="h3 mb-1"),
        html.P([html.Span(title, className="fw-semibold"), f" · {games} · {_duration(stream)}"], className="mb-3"),
        dbc.Row([_card(figure) for figure in report]),
        graph(figures.viewer_curve_figure(stream, follows, posts, window, story, clips), "stream-report-curve"),
        html.H2("What moved the curve", className="h5 mt-3"),
        html.Ol([_moment(m, window) for m in moved], className="mb-3")
        if moved
        else html.P("The viewer count held steady between samples.", className="mb-3"),
        tops(story) if story.told else html.P("EventSub told nothing of this stream.", className="text-muted"),
        html.P(NOT_GIVEN, className="small text-muted mt-3"),
    ]
