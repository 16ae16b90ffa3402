"""The bodies of the /twitch panels and its metric cards: pure functions of stored records and a window."""

import dash_bootstrap_components as dbc
from dash import html

from dashboard.figures import twitch as figures
from dashboard.figures.common import local, zone_name
from providers.twitch.records import FollowerDays, Profile, SubscriberSummary

from .change import change_line, previous
from .link_table import link
from .metrics import metric_card
from .panels import empty_state, graph, link_table


def or_empty(figure, message: str, graph_id: str):
    """The figure, or words saying why there is nothing to draw."""
    return graph(figure, graph_id) if figure is not None else empty_state(message)


def follower_body(days: FollowerDays | None, snapshots: dict, span, bucket: str, posts=None):
    return or_empty(
        figures.follower_growth(days or FollowerDays(), snapshots, span, bucket or "day", posts),
        "No followers in this date range yet.",
        "twitch-follower-graph",
    )


def subscriber_body(summary: SubscriberSummary | None):
    if summary is None or not summary.total:
        return empty_state("No subscribers yet.")
    totals = html.P(
        [
            html.Strong(f"{summary.total:,}", id="twitch-subscriber-total"),
            " subscribers · ",
            html.Strong(f"{summary.points:,}"),
            " subscriber points",
        ]
    )
    if not summary.complete:  # the totals come with the first page; tiers and gifts need the whole list
        counted = f"Tiers and gifts are counted from the whole list: {summary.counted:,} of {summary.total:,} so far."
        return [totals, html.P(counted, className="text-muted small", id="twitch-subscribers-counting")]
    return [totals, graph(figures.subscriber_breakdown(summary), "twitch-subscriber-graph")]


def bits_body(boards, period: str):
    cheerers = boards.boards.get(period or "all", []) if boards else []
    return or_empty(figures.bits_leaderboard(cheerers), "No cheers in this period.", "twitch-bits-graph")


def vod_body(videos: list, span):
    figure = figures.vod_views(videos, span)
    if figure is None:
        return empty_state("No VODs in this date range.")
    rows = [
        [
            link(v.title or v.id, v.url),
            f"{v.view_count:,}",
            local(v.created_at, span).strftime("%-d %b %Y"),
            figures.duration_text(v.duration),
        ]
        for v in figures.top_videos(videos, span)
    ]
    return [
        graph(figure, "twitch-vod-graph"),
        html.H3("Top VODs", className="h6 mt-2"),
        # The number the table ranks by right after the name: on a phone the columns past it scroll.
        link_table(["VOD", "views", "date", "length"], rows),
    ]


def clip_body(clips: list, span):
    top = figures.top_clips(clips, span)
    if not top:
        return empty_state("No clips in this date range.")
    rows = [[link(c.title or c.id, c.url), f"{c.view_count:,}", c.creator_name] for c in top]
    return [graph(figures.clip_chart(top), "twitch-clip-graph"), link_table(["clip", "views", "clipped by"], rows)]


# Two heatmaps of one week on /twitch answer from different sources; each says which, so they may differ.
STREAM_TIME_SOURCE = (
    "Hours streamed by weekday and hour, from the start and length of every past broadcast Twitch keeps as a VOD "
    "(the audience heatmap below has only the streams this app sampled)."
)


def schedule_body(videos: list, segments: list, span):
    heatmap = figures.stream_heatmap(videos, span)
    upcoming = [
        html.Li(
            [
                html.Strong(local(s.start, span).strftime("%a %-d %b %H:%M ") + zone_name(span)),
                f" · {s.title}",
                f" ({s.category})" if s.category else "",
                dbc.Badge("cancelled", color="secondary", className="ms-1") if s.canceled else None,
            ]
        )
        for s in segments[:6]
    ]
    return [
        html.P(STREAM_TIME_SOURCE, className="small text-muted mb-2"),
        or_empty(heatmap, "No past streams in this date range.", "twitch-heatmap"),
        html.H3("Upcoming", className="h6 mt-3"),
        html.Ul(upcoming, className="small mb-0") if upcoming else empty_state("No streaming schedule set."),
    ]


def goal_body(goals: list):
    if not goals:
        return empty_state("No active goals.")
    return [
        html.Div(
            [
                html.Div(
                    [
                        html.Span(g.description or g.type.replace("_", " ").title()),
                        html.Small(f"{g.current:,} / {g.target:,}", className="text-muted ms-2 goal-count"),
                    ]
                ),
                dbc.Progress(value=figures.goal_share(g), label=f"{figures.goal_share(g)}%", className="mb-3"),
            ],
            **{"data-progress-name": g.description or g.type.replace("_", " ").title()},
        )
        for g in goals
    ]


def metric_cards(profile: Profile, days: FollowerDays | None, subs: SubscriberSummary | None, videos: list, span):
    """Followers (and their change in the range), subscribers, VOD views, and live now or the last stream."""
    total = days.total if days else None  # the follower walk has not landed yet
    stream = profile.stream
    if stream:
        live = metric_card("live now", f"{stream.viewer_count:,}", f"viewers · {stream.game_name}", "twitch-card-live")
    else:
        last = next((v for v in videos if v.type == "archive"), None)
        when = local(last.created_at, span).strftime("%-d %b %Y") if last else "never"
        live = metric_card("offline", when, "last stream", "twitch-card-live")
    return dbc.Row(
        [
            metric_card(
                "followers",
                "–" if total is None else f"{total:,}",
                f"+{figures.follower_change(days, span):,} in range" if days else "",
                "twitch-card-followers",
                change_line(
                    figures.follower_change(days, span) if days else None,
                    figures.follower_change(days, previous(span)) if days else None,
                    span,
                    noun="new followers",
                ),
            ),
            metric_card(
                "subscribers",
                f"{subs.total:,}" if subs else "–",
                f"{subs.points:,} points" if subs else "Affiliate or Partner only",
                "twitch-card-subscribers",
                change_line(None, None, span),  # Twitch keeps no history of subscriber counts
            ),
            metric_card(
                "VOD views",
                f"{sum(v.view_count for v in videos):,}",
                f"{len(videos):,} videos",
                "twitch-card-vod-views",
                change_line(
                    _views_of_new_videos(videos, span),
                    _views_of_new_videos(videos, previous(span)),
                    span,
                    noun="views of new videos",
                ),
            ),
            live,
        ]
    )


def _views_of_new_videos(videos: list, span) -> int | None:
    """Views of the videos published inside ``span`` (None when none was): what the range's streams drew."""
    views = [v.view_count for v in videos if figures.in_window(v.created_at, span)]
    return sum(views) if views else None
