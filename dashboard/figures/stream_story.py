"""A stream's story drawn over its viewer curve: chat per minute (bars on their own axis), and each raid,
sub, gift, cheer and hype train marked where it happened; ad breaks and hype trains shaded for as long
as they lasted. Pure: a figure and a StreamStory in, the same figure out."""

from bisect import bisect_left
from datetime import UTC, datetime

import plotly.graph_objects as go

from dashboard.analysis.streams import Stream
from providers.twitch.records import StreamStory

from .common import local

CHAT, RAID, MONEY, AD = "#95a5a6", "#c0392b", "#d4ac0d", "rgba(127,140,141,0.18)"
HYPE = "rgba(212,172,13,0.15)"
# (kinds, legend name, marker symbol, colour, hover sentence)
MARKS = (
    (("raid_in",), "raid in", "triangle-up", RAID, "raid from {actor}: {amount:,} viewers"),
    (("raid_out",), "raid out", "triangle-down", RAID, "raided {actor} with {amount:,} viewers"),
    (("subscribe", "resub"), "sub", "star", MONEY, "{actor} subscribed ({detail})"),
    (("gift",), "gifted subs", "star-diamond", MONEY, "{actor} gifted {amount} subs ({detail})"),
    (("cheer",), "cheer", "diamond", MONEY, "{actor} cheered {amount:,} bits"),
)


def _clock(epoch: float, window) -> datetime:
    return local(datetime.fromtimestamp(epoch, UTC), window).replace(tzinfo=None)


def add_story(figure: go.Figure, stream: Stream, story: StreamStory, window) -> go.Figure:
    if story.chat:
        figure.add_bar(
            x=[_clock(minute + 30, window) for minute, *_ in story.chat],
            y=[messages for _, messages, _, _ in story.chat],
            name="chat messages a minute",
            marker_color=CHAT,
            opacity=0.55,
            yaxis="y2",
            customdata=[[chatters, first] for _, _, chatters, first in story.chat],
            hovertemplate="%{y} messages from %{customdata[0]} chatters (%{customdata[1]} new)<extra></extra>",
        )
        figure.update_layout(
            yaxis2={
                "title": "chat a minute",
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "showgrid": False,
            },
            bargap=0,
        )
    curve = [(at.timestamp(), count) for at, count in stream.viewers]
    for kinds, name, symbol, colour, sentence in MARKS:
        marked = [event for event in story.events if event[0] in kinds]
        if marked:
            figure.add_scatter(
                x=[_clock(at, window) for _, at, *_ in marked],
                y=[_viewers_at(curve, at) for _, at, *_ in marked],
                mode="markers",
                name=name,
                marker={"symbol": symbol, "size": 11, "color": colour, "line": {"width": 1, "color": "#fff"}},
                text=[_said(sentence, event) for event in marked],
                hovertemplate="%{text}<extra></extra>",
            )
    for kind, at, amount, _actor, _detail in story.events:
        if kind == "ad_break":
            before, after = _viewers_at(curve, at), _viewers_at(curve, at + amount + 60)
            figure.add_vrect(
                x0=_clock(at, window),
                x1=_clock(at + amount, window),
                fillcolor=AD,
                line_width=0,
                annotation_text=f"ad {amount // 60}:{amount % 60:02d} ({after - before:+,} viewers)",
                annotation_position="bottom left",
                annotation_font_size=10,
            )
    trains = {detail: at for kind, at, _, _, detail in story.events if kind == "hype_train_begin"}
    for kind, at, level, _actor, detail in story.events:
        if kind == "hype_train_end" and detail in trains:
            figure.add_vrect(
                x0=_clock(trains[detail], window),
                x1=_clock(at, window),
                fillcolor=HYPE,
                line_width=0,
                annotation_text=f"hype train, level {level}",
                annotation_position="top right",
                annotation_font_size=10,
            )
    return figure


def _viewers_at(curve: list[tuple[float, int]], at: float) -> int:
    """The viewer count sampled nearest before ``at`` (the first one before the first sample)."""
    if not curve:
        return 0
    index = bisect_left(curve, (at, float("inf")))
    return curve[max(index - 1, 0)][1]


def _said(sentence: str, event: tuple) -> str:
    kind, _at, amount, actor, detail = event
    return sentence.format(actor=actor or "someone anonymous", amount=amount, detail=detail or "tier unknown")
