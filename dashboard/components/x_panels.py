"""The bodies of the /twitter panels and its metric cards: pure functions of stored records and a window."""

from datetime import datetime

import dash_bootstrap_components as dbc
from dash import html

from dashboard.analysis.x_export import reconstructed_followers
from dashboard.figures import x as figures
from dashboard.figures.common import readings
from dashboard.figures.style import DATE_TIME

from .change import change_line, previous
from .link_table import link
from .metrics import metric_card
from .panels import empty_state, graph, link_table

RATE_TOOLTIP = (
    "Total engagements (likes, replies, reposts, quotes, bookmarks) of the range's posts divided by "
    "their total impressions; reposts are left out: X counts them no reach of their own."
)


def chart(figure, graph_id: str, empty_message: str = figures.NO_POSTS):
    """The figure, or words saying why there is nothing to draw."""
    return graph(figure, graph_id) if figure is not None else empty_state(empty_message)


def ctr_body(posts, span):
    return [
        html.P(
            "Profile clicks per impression. X shares profile clicks only in a post's first 30 days; "
            "the values fetched then are kept here.",
            className="small text-muted mb-1",
        ),
        chart(figures.profile_ctr_figure(posts, span), "twitter-ctr-graph", figures.ctr_empty_message(posts, span)),
    ]


def rate_body(posts, span, by: str = "engagements"):
    figure = figures.engagement_rate_figure(posts, span)
    if figure is None:
        return chart(figure, "twitter-rate-graph")
    rows = [
        [
            link(figures.shorten(row["text"]), row["url"]),
            f"{row['engagements']:,}",
            "–" if row["engagement_rate"] is None else f"{row['engagement_rate']:.2%}",
            "–" if row["impressions"] is None else f"{row['impressions']:,}",
            datetime.strptime(row["posted"], "%Y-%m-%d %H:%M").strftime(DATE_TIME),
            row["kind"],
        ]
        for row in figures.top_posts(posts, span, by=by or "engagements")
    ]
    return [
        chart(figure, "twitter-rate-graph"),
        html.H3("Top posts", className="h6 mt-2"),
        # The numbers the table ranks by right after the post: on a phone the columns past them scroll.
        link_table(["post", "engagements", "rate", "impressions", "posted", "kind"], rows),
    ]


def follower_body(snapshots: dict, span, imported_days=()):
    """The snapshots' followers, and before them the days X's export rebuilds (dashed)."""
    earlier = reconstructed_followers(snapshots, imported_days)
    return chart(
        figures.follower_history_figure(snapshots, span, earlier), "twitter-follower-graph", figures.NO_FOLLOWER_HISTORY
    )


def metric_cards(user, snapshots: dict, posts, span, earlier_posts=None):
    """Followers (and their change over the range's snapshots), following, posts, listed, engagement rate;
    each with its change against the previous period of equal length (``earlier_posts``: that period's posts)."""
    change = figures.follower_change(snapshots, span)
    since = f"{change[0]:+,} since {change[1]:%-d %b}" if change else "history starts with today's snapshot"
    rate = figures.average_engagement_rate(posts, span)
    before = previous(span)
    earlier = figures.follower_change(snapshots, before)
    own = [p for p in posts if p.kind != "repost"]
    return dbc.Row(
        [
            metric_card(
                "followers",
                f"{user.followers:,}",
                since,
                "twitter-card-followers",
                change_line(change and change[0], earlier and earlier[0], span),  # net: followers can fall
            ),
            metric_card(
                "following",
                f"{user.following:,}",
                "",
                "twitter-card-following",
                _counter_change(snapshots, "following", span),
            ),
            metric_card(
                "posts",
                f"{user.posts:,}",
                f"{len(own):,} in range",
                "twitter-card-posts",
                change_line(
                    len(own),
                    None if earlier_posts is None else len([p for p in earlier_posts if p.kind != "repost"]),
                    span,
                    noun="posts",
                ),
            ),
            metric_card(
                "listed",
                f"{user.listed:,}",
                "on others' lists",
                "twitter-card-listed",
                _counter_change(snapshots, "listed", span),
            ),
            metric_card(
                "engagement rate",
                "–" if rate is None else f"{rate:.2%}",
                "engagements ÷ impressions, posts in range",
                "twitter-card-rate",
                change_line(
                    rate,
                    None if earlier_posts is None else figures.average_engagement_rate(earlier_posts, before),
                    span,
                    rate=True,
                ),
            ),
            dbc.Tooltip(RATE_TOOLTIP, target="twitter-card-rate", placement="bottom"),
        ]
    )


def _counter_change(snapshots: dict, counter: str, span):
    """A snapshot counter's change over the range against the previous one (from the daily snapshots)."""

    def moved(window):
        values = [value for _, value in readings(snapshots, window, counter)]
        return values[-1] - values[0] if len(values) > 1 else None

    return change_line(moved(span), moved(previous(span)), span)
