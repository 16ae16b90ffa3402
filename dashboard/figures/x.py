"""Figures of the X dashboard: posts (XPost records) and a date range in, plotly figures out; no I/O.

As every figure builder here: a ``(start, end)`` window in epoch seconds (end exclusive; None for
all time) in, and None out when the window holds nothing to draw, so the panel can say so in words.
Days and hours are read on the window's clock (the viewer's time zone; UTC without a window).
Reposts count only in the post mix: X gives a repost no reach of its own and reports the
original's repost count on it, so elsewhere it would only mislead.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from statistics import median

import plotly.graph_objects as go

from providers.x.records import XPost

from .common import LEGEND, Window, day_in, in_window, local, mark_partial, readings, zone_name
from .style import BUSY, COLOURS, DATE, DATE_TIME, count_axis, history_starts, on_window, per_post

NO_POSTS = "No posts in this range"
NO_PROFILE_CLICKS = "No profile clicks in this range: X shares them only for posts of their first 30 days"
NO_FOLLOWER_HISTORY = "No follower history in this range yet: one snapshot is taken a day"
KIND_LABELS = {"original": "Originals", "reply": "Replies", "quote": "Quotes", "repost": "Reposts"}
INTERACTIONS = {
    "likes": "Likes",
    "replies": "Replies",
    "reposts": "Reposts",
    "quotes": "Quotes",
    "bookmarks": "Bookmarks",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOVER_TEXT_CHARS = 60  # enough to recognise a post; the whole text for 3,200 posts would weigh ~0.5 MB
RATE_DIGITS = 5  # rates rounded for the browser: 0.001 % is finer than any chart shows
TOP_POSTS = 10


def posts_in_range(posts: Iterable[XPost], window: Window | None = None) -> list[XPost]:
    """Posts made inside ``window`` (None: all of them), oldest first."""
    chosen = [
        post
        for post in posts
        if post.created_at is not None and (window is None or in_window(post.created_at.timestamp(), window))
    ]
    return sorted(chosen, key=lambda post: post.created_at)


def impressions_figure(posts: Iterable[XPost], window: Window | None = None) -> go.Figure | None:
    shown = [post for post in _own(posts, window) if post.impressions is not None]
    if not shown:
        return None
    impressions = [post.impressions for post in shown]
    figure = go.Figure(
        per_post(
            [_stamp(post, window) for post in shown],
            impressions,
            COLOURS["impressions"],
            "impressions per post",
            "%{x}<br>%{y:,} impressions<extra></extra>",
        )
    )
    count_axis(figure, impressions)
    on_window(figure, window, _stamp(shown[0], window))
    return _layout(figure, f"Posted ({zone_name(window)})", "Impressions", DATE_TIME)


def interactions_figure(posts: Iterable[XPost], window: Window | None = None) -> go.Figure | None:
    """Likes, replies, reposts, quotes and bookmarks of the posts of each day, stacked.

    Summed per day, not drawn per post: five series of 3,200 posts would weigh five times more
    for no detail anyone can see, and few days hold more than one post.
    """
    by_day: dict[str, Counter] = defaultdict(Counter)
    for post in _own(posts, window):
        by_day[_day(post, window).isoformat()].update({name: getattr(post, name) for name in INTERACTIONS})
    if not by_day:
        return None
    days = sorted(by_day)
    figure = go.Figure(
        [
            go.Bar(
                name=label,
                x=days,
                y=[by_day[day][name] for day in days],
                marker_color=COLOURS[name],
                hovertemplate=f"%{{y:,}} {label.lower()}<extra></extra>",
            )
            for name, label in INTERACTIONS.items()
        ]
    )
    count_axis(figure, [sum(by_day[day].values()) for day in days] + [0])
    on_window(figure, window, days[0])
    figure.update_layout(barmode="stack", hovermode="x unified")
    if window is not None:
        mark_partial(figure, window)
    return _layout(figure, f"Day posted ({zone_name(window)})", "Interactions", DATE)


def engagement_scatter(posts: Iterable[XPost], window: Window | None = None) -> go.Figure | None:
    """Impressions (x) against engagements (y), a point per post, a colour per kind."""
    shown = [post for post in _own(posts, window) if post.impressions is not None]
    if not shown:
        return None
    figure = go.Figure()
    for kind, label in KIND_LABELS.items():
        group = [post for post in shown if post.kind == kind]
        if group:
            figure.add_trace(
                go.Scatter(
                    name=label,
                    mode="markers",
                    marker={"size": 6, "opacity": 0.7, "color": COLOURS[KIND_LABELS[kind].lower()]},
                    x=[post.impressions for post in group],
                    y=[post.engagements for post in group],
                    text=[shorten(post.text) for post in group],
                    hovertemplate="%{text}<br>%{x:,} impressions, %{y:,} engagements<extra>%{fullData.name}</extra>",
                )
            )
    return _layout(figure, "Impressions", "Engagements (likes, replies, reposts, quotes, bookmarks)")


def ctr_empty_message(posts: Iterable[XPost], window: Window | None = None) -> str:
    """Why the profile click-through chart is empty: no posts at all, or none with profile clicks."""
    return NO_PROFILE_CLICKS if _own(posts, window) else NO_POSTS


def profile_ctr_figure(posts: Iterable[XPost], window: Window | None = None) -> go.Figure | None:
    """Profile clicks per impression, per post, for the posts X shared (or once shared) them for."""
    own = _own(posts, window)
    shown = [post for post in own if post.profile_ctr is not None]
    if not shown:
        return None
    figure = go.Figure(
        per_post(
            [_stamp(post, window) for post in shown],
            [_rate(post.profile_ctr) for post in shown],
            COLOURS["profile click-through"],
            "profile click-through per post",
            "%{x}<br>%{y:.2%} of impressions led to a profile visit<extra></extra>",
        )
    )
    figure.update_yaxes(tickformat=".1%")
    on_window(figure, window, _stamp(shown[0], window))
    return _layout(figure, f"Posted ({zone_name(window)})", "Profile click-through rate", DATE_TIME)


def engagement_rate_figure(posts: Iterable[XPost], window: Window | None = None) -> go.Figure | None:
    """Engagements per impression, per post, with the median of the range as a dashed line."""
    shown = [post for post in _own(posts, window) if post.engagement_rate is not None]
    if not shown:
        return None
    rates = [_rate(post.engagement_rate) for post in shown]
    figure = go.Figure(
        go.Scatter(
            x=[_stamp(post, window) for post in shown],
            y=rates,
            mode="markers",
            marker={"size": 5, "color": COLOURS["engagement rate"], "opacity": 0.7},
            hovertemplate="%{x}<br>%{y:.2%} engagement rate<extra></extra>",
        )
    )
    middle = median(rates)
    figure.add_hline(
        y=middle,
        line={"dash": "dash", "width": 1, "color": COLOURS["median"]},
        annotation_text=f"median {middle:.2%}",
        annotation_position="top left",
    )
    figure.update_yaxes(tickformat=".1%")
    on_window(figure, window, _stamp(shown[0], window))
    return _layout(figure, f"Posted ({zone_name(window)})", "Engagement rate", DATE_TIME)


def top_posts(
    posts: Iterable[XPost], window: Window | None = None, limit: int = TOP_POSTS, by: str = "engagements"
) -> list[dict]:
    """Rows for the top-posts table, most engagements (or, ``by="rate"``, the highest engagement rate)
    first; ``link`` is markdown for a DataTable."""
    if by == "rate":  # posts without impressions have no rate: they rank last
        key = lambda post: (post.engagement_rate if post.engagement_rate is not None else -1, post.engagements)  # noqa: E731
    else:
        key = lambda post: (post.engagements, post.impressions or 0)  # noqa: E731
    ranked = sorted(_own(posts, window), key=key, reverse=True)[:limit]
    return [
        {
            "posted": _stamp(post, window),
            "text": post.text,
            "kind": KIND_LABELS.get(post.kind, post.kind),
            "impressions": post.impressions,
            "engagements": post.engagements,
            "engagement_rate": _rate(post.engagement_rate),
            "url": post.url,
            "link": f"[Open on X]({post.url})",
        }
        for post in ranked
    ]


def posting_heatmap(posts: Iterable[XPost], window: Window | None = None) -> go.Figure | None:
    """Day of week by hour of day: a cell per slot posted in, coloured by the median engagements there."""
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for post in _own(posts, window):
        moment = local(post.created_at, window)
        cells[moment.weekday(), moment.hour].append(post.engagements)
    if not cells:
        return None
    slots = [[cells.get((day, hour)) for hour in range(24)] for day in range(7)]
    figure = go.Figure(
        go.Heatmap(
            x=list(range(24)),
            y=list(WEEKDAYS),
            colorscale="Blues",
            hoverongaps=False,
            z=[[median(slot) if slot else None for slot in row] for row in slots],
            customdata=[[len(slot) if slot else 0 for slot in row] for row in slots],
            colorbar={"title": {"text": "Median<br>engagements"}},
            text=[[str(len(slot)) if slot else "" for slot in row] for row in slots],
            texttemplate="%{text}",  # how many posts each cell rests on
            textfont={"size": 9},
            hovertemplate=f"%{{y}} %{{x}}:00 {zone_name(window)}<br>%{{customdata}} posts, median %{{z:,}} engagements"
            "<extra></extra>",
        )
    )
    figure.update_xaxes(dtick=3)
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, f"Hour of day ({zone_name(window)})", "Day of week")


def post_mix_figure(posts: Iterable[XPost], window: Window | None = None) -> go.Figure | None:
    """How many originals, replies, quotes and reposts; reposts count here, and only here."""
    kinds = Counter(post.kind for post in posts_in_range(posts, window))
    if not kinds:
        return None
    counts = [kinds.get(kind, 0) for kind in KIND_LABELS]
    figure = go.Figure(
        go.Bar(
            x=list(KIND_LABELS.values()),
            y=counts,
            text=counts,
            textposition="auto",
            marker={"color": [COLOURS[label.lower()] for label in KIND_LABELS.values()]},
            hovertemplate="%{y:,} %{x}<extra></extra>",
        )
    )
    count_axis(figure, counts + [0])
    return _layout(figure, "", "Posts")


def follower_history_figure(
    snapshots: Mapping | Iterable[tuple], window: Window | None = None, reconstructed: Iterable[tuple] = ()
) -> go.Figure | None:
    """Followers per day from the daily snapshots: ``{day: followers}`` (or ``{day: {"followers": n, ...}}``);
    ``reconstructed``: (day, followers) of days before them, rebuilt from X's export, drawn dashed."""
    points = follower_points(snapshots, window)
    earlier = [(day, count) for day, count in reconstructed if window is None or day_in(day, window)]
    if not points and not earlier:
        return None
    counts = [count for _, count in points]
    figure = go.Figure()
    if earlier:
        figure.add_trace(
            go.Scatter(
                name="from X's export (rebuilt from follows and unfollows)",
                x=[day.isoformat() for day, _ in earlier],
                y=[count for _, count in earlier],
                mode="lines",
                line={"color": COLOURS["followers"], "dash": "dot"},
                hovertemplate="%{x}<br>%{y:,} followers (from X's export)<extra></extra>",
            )
        )
    if points:
        figure.add_trace(
            go.Scatter(
                name="daily snapshot",
                x=[day.isoformat() for day, _ in points],
                y=counts,
                # A dot a day for months merges into a band on a phone: the line alone then (each day on hover).
                mode="markers" if len(points) == 1 else "lines" if len(points) > BUSY else "lines+markers",
                marker={"size": 7 if len(points) > 1 else 12, "color": COLOURS["followers"]},
                line={"color": COLOURS["followers"]},
                hovertemplate="%{x}<br>%{y:,} followers<extra></extra>",
            )
        )
    figure.update_layout(showlegend=bool(earlier))
    count_axis(figure, counts + [count for _, count in earlier])
    if len(points) == 1 and not earlier:
        history_starts(figure)
    first = (earlier or points)[0][0]
    on_window(figure, window, first.isoformat() + " 00:00")
    return _layout(figure, f"Day read ({zone_name(window)})", "Followers", DATE)


def average_engagement_rate(posts: Iterable[XPost], window: Window | None = None) -> float | None:
    """Total engagements over total impressions of the range's posts with impressions (reposts left out).

    A ratio of sums, not a mean of ratios: a post seen by 20 people does not weigh as much as one
    seen by 20,000.
    """
    shown = [post for post in _own(posts, window) if post.impressions]
    seen = sum(post.impressions for post in shown)
    return sum(post.engagements for post in shown) / seen if seen else None


def follower_change(snapshots: Mapping, window: Window | None = None) -> tuple[int, date] | None:
    """(followers gained since the range's first snapshot, that snapshot's day), or None without snapshots."""
    points = follower_points(snapshots, window)
    if not points:
        return None
    return points[-1][1] - points[0][1], points[0][0]


def follower_points(snapshots: Mapping | Iterable[tuple], window: Window | None) -> list[tuple[date, int]]:
    """(day, followers) of the snapshots read inside ``window``, on its clock, oldest first."""
    return readings(snapshots, window)


def shorten(text: str, limit: int = HOVER_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _own(posts: Iterable[XPost], window: Window | None) -> list[XPost]:
    return [post for post in posts_in_range(posts, window) if post.kind != "repost"]


def _day(post: XPost, window: Window | None = None) -> date:
    return local(post.created_at, window).date()


def _stamp(post: XPost, window: Window | None = None) -> str:
    # Minutes, without seconds or offset: plenty for a chart, and a third lighter than isoformat().
    return local(post.created_at, window).strftime("%Y-%m-%d %H:%M")


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, RATE_DIGITS)


def _layout(figure: go.Figure, x_title: str, y_title: str, hover_date: str | None = None) -> go.Figure | None:
    figure.update_layout(margin={"l": 60, "r": 20, "t": 20, "b": 50}, legend=LEGEND)
    figure.update_xaxes(title_text=x_title, **({"hoverformat": hover_date} if hover_date else {}))
    figure.update_yaxes(title_text=y_title)
    return figure
