"""Figures of what X's API alone cannot show: follows and profile visits per post (from X's analytics
export), followers gained per week against posts, threads read as one, topics. Records in (from
dashboard/analysis/x_posts.py), a window, a go.Figure out, or None when there is nothing to draw."""

from statistics import median

import plotly.graph_objects as go

from dashboard.analysis.x_posts import MediaGroup, PostReach, Thread, Topic
from providers.x.records import PLAYBACK_FIELDS, XPost

from .common import LEGEND, Window, local, zone_name
from .style import COLOURS, DATE, DATE_TIME, count_axis, on_window
from .x import shorten

NO_EXPORT = "No follows per post in this range: X's API never tells them. Import X's analytics export above"
NO_GROWTH = "No follower counts in this range yet: one snapshot is taken a day, or import X's account overview"
NO_DAILY = "No account overview in this range: import X's, for impressions per day before and since you signed in"
NO_THREADS = "No threads in this range: a thread is a post and your own replies to it"
NO_TOPICS = "No hashtag, mention or link used in two posts or more in this range"
NO_VIDEOS = "No video in this range with playback counts: X gives them in a video's first 30 days, kept here after"
MEDIA_LABELS = {"text": "Text only", "image": "Image", "video": "Video", "gif": "GIF", "poll": "Poll"}
QUARTERS = ("start", "25 %", "50 %", "75 %", "end")
MOST_THREADS = 30  # the newest threads drawn one by one; the median line sums up every one of the range
THREAD_COLOUR = "#B9A3E3"


def follows_figure(rows: list[PostReach], window: Window | None = None) -> go.Figure | None:
    """New follows, profile visits and link clicks per post from X's export, and the API's clicks where they differ
    from the export's (or where no export has the post)."""
    exported = [row for row in rows if row.new_follows is not None or row.profile_visits is not None]
    if not exported:
        return None
    visits = [row for row in rows if _shown_beside(row.profile_visits, row.profile_clicks)]
    links = [row for row in rows if _shown_beside(row.url_clicks, row.link_clicks)]
    figure = go.Figure()
    series = (
        ("new follows (X's export)", exported, "new_follows", COLOURS["followers"], "circle"),
        ("profile visits (X's export)", exported, "profile_visits", COLOURS["profile click-through"], "diamond"),
        ("link clicks (X's export)", exported, "url_clicks", COLOURS["clips"], "square"),
        ("profile clicks (X's API), where it differs", visits, "profile_clicks", COLOURS["median"], "x"),
        ("link clicks (X's API), where it differs", links, "link_clicks", COLOURS["quotes"], "cross"),
    )
    for name, shown, field, colour, symbol in series:
        points = [row for row in shown if getattr(row, field) is not None]
        if points:
            figure.add_trace(
                go.Scatter(
                    name=name,
                    mode="markers",
                    x=[_stamp(row, window) for row in points],
                    y=[getattr(row, field) for row in points],
                    text=[shorten(row.text) for row in points],
                    marker={"color": colour, "symbol": symbol, "size": 7, "opacity": 0.8},
                    hovertemplate=f"%{{text}}<br>%{{x}}<br>%{{y:,}} {name}<extra></extra>",
                )
            )
    count_axis(figure, [row.profile_visits for row in exported] + [0])
    on_window(figure, window, _stamp(exported[0], window))
    return _layout(figure, f"Posted ({zone_name(window)})", "Per post", DATE_TIME)


def _shown_beside(exported: int | None, fetched: int | None) -> bool:
    """The API's value is drawn where it says something the export's does not: another number, or the only one."""
    return fetched is not None and exported != fetched


def daily_impressions_figure(points: list[tuple], window: Window | None = None) -> go.Figure | None:
    """Impressions of all the account's posts per day, as X's account overview counts them."""
    if not points:
        return None
    days = [day.isoformat() for day, _ in points]
    counts = [count for _, count in points]
    figure = go.Figure(
        go.Scatter(
            x=days,
            y=counts,
            mode="lines",
            line={"color": COLOURS["impressions"]},
            fill="tozeroy",
            hovertemplate="%{x}<br>%{y:,} impressions (X's export)<extra></extra>",
        )
    )
    count_axis(figure, counts + [0])
    on_window(figure, window, days[0])
    return _layout(figure, "Day (X's account overview)", "Impressions", DATE)


def weekly_growth_figure(weeks: list[tuple], window: Window | None = None) -> go.Figure | None:
    """Followers gained each week (bars) against the posts made that week (a line, on the right)."""
    if not any(gain is not None for _, gain, _ in weeks):
        return None
    days = [week.isoformat() for week, _, _ in weeks]
    gains = [gain for _, gain, _ in weeks]
    made = [count for _, _, count in weeks]
    figure = go.Figure(
        [
            go.Bar(
                name="followers gained",
                x=days,
                y=gains,
                marker_color=COLOURS["followers"],
                hovertemplate="week of %{x}<br>%{y:+,} followers<extra></extra>",
            ),
            go.Scatter(
                name="posts",
                x=days,
                y=made,
                yaxis="y2",
                mode="lines+markers",
                line={"color": COLOURS["impressions"]},
                hovertemplate="week of %{x}<br>%{y:,} posts<extra></extra>",
            ),
        ]
    )
    count_axis(figure, [gain for gain in gains if gain is not None] + [0])
    figure.update_layout(
        yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False, "title": "Posts"},
        hovermode="x unified",
    )
    on_window(figure, window, days[0])
    figure = _layout(figure, f"Week starting ({zone_name(window)})", "Followers gained", DATE)
    figure.update_layout(margin={"r": 60})
    return figure


def thread_figure(found: list[Thread]) -> go.Figure | None:
    """Each thread's impressions by part, as a share of its first part's: where readers drop off along it."""
    drawn = [thread for thread in found if thread.impressions[0]]
    if not drawn:
        return None
    figure = go.Figure()
    for thread in drawn[-MOST_THREADS:]:
        first = thread.impressions[0]
        figure.add_trace(
            go.Scatter(
                x=list(range(1, len(thread.parts) + 1)),
                y=[round(seen / first, 4) for seen in thread.impressions],
                mode="lines",
                line={"color": THREAD_COLOUR, "width": 1},
                showlegend=False,
                text=[shorten(thread.parts[0].text)] * len(thread.parts),
                hovertemplate="%{text}<br>part %{x}: %{y:.0%} of part 1's impressions<extra></extra>",
            )
        )
    longest = max(len(thread.parts) for thread in drawn)
    middle = [
        median(t.impressions[part] / t.impressions[0] for t in drawn if len(t.parts) > part) for part in range(longest)
    ]
    figure.add_trace(
        go.Scatter(
            name="median of the range's threads",
            x=list(range(1, longest + 1)),
            y=[round(share, 4) for share in middle],
            mode="lines+markers",
            line={"color": COLOURS["followers"], "width": 3},
            hovertemplate="part %{x}: median %{y:.0%} of part 1's impressions<extra></extra>",
        )
    )
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    figure.update_xaxes(dtick=1)
    figure.update_layout(showlegend=True)  # the median's entry alone: said, so the margins hold the legend's row
    return _layout(figure, "Part of the thread", "Impressions, share of part 1")


def topics_figure(found: list[Topic], most: int = 15) -> go.Figure | None:
    """The most used hashtags, mentions and links, each by its posts' median engagements (the posts beside it)."""
    shown = found[:most][::-1]  # the most used at the top
    if not shown:
        return None
    figure = go.Figure(
        go.Bar(
            orientation="h",
            y=[topic.label for topic in shown],
            x=[topic.median_engagements for topic in shown],
            text=[f"{topic.posts:,} posts" for topic in shown],
            textposition="auto",
            marker_color=COLOURS["engagement rate"],
            hovertemplate="%{y}: median %{x:,} engagements over %{text}<extra></extra>",
        )
    )
    figure.update_yaxes(automargin=True)
    return _layout(figure, "Median engagements per post", "")


def media_figure(groups: list[MediaGroup]) -> go.Figure | None:
    """Median engagements of the posts carrying each kind of media, with how many posts each rests on."""
    if not groups:
        return None
    figure = go.Figure(
        go.Bar(
            x=[MEDIA_LABELS.get(group.media_type, group.media_type) for group in groups],
            y=[group.median_engagements for group in groups],
            text=[f"{group.posts:,} posts" for group in groups],
            customdata=["–" if group.median_rate is None else f"{group.median_rate:.2%}" for group in groups],
            textposition="auto",
            marker_color=COLOURS["originals"],
            hovertemplate="%{x}: median %{y:,} engagements, median rate %{customdata}, over %{text}<extra></extra>",
        )
    )
    count_axis(figure, [group.median_engagements for group in groups] + [0])
    return _layout(figure, "", "Median engagements per post")


def playback_figure(found: list[XPost]) -> go.Figure | None:
    """How many of a video's viewers made it through each quarter of it, as a share of those who started."""
    drawn = [post for post in found if post.playback_0]
    if not drawn:
        return None
    figure = go.Figure()
    shares = [[(getattr(post, name) or 0) / post.playback_0 for name in PLAYBACK_FIELDS] for post in drawn]
    for post, share in zip(drawn[-MOST_THREADS:], shares[-MOST_THREADS:]):
        figure.add_trace(
            go.Scatter(
                x=list(QUARTERS),
                y=[round(value, 4) for value in share],
                mode="lines",
                line={"color": THREAD_COLOUR, "width": 1},
                showlegend=False,
                text=[shorten(post.text)] * len(QUARTERS),
                hovertemplate="%{text}<br>%{x}: %{y:.0%} of those who started<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            name=f"median of {len(drawn):,} videos",
            x=list(QUARTERS),
            y=[round(median(share[n] for share in shares), 4) for n in range(len(QUARTERS))],
            mode="lines+markers",
            line={"color": COLOURS["views"], "width": 3},
            hovertemplate="%{x}: median %{y:.0%} of those who started<extra></extra>",
        )
    )
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    figure.update_layout(showlegend=True)  # the median's entry alone: said, so the margins hold the legend's row
    return _layout(figure, "Point in the video", "Viewers still watching")


def _stamp(row: PostReach, window) -> str:
    return local(row.created_at, window).strftime("%Y-%m-%d %H:%M")


def _layout(figure: go.Figure, x_title: str, y_title: str, hover_date: str | None = None) -> go.Figure:
    figure.update_layout(margin={"l": 60, "r": 20, "t": 20, "b": 50}, legend=LEGEND)
    figure.update_xaxes(title_text=x_title, **({"hoverformat": hover_date} if hover_date else {}))
    figure.update_yaxes(title_text=y_title)
    return figure
