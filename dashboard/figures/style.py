"""How every chart reads: one colour per metric, one font, one date and number format, counts in
whole numbers, a busy series smoothed, a lone point shown as a start, the x axis on the chosen range."""

from datetime import datetime, timedelta
from statistics import median

import plotly.graph_objects as go
import plotly.io as pio

from .common import local, zone_of

# The page's own sans-serif stack (Bootstrap's), so charts and text match.
FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif'

# One colour per metric, on every chart that shows it (Okabe–Ito hues, told apart with colour-blind
# eyes too). A post kind shares its metric's colour: "Replies" is vermillion wherever it appears.
COLOURS = {
    "likes": "#CC79A7",
    "replies": "#D55E00",
    "reposts": "#009E73",
    "quotes": "#E69F00",
    "bookmarks": "#56B4E9",
    "originals": "#332288",
    "impressions": "#0072B2",
    "engagement rate": "#882255",
    "profile click-through": "#117733",
    "followers": "#6441A5",
    "new followers": "#B9A3E3",
    "views": "#0072B2",
    "bits": "#9146FF",
    "clips": "#00A8A8",
    "median": "#495057",
}
DATE = "%-d %b %Y"  # the one date format: 2 Sep 2026 (as the date picker and tables)
DATE_TIME = "%-d %b %Y, %H:%M"
BUSY = 40  # past this many points a per-post series is dots with a rolling median, not a tangled line
MEDIAN_OF = 9  # posts in the rolling median's window
LONG_BEFORE = 366  # days: a range starting this long before any data starts its axis at the data


def register_template() -> None:
    """plotly_white in our font, as every figure's default (one merged template: a "a+b" name merges per figure)."""
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.font.family = FONT
    template.layout.hoverlabel.font.family = FONT
    pio.templates["creator"] = template
    pio.templates.default = "creator"


def count_axis(figure: go.Figure, values, axis: str = "y", **where) -> go.Figure:
    """Whole-number ticks for a count: never "1,834.5"; thousands separators, compact (12k) past 10,000."""
    numbers = [v for v in values if v is not None]
    update = figure.update_yaxes if axis == "y" else figure.update_xaxes
    if not numbers:
        return figure
    low, high = min(numbers), max(numbers)
    if high - low < 6:  # a few values apart (or one point): ticks one apart around them, whole numbers
        update(range=[max(0, low - 2) if low >= 0 else low - 2, high + 2], dtick=1, tickformat=",d", **where)
    else:
        update(tickformat="~s" if high >= 10_000 else ",d", **where)
    return figure


def on_window(figure: go.Figure, window, first: str | None = None, **where) -> go.Figure:
    """The x axis spans the chosen range, not just the data; a range that starts long before the
    data's ``first`` moment ("All time": 2007) starts at the data instead."""
    if window is None:
        return figure
    start = local(window[0], window)
    if first and datetime.fromisoformat(first).replace(tzinfo=zone_of(window)) - start > timedelta(days=LONG_BEFORE):
        start = datetime.fromisoformat(first).replace(tzinfo=zone_of(window))
    end = local(window[1], window)
    figure.update_xaxes(range=[start.strftime("%Y-%m-%d %H:%M"), end.strftime("%Y-%m-%d %H:%M")], **where)
    return figure


def history_starts(figure: go.Figure, **where) -> go.Figure:
    """One point so far: say so, instead of leaving a lone dot to puzzle over."""
    figure.add_annotation(
        text="history starts today: one point a day from now on",
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.9,
        showarrow=False,
        font={"size": 12, "color": COLOURS["median"]},
        **where,
    )
    return figure


def rolling_median(values: list, width: int = MEDIAN_OF) -> list:
    """Each value's centred median over ``width`` neighbours (fewer at the ends); None values skipped."""
    half = width // 2
    out = []
    for i in range(len(values)):
        around = [v for v in values[max(0, i - half) : i + half + 1] if v is not None]
        out.append(median(around) if around else None)
    return out


def per_post(x: list, y: list, colour: str, name: str, hovertemplate: str) -> list[go.Scatter]:
    """A per-post series: dots, plus a rolling median line once there are too many to follow by eye."""
    traces = [
        go.Scatter(
            x=x,
            y=y,
            name=name,
            mode="markers" if len(x) > BUSY else "lines+markers",
            marker={"size": 5, "color": colour, "opacity": 0.6 if len(x) > BUSY else 1},
            line={"width": 1, "color": colour},
            hovertemplate=hovertemplate,
            showlegend=len(x) > BUSY,
        )
    ]
    if len(x) > BUSY:
        traces.append(
            go.Scatter(
                x=x,
                y=rolling_median(y),
                name=f"median of {MEDIAN_OF} posts",
                mode="lines",
                line={"width": 2, "color": colour},
                hoverinfo="skip",
            )
        )
    return traces
