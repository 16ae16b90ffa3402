"""A stream's story drawn over its viewer curve: chat per minute (bars on their own axis), and each raid,
sub, gift, cheer and hype train marked where it happened; ad breaks and hype trains shaded for as long
as they lasted. Pure: a figure and a StreamStory in, the same figure out."""

from bisect import bisect_left
from datetime import UTC, datetime

import plotly.graph_objects as go

from dashboard.analysis.streams import Stream
from providers.twitch.records import StreamStory

from .common import LEGEND, local, zone_name

CHAT, RAID, MONEY, AD = "#95a5a6", "#c0392b", "#d4ac0d", "rgba(127,140,141,0.18)"
HYPE, AD_MARK = "rgba(212,172,13,0.15)", "#7f8c8d"
TWO_LEGEND_ROWS = 86  # pixels above the plot for a legend of two rows
CLOSE = 10 * 60  # seconds: a sample this near an ad break's start and end tells the viewer change across it
# (kinds, legend name, marker symbol, colour, hover sentence)
MARKS = (
    (
        ("raid_in",),
        "raid in",
        "triangle-up",
        RAID,
        "raid from {actor}: {amount:,} viewers, {follows} follows in 30 min",
    ),
    (("raid_out",), "raid out", "triangle-down", RAID, "raided {actor} with {amount:,} viewers"),
    (("subscribe", "resub"), "sub", "star", MONEY, "{actor} subscribed ({detail})"),
    (("gift",), "gifted subs", "star-diamond", MONEY, "{actor} gifted {amount} subs ({detail})"),
    (("cheer",), "cheer", "diamond", MONEY, "{actor} cheered {amount:,} bits"),
    (("update",), "title or game changed", "line-ns-open", "#2c3e50", "now: {detail}"),
)
AFTER_RAID = 30 * 60  # seconds: follows this soon after a raid are counted beside it


def _clock(epoch: float, window) -> datetime:
    return local(datetime.fromtimestamp(epoch, UTC), window).replace(tzinfo=None)


def add_story(figure: go.Figure, stream: Stream, story: StreamStory, window) -> go.Figure:
    curve = [(at.timestamp(), count) for at, count in stream.viewers]
    if story.chat:
        figure.add_bar(
            x=[_clock(minute + 30, window) for minute, *_ in story.chat],
            y=[messages for _, messages, _, _ in story.chat],
            name="chat a minute (right)",
            marker_color=CHAT,
            opacity=0.45,
            yaxis="y2",
            customdata=[[chatters, first] for _, _, chatters, first in story.chat],
            hovertemplate="%{y} messages from %{customdata[0]} chatters (%{customdata[1]} new)<extra></extra>",
        )
        most = max(messages for _, messages, _, _ in story.chat)
        figure.update_layout(
            yaxis2={
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "showgrid": False,
                "tickformat": ",d",
                "dtick": max(1, -(-most // 4)),
            },
            bargap=0,
        )
    for kinds, name, symbol, colour, sentence in MARKS:
        marked = [event for event in story.events if event[0] in kinds]
        if marked:
            figure.add_scatter(
                x=[_clock(at, window) for _, at, *_ in marked],
                y=[_viewers_at(curve, at) for _, at, *_ in marked],
                mode="markers",
                name=name,
                marker={"symbol": symbol, "size": 11, "color": colour, "line": {"width": 1, "color": "#fff"}},
                text=[_said(sentence, event, story) for event in marked],
                hovertemplate="%{text}<extra></extra>",
            )
    _spans(figure, story, curve, window)
    # The stream from its first minute of chat (samples come every few minutes) to its last, on a phone too.
    moments = [at.timestamp() for at, _ in stream.viewers] + [
        minute + 60 * n for minute, *_ in story.chat for n in (0, 1)
    ]
    figure.update_xaxes(range=[_clock(min(moments), window), _clock(max(moments), window)])
    figure.update_layout(legend=LEGEND, margin={"l": 40, "r": 10, "t": 30, "b": 40})
    return figure


def _spans(figure: go.Figure, story: StreamStory, curve: list[tuple[float, int]], window) -> None:
    """Ad breaks and hype trains shaded for as long as they lasted, each with a marker telling it on hover
    (a line of text on each would pile up on a phone)."""
    spans = []
    trains = {detail: at for kind, at, _, _, detail in story.events if kind == "hype_train_begin"}
    for kind, at, amount, _actor, detail in story.events:
        if kind == "ad_break":
            spans.append(
                (at, at + amount, AD, f"ad break, {amount // 60}:{amount % 60:02d}{_change(curve, at, at + amount)}")
            )
        elif kind == "hype_train_end" and detail in trains:
            spans.append((trains[detail], at, HYPE, f"hype train, level {amount}"))
    for start, end, colour, _ in spans:
        figure.add_vrect(x0=_clock(start, window), x1=_clock(end, window), fillcolor=colour, line_width=0)
    if spans:
        figure.add_scatter(
            x=[_clock(start, window) for start, *_ in spans],
            y=[0] * len(spans),
            mode="markers",
            name="ad break, hype train",
            marker={"symbol": "square", "size": 9, "color": [AD_MARK if c == AD else MONEY for _, _, c, _ in spans]},
            text=[said for *_, said in spans],
            hovertemplate="%{text}<extra></extra>",
        )


def _change(curve: list[tuple[float, int]], start: float, end: float) -> str:
    """The viewer change across an ad break, when samples sit close enough around it to tell."""
    before = [(at, n) for at, n in curve if start - CLOSE <= at <= start]
    after = [(at, n) for at, n in curve if end <= at <= end + CLOSE]
    if not before or not after:
        return ""
    return f"; viewers {before[-1][1]:,} before, {after[0][1]:,} after"


def _viewers_at(curve: list[tuple[float, int]], at: float) -> int:
    """The viewer count sampled nearest before ``at`` (the first one before the first sample)."""
    if not curve:
        return 0
    index = bisect_left(curve, (at, float("inf")))
    return curve[max(index - 1, 0)][1]


def _said(sentence: str, event: tuple, story: StreamStory) -> str:
    kind, at, amount, actor, detail = event
    follows = sum(1 for e in story.events if e[0] == "follow" and at <= e[1] < at + AFTER_RAID)
    shown = " · ".join(part for part in detail.split("\n") if part) if kind == "update" else detail or "tier unknown"
    return sentence.format(actor=actor or "someone anonymous", amount=amount, detail=shown, follows=follows)


def chat_per_stream_figure(streams: list[Stream], chat: dict[str, tuple[int, int, int]], window) -> go.Figure | None:
    """Per stream told by EventSub: returning and first-time chatters (stacked), and chatters per 100 viewers."""
    told = [stream for stream in sorted(streams, key=lambda s: s.started_at) if stream.stream_id in chat]
    if not told:
        return None
    x = [_clock(stream.started_at.timestamp(), window) for stream in told]
    _, chatters, first = zip(*(chat[stream.stream_id] for stream in told), strict=True)
    figure = go.Figure()
    figure.add_bar(
        x=x, y=[c - f for c, f in zip(chatters, first, strict=True)], name="returning chatters", marker_color=CHAT
    )
    figure.add_bar(x=x, y=list(first), name="first-time chatters", marker_color=MONEY)
    per_100 = [round(c / s.average * 100) if s.average else None for c, s in zip(chatters, told, strict=True)]
    figure.add_scatter(
        x=x,
        y=per_100,
        name="chatters per 100 viewers (right)",
        mode="lines+markers",
        yaxis="y2",
        line={"color": "#6441a5"},
    )
    figure.update_layout(
        barmode="stack",
        legend=LEGEND,
        margin={"l": 40, "r": 10, "t": TWO_LEGEND_ROWS, "b": 40},  # a half-width panel wraps its legend
        yaxis={"title": "chatters", "rangemode": "tozero", "tickformat": ",d"},
        # tickmode auto: an overlaying axis otherwise lines its ticks up with the left one's (37, 73, 110...)
        yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False, "tickmode": "auto"},
        xaxis={"title": f"stream start ({zone_name(window)})"},
    )
    return figure
