"""Stream figures: streams (from live samples) in, plotly figures out; no I/O.

Time-based builders take a ``(start, end)`` window in epoch seconds and return None when it holds
no stream, so the panel says so in words.
"""

from datetime import UTC, datetime

import plotly.graph_objects as go

from dashboard.analysis.streams import Stream
from providers.twitch.records import Clip, StreamStory

from .common import Window, in_window, local, zone_name, zone_of
from .stream_story import add_story
from .style import COLOURS

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
AVERAGE, PEAK, FOLLOWS, POSTS = "#6441a5", "#e67e22", "#16a085", "#1d9bf0"
# Past this many posts in a chart's range, a dotted line each merges into a band: the diamonds alone mark them.
MOST_POST_LINES = 60
CLIPS = COLOURS["clips"]
GAME_SHADES = ("rgba(100,65,165,0.08)", "rgba(230,126,34,0.10)", "rgba(46,134,222,0.10)", "rgba(22,160,133,0.10)")


def _on_clock(at: datetime, window) -> datetime:
    """A moment as the viewer reads it (their zone), as Plotly draws it: without an offset."""
    return local(at, window).replace(tzinfo=None)


def _layout(figure: go.Figure, **extra) -> go.Figure:
    figure.update_layout(margin={"l": 40, "r": 10, "t": 30, "b": 40}, legend={"orientation": "h", "y": -0.2}, **extra)
    return figure


def streams_in(streams: list[Stream], window: Window) -> list[Stream]:
    return [stream for stream in streams if in_window(stream.started_at.timestamp(), window)]


def stream_trend_figure(streams: list[Stream], window: Window) -> go.Figure | None:
    """Average and peak viewers of each stream, over time."""
    shown = sorted(streams_in(streams, window), key=lambda stream: stream.started_at)
    if not shown:
        return None
    starts = [_on_clock(stream.started_at, window) for stream in shown]
    figure = go.Figure(
        [
            go.Scatter(
                x=starts,
                y=[round(stream.average, 1) for stream in shown],
                name="Average viewers",
                mode="lines+markers",
                line={"color": AVERAGE},
            ),
            go.Scatter(
                x=starts,
                y=[stream.peak for stream in shown],
                name="Peak viewers",
                mode="markers",
                marker={"color": PEAK, "symbol": "triangle-up"},
            ),
        ]
    )
    return _layout(
        figure,
        yaxis={"title": "viewers", "rangemode": "tozero"},
        xaxis={"title": f"stream start ({zone_name(window)})"},
        hovermode="x unified",
    )


def hours_watched_by_week(streams: list[Stream], window: Window) -> go.Figure | None:
    shown = streams_in(streams, window)
    if not shown:
        return None
    weeks: dict[str, float] = {}
    for stream in shown:
        started = local(stream.started_at, window)
        monday = started.date().toordinal() - started.weekday()
        key = datetime.fromordinal(monday).strftime("%Y-%m-%d")
        weeks[key] = weeks.get(key, 0.0) + stream.hours_watched
    keys = sorted(weeks)
    figure = go.Figure(go.Bar(x=keys, y=[round(weeks[k], 1) for k in keys], marker_color=AVERAGE, name="hours"))
    return _layout(figure, yaxis={"title": "hours watched"}, xaxis={"title": "week of"})


def mark_posts(figure: go.Figure, posts: list[tuple[datetime, str]], window: Window | None = None, **where) -> None:
    """The creator's X posts as dotted lines, with their text on hover (``where``: the subplot's row and col)."""
    shown = [(_on_clock(at, window), text) for at, text in posts if window is None or in_window(at.timestamp(), window)]
    if not shown:
        return
    figure.add_trace(
        go.Scatter(
            x=[at for at, _ in shown],
            y=[0] * len(shown),
            mode="markers",
            name="your X posts",
            marker={"color": POSTS, "symbol": "diamond", "size": 9},
            hovertext=[text for _, text in shown],
            hoverinfo="x+text",
        ),
        **where,
    )
    if len(shown) > MOST_POST_LINES:
        return
    # One assignment: Plotly checks the whole shapes list on each add_vline, so a line per post took
    # minutes for a prolific poster's month.
    x, y = _axes(figure, where)
    line = {"color": POSTS, "dash": "dot", "width": 1}
    lines = [
        {"type": "line", "xref": x, "yref": f"{y} domain", "x0": at, "x1": at, "y0": 0, "y1": 1} for at, _ in shown
    ]
    figure.layout.shapes += tuple({**shape, "line": line, "opacity": 0.4} for shape in lines)


def _axes(figure: go.Figure, where: dict) -> tuple[str, str]:
    """The x and y axis references ("x2", "y2") of the subplot at ``where`` (row and col), or of the only plot."""
    if not where:
        return "x", "y"
    subplot = figure.get_subplot(where["row"], where["col"])
    return subplot.xaxis.plotly_name.replace("axis", ""), subplot.yaxis.plotly_name.replace("axis", "")


def viewer_curve_figure(
    stream: Stream,
    follows: list[int] | None = None,
    posts: list[tuple[datetime, str]] | None = None,
    window=None,
    story: StreamStory | None = None,
    clips: list[Clip] = (),
) -> go.Figure:
    """One stream's viewers over time (on ``window``'s clock), its games shaded, each follow, X post and clip
    made marked; with what EventSub told of it (``story``), its chat per minute and its raids, subs, cheers
    and ad breaks."""
    times, counts = zip(*[(_on_clock(at, window), count) for at, count in stream.viewers], strict=True)
    figure = go.Figure(go.Scatter(x=times, y=counts, mode="lines+markers", name="viewers", line={"color": AVERAGE}))
    for number, segment in enumerate(stream.games):
        figure.add_vrect(
            x0=_on_clock(segment.start, window),
            x1=_on_clock(segment.end, window),
            fillcolor=GAME_SHADES[number % len(GAME_SHADES)],
            line_width=0,
            annotation_text=segment.game or "no game",
            annotation_position="top left",
        )
    if follows:
        at = [_on_clock(datetime.fromtimestamp(epoch, UTC), window) for epoch in follows]
        figure.add_trace(
            go.Scatter(x=at, y=[0] * len(at), mode="markers", name="new follower", marker={"color": FOLLOWS})
        )
    around = Window(int(stream.started_at.timestamp()) - 3600, int(stream.last_seen.timestamp()) + 1, zone_of(window))
    mark_posts(figure, posts or [], around)
    _mark_clips(figure, stream, list(clips), window)
    _layout(figure, yaxis={"title": "viewers", "rangemode": "tozero"}, xaxis={"title": zone_name(window)})
    return add_story(figure, stream, story, window) if story is not None and story.told else figure


def _mark_clips(figure: go.Figure, stream: Stream, clips: list[Clip], window) -> None:
    """Each clip made during the stream, at the moment it was made and the viewers then; its title on hover."""
    if not clips:
        return
    curve = [(at.timestamp(), count) for at, count in stream.viewers]
    figure.add_scatter(
        x=[_on_clock(datetime.fromtimestamp(clip.created_at, UTC), window) for clip in clips],
        y=[next((n for at, n in reversed(curve) if at <= clip.created_at), curve[0][1]) for clip in clips],
        mode="markers",
        name="clip made",
        marker={"symbol": "square", "size": 10, "color": CLIPS, "line": {"width": 1, "color": "#fff"}},
        text=[f"clip “{clip.title}” by {clip.creator_name or 'someone'}: {clip.view_count:,} views" for clip in clips],
        hovertemplate="%{text}<extra></extra>",
    )


def best_times_figure(cells: dict[tuple[int, int], tuple[float, int]], zone: str = "UTC") -> go.Figure | None:
    """Average viewers by weekday and hour, each cell saying how many samples it rests on."""
    if not cells:
        return None
    z = [[cells.get((day, hour), (None, 0))[0] for hour in range(24)] for day in range(7)]
    text = [
        [
            f"{WEEKDAYS[day]} {hour:02d}:00 — {cells[(day, hour)][0]:.1f} average viewers, "
            f"{cells[(day, hour)][1]} samples"
            if (day, hour) in cells
            else f"{WEEKDAYS[day]} {hour:02d}:00 — not live then"
            for hour in range(24)
        ]
        for day in range(7)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{hour:02d}" for hour in range(24)],
            y=list(WEEKDAYS),
            colorscale="Purples",
            hovertext=text,
            hoverinfo="text",
            colorbar={"title": "avg viewers"},
        )
    )
    return _layout(figure, xaxis={"title": f"hour ({zone})"}, yaxis={"autorange": "reversed"})
