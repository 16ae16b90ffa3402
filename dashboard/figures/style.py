"""How every chart reads: one colour per metric, one font, one date and number format, counts in
whole numbers, a busy series smoothed, a lone point shown as a start, the x axis on the chosen range."""

import re
from datetime import date, datetime, timedelta
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
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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


# What Plotly's automargin pushes a margin out to, in px, for what a chart shows beside its plot (measured on
# every dashboard chart in Chromium at 1440 px, plus a few px): a legend row above the plot or below it (a legend
# below the x axis: its row under the axis's room), the x axis's tick labels (two lines on a date axis) and its
# title, the y axis's title, a horizontal bar's number written past its end, a colour bar (wider with a longer
# title). A legend that wraps onto a second row on a phone still gets its room from automargin.
LEGEND_ABOVE, LEGEND_BELOW, LEGEND_ROW = 52, 62, 32
# A legend above the plot with more entries than a row holds (a stream's story: viewers, chat, raids, subs, ad
# breaks...) wraps, and then Plotly sets its entries in columns as wide as the widest (measured in Chromium): each
# further row takes LEGEND_NEXT_ROW more. A row is taken to hold LEGEND_ROW_WIDTH px, less than a full-width panel's
# plot on a computer, so the room errs on the side of a row more; an entry is its symbol and its name.
LEGEND_NEXT_ROW, LEGEND_ROW_WIDTH, LEGEND_ENTRY, LEGEND_CHARACTER = 20, 850, 45, 7
X_TICKS, X_TITLE, X_DATE_TICKS, X_DATE_TITLE = 56, 62, 58, 72
Y_TITLE = 72
BAR_TEXT = 16
Y_RIGHT_TICKS = 44  # a right-hand axis's tick labels, up to "10k"
COLOUR_BAR, COLOUR_BAR_PER_CHARACTER = 68, 8


def fit_margins(figure: go.Figure) -> go.Figure:
    """Margins wide enough already for what automargin would make room for, so Plotly lays the chart out once.

    When a label needs more room than the layout's margin, automargin widens it and draws the whole chart
    a second time: on the dashboards that doubled the time to draw them. Automargin stays on, so a label
    longer than these allow still fits, at the cost of that second pass; so do a horizontal bar chart's
    labels (clip titles, names), whose width only the browser's font can tell.
    """
    layout, margin = figure.layout, figure.layout.margin
    need = {"l": margin.l or 0, "r": margin.r or 0, "t": margin.t or 0, "b": margin.b or 0}
    x_titled = any(axis.title.text for axis in figure.select_xaxes())
    y_titled = any(axis.title.text for axis in figure.select_yaxes())
    plotted = [trace for trace in figure.data if trace.type != "pie"]
    below = 0  # what the x axis takes under the plot
    if plotted:
        dates = _dates(plotted[0].x)
        below = (X_DATE_TITLE if x_titled else X_DATE_TICKS) if dates else (X_TITLE if x_titled else X_TICKS)
    if _legend_shown(figure) and layout.legend.orientation == "h":  # a legend row above the plot or below it
        if (layout.legend.y or 0) >= 1:
            need["t"] = max(need["t"], LEGEND_ABOVE + LEGEND_NEXT_ROW * (_legend_rows(figure) - 1))
        else:
            below = below + LEGEND_ROW if below else LEGEND_BELOW
    need["b"] = max(need["b"], below)
    bars = [trace for trace in plotted if getattr(trace, "orientation", None) == "h"]
    if y_titled and not bars:
        need["l"] = max(need["l"], Y_TITLE)
    if any(trace.text is not None for trace in bars):
        need["r"] = max(need["r"], BAR_TEXT)
    if any(axis.side == "right" for axis in figure.select_yaxes()):  # a second count on the right (chat a minute)
        need["r"] = max(need["r"], Y_RIGHT_TICKS)
    for trace in plotted:
        if trace.type == "heatmap" and trace.showscale is not False:
            title = trace.colorbar.title.text or ""
            longest = max((len(line) for line in title.split("<br>")), default=0)
            need["r"] = max(need["r"], COLOUR_BAR + COLOUR_BAR_PER_CHARACTER * longest)
    return figure.update_layout(margin=need)


def _legend_shown(figure: go.Figure) -> bool:
    if figure.layout.showlegend is not None:
        return figure.layout.showlegend
    shown = [trace for trace in figure.data if trace.showlegend is not False]
    return len(shown) > 1 or any(trace.type == "pie" for trace in shown)


def _legend_rows(figure: go.Figure) -> int:
    """How many rows a horizontal legend takes on a computer's screen, by the length of its entries' names."""
    widths = [
        LEGEND_ENTRY + LEGEND_CHARACTER * len(trace.name or "")
        for trace in figure.data
        if trace.showlegend is not False
    ]
    if sum(widths) <= LEGEND_ROW_WIDTH:
        return 1
    columns = max(1, LEGEND_ROW_WIDTH // max(widths))
    return -(-len(widths) // columns)


def _dates(values) -> bool:
    """Whether an x axis of these values is a date axis (Plotly's ticks there can take two lines)."""
    first = next((value for value in (values if values is not None else ()) if value is not None), None)
    return isinstance(first, date) or (isinstance(first, str) and bool(ISO_DATE.match(first)))


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
