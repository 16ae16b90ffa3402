"""Twitch figures and tables: stored records in, plotly figures or plain rows out; no I/O.

Every time-based builder takes a ``(start, end)`` window in epoch seconds (end exclusive) and
returns None when the window holds nothing, so the panel can say so instead of drawing empty axes.
"""

import math
from bisect import bisect_left
from datetime import datetime, timedelta

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.units import QUARTER_HOUR
from providers.twitch.records import Cheerer, Clip, FollowerDays, Goal, SubscriberSummary, Video

from .common import LEGEND, Window, in_window, local, mark_partial, readings, zone_name, zone_of
from .streams import mark_posts
from .style import BUSY, COLOURS, DATE, count_axis, history_starts, on_window

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TYPE_COLOURS = {"archive": "#6441a5", "highlight": "#e67e22", "upload": "#2e86de"}


def _layout(figure: go.Figure, **extra) -> go.Figure:
    figure.update_layout(
        margin={"l": 40, "r": 10, "t": 30, "b": 40},
        legend=LEGEND,
        hovermode="closest",
        **extra,
    )
    return figure


def duration_text(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h {rest // 60:02d}m" if hours else f"{rest // 60}m {rest % 60:02d}s"


# Followers ----------------------------------------------------------------------------------------


def follower_series(days: FollowerDays, window: Window, bucket: str = "day") -> tuple[list[str], list[int], list[int]]:
    """(dates, new followers per bucket, cumulative followers at each bucket's end) inside the window,
    in days (or weeks from Monday) on the window's clock.

    The cumulative count includes everyone who followed before the window, so the line starts
    where the channel stood, not at zero.
    """
    quarters, counts = days.quarters, days.counts
    first, last = _first_quarter_from(quarters, window[0]), _first_quarter_from(quarters, window[1])
    dates, new, cumulative, running = [], [], [], sum(counts[:first])
    # A channel of 50,000 followers has as many quarter hours: the walk goes bucket by bucket (a
    # bisection each), not follower by follower.
    while first < last:
        day = local(quarters[first] * QUARTER_HOUR, window).date()
        start = day - timedelta(days=day.weekday()) if bucket == "week" else day
        after = start + timedelta(days=7 if bucket == "week" else 1)
        ends = datetime(after.year, after.month, after.day, tzinfo=zone_of(window)).timestamp()
        upto = min(_first_quarter_from(quarters, ends), last)
        gained = sum(counts[first:upto])
        running += gained
        dates.append(start.isoformat())
        new.append(gained)
        cumulative.append(running)
        first = upto
    return dates, new, cumulative


def follower_change(days: FollowerDays, window: Window) -> int:
    """Followers gained inside the window (from follow dates; unfollows are not visible)."""
    return sum(
        days.counts[_first_quarter_from(days.quarters, window[0]) : _first_quarter_from(days.quarters, window[1])]
    )


def _first_quarter_from(quarters: list[int], at: float) -> int:
    """Index of the first kept quarter hour that starts at or after ``at`` (epoch seconds)."""
    return bisect_left(quarters, math.ceil(at / QUARTER_HOUR))


def follower_growth(
    days: FollowerDays,
    snapshots: dict[str, dict],
    window: Window,
    bucket: str = "day",
    posts: list[tuple[datetime, str]] | None = None,
) -> go.Figure | None:
    """Followers over time, in days on the window's clock; ``snapshots``: the daily counters
    (``{UTC day: {"followers": n, "read_at": epoch seconds}}``); ``posts``: the creator's X posts, marked."""
    dates, new, cumulative = follower_series(days, window, bucket)
    shots = {day.isoformat(): total for day, total in readings(snapshots, window)}
    if not dates and not any(shots.values()):
        return None
    # Two stacked panels on one time axis: a dual y-axis would draw the small daily bars as tall as the total.
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06)
    figure.add_scatter(
        x=dates,
        y=cumulative,
        name="followers (lower bound)",
        mode="lines" if len(dates) > 1 else "markers",
        line={"color": COLOURS["followers"], "width": 2},
        marker={"color": COLOURS["followers"], "size": 10},
        row=1,
        col=1,
    )
    if shots:
        many = len(shots) > BUSY  # a diamond a day for months merges into a band on a phone: a dashed line then
        figure.add_scatter(
            x=list(shots),
            y=list(shots.values()),
            name="follower total (daily snapshot)",
            mode="lines" if many else "markers",
            line={"color": COLOURS["followers"], "width": 2, "dash": "dot"},
            marker={"color": COLOURS["followers"], "size": 9, "symbol": "diamond-open", "line": {"width": 2}},
            row=1,
            col=1,
        )
    figure.add_bar(
        x=dates, y=new, name=f"new followers per {bucket}", marker_color=COLOURS["new followers"], row=2, col=1
    )
    # Not from zero: growth from 2,300 to 2,400 would look flat.
    figure.update_yaxes(title_text="followers", row=1, col=1)
    figure.update_yaxes(title_text=f"new per {bucket}", rangemode="tozero", row=2, col=1)
    count_axis(figure, cumulative + list(shots.values()), row=1, col=1)
    count_axis(figure, new + [0], row=2, col=1)
    first = min(dates + list(shots)) if dates or shots else None
    on_window(figure, window, first and f"{first[:10]} 00:00", row=1, col=1)
    on_window(figure, window, first and f"{first[:10]} 00:00", row=2, col=1)
    figure.update_xaxes(hoverformat=DATE)
    if len(set(dates) | set(shots)) == 1:
        history_starts(figure)
    figure.update_xaxes(title_text=f"day ({zone_name(window)})", row=2, col=1)
    mark_partial(figure, window, bucket, row=2, col=1)
    mark_posts(figure, posts or [], window, row=2, col=1)
    return _layout(figure)


# Subscribers and Bits -----------------------------------------------------------------------------


def subscriber_breakdown(summary: SubscriberSummary) -> go.Figure | None:
    if not summary.total and not any(summary.tiers):
        return None
    figure = make_subplots(
        rows=1, cols=2, specs=[[{"type": "domain"}, {"type": "domain"}]], subplot_titles=("Tiers", "Gifted vs paid")
    )
    figure.add_pie(
        labels=["Tier 1", "Tier 2", "Tier 3"],
        values=list(summary.tiers),
        hole=0.45,
        sort=False,
        texttemplate="%{percent:.0%}",
        hovertemplate="%{label}: %{value:,} (%{percent:.0%})<extra></extra>",
        name="tiers",
        row=1,
        col=1,
    )
    figure.add_pie(
        labels=["Paid", "Gifted"],
        values=[summary.paid, summary.gifted],
        hole=0.45,
        sort=False,
        texttemplate="%{percent:.0%}",
        hovertemplate="%{label}: %{value:,} (%{percent:.0%})<extra></extra>",
        name="gifts",
        row=1,
        col=2,
    )
    # The legend below the pies: above them it runs into the two pies' titles.
    return _layout(figure, showlegend=True).update_layout(legend={"y": -0.05, "yanchor": "top"})


def bits_leaderboard(cheerers: list[Cheerer], top: int = 10) -> go.Figure | None:
    rows = sorted(cheerers, key=lambda c: c.rank)[:top]
    if not rows:
        return None
    rows.reverse()  # the top cheerer at the top of a horizontal bar chart
    figure = go.Figure(
        go.Bar(
            x=[c.score for c in rows],
            y=[f"#{c.rank} {c.user_name}" for c in rows],
            orientation="h",
            marker_color=COLOURS["bits"],
            text=[f"{c.score:,}" for c in rows],
            textposition="auto",
            hovertemplate="%{y}: %{x:,} bits<extra></extra>",
        )
    )
    figure.update_xaxes(title_text="bits")
    return _layout(figure, height=max(260, 28 * len(rows) + 80))


# VODs and clips -----------------------------------------------------------------------------------


def vod_views(videos: list[Video], window: Window) -> go.Figure | None:
    shown = [v for v in videos if in_window(v.created_at, window)]
    if not shown:
        return None
    figure = go.Figure()
    for kind in ("archive", "highlight", "upload"):
        group = [v for v in shown if v.type == kind]
        if not group:
            continue
        figure.add_scatter(
            x=[local(v.created_at, window).strftime("%Y-%m-%d %H:%M") for v in group],
            y=[v.view_count for v in group],
            mode="markers",
            name=f"{kind}s",
            marker={"color": TYPE_COLOURS[kind], "size": 7, "opacity": 0.8},
            customdata=[[v.title, duration_text(v.duration)] for v in group],
            hovertemplate="%{customdata[0]}<br>%{x} · %{customdata[1]}<br>%{y:,} views<extra></extra>",
        )
    figure.update_yaxes(title_text="views", rangemode="tozero")
    count_axis(figure, [v.view_count for v in shown] + [0])
    first = min(local(v.created_at, window) for v in shown).strftime("%Y-%m-%d %H:%M")
    on_window(figure, window, first)
    figure.update_xaxes(title_text=f"published ({zone_name(window)})", hoverformat=DATE)
    return _layout(figure)


def top_videos(videos: list[Video], window: Window, top: int = 10) -> list[Video]:
    return sorted((v for v in videos if in_window(v.created_at, window)), key=lambda v: -v.view_count)[:top]


def top_clips(clips: list[Clip], window: Window, top: int = 10) -> list[Clip]:
    return sorted((c for c in clips if in_window(c.created_at, window)), key=lambda c: -c.view_count)[:top]


def clip_chart(clips: list[Clip]) -> go.Figure | None:
    if not clips:
        return None
    rows = list(reversed(clips))
    figure = go.Figure(
        go.Bar(
            x=[c.view_count for c in rows],
            y=[f"{c.title} ({c.id[:6]}…)" for c in rows],
            orientation="h",
            marker_color=COLOURS["clips"],
            customdata=[[c.creator_name] for c in rows],
            hovertemplate="%{y}<br>%{x:,} views · clipped by %{customdata[0]}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text="views")
    return _layout(figure, height=max(260, 28 * len(rows) + 80))


# When the channel streams -------------------------------------------------------------------------


def stream_hours(videos: list[Video], window: Window) -> list[list[float]]:
    """Hours streamed per weekday (rows, Monday first) and hour (columns) on the window's clock, from the archives."""
    grid = [[0.0] * 24 for _ in range(7)]
    for video in videos:
        if video.type != "archive" or not in_window(video.created_at, window):
            continue
        at, end = video.created_at, video.created_at + video.duration
        while at < end:
            hour_end = min(end, at - at % 3600 + 3600)
            moment = local(at, window)
            grid[moment.weekday()][moment.hour] += (hour_end - at) / 3600
            at = hour_end
    return grid


def stream_counts(videos: list[Video], window: Window) -> list[list[int]]:
    """How many streams touched each weekday-and-hour cell: what each cell of the heatmap rests on."""
    grid = [[0] * 24 for _ in range(7)]
    for video in videos:
        if video.type != "archive" or not in_window(video.created_at, window):
            continue
        cells = set()
        for at in range(video.created_at - video.created_at % 3600, video.created_at + max(video.duration, 1), 3600):
            moment = local(at, window)
            cells.add((moment.weekday(), moment.hour))
        for day, hour in cells:
            grid[day][hour] += 1
    return grid


def stream_heatmap(videos: list[Video], window: Window) -> go.Figure | None:
    grid = stream_hours(videos, window)
    if not any(any(row) for row in grid):
        return None
    counts = stream_counts(videos, window)
    figure = go.Figure(
        go.Heatmap(
            z=[[round(h, 2) for h in row] for row in grid],
            x=[f"{h:02d}" for h in range(24)],
            y=list(WEEKDAYS),
            colorscale="Purples",
            colorbar={"title": "hours"},
            customdata=counts,
            text=[[str(n) if n else "" for n in row] for row in counts],
            texttemplate="%{text}",  # how many streams each cell rests on
            textfont={"size": 9},
            hovertemplate=f"%{{y}} %{{x}}:00 {zone_name(window)}: %{{z}} h streamed over %{{customdata}} streams"
            "<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=f"hour of day ({zone_name(window)})")
    return _layout(figure)


# Goals --------------------------------------------------------------------------------------------


def goal_share(goal: Goal) -> int:
    """Percent of the target reached, capped at 100 for the bar."""
    return min(100, round(100 * goal.current / goal.target)) if goal.target > 0 else 0
