"""/twitter: the signed-in creator's X dashboard; layout only, the callbacks fill it from the store."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.dashboard_frame import dashboard_frame
from dashboard.components.panels import chart_panel
from dashboard.components.x_import import import_card

dash.register_page(__name__, path="/twitter", title="X dashboard", name="X")

P = "twitter"


def _kept_history_note():
    return dbc.Alert(
        [
            html.Strong("Your numbers outlive X's 30 days. "),
            "X shares impressions, profile clicks and link clicks only for a post's first 30 days. Every value "
            "fetched while X served it is kept here, so these charts still show it afterwards: history no other "
            "tool gives you for free.",
        ],
        color="info",
        className="small py-2",
        id="twitter-kept-history",
    )


def layout(**_query):
    return dashboard_frame(
        P,
        [
            chart_panel(P, "impressions", "Impressions per post", width=12),
            chart_panel(P, "interactions", "Likes, replies, reposts, quotes and bookmarks", width=12),
            chart_panel(P, "scatter", "Impressions against engagements"),
            chart_panel(P, "ctr", "Profile click-through rate", height=500),
            chart_panel(
                P,
                "rate",
                "Engagement rate and top posts",
                width=12,
                height=850,
                controls=dbc.RadioItems(
                    id="twitter-top-posts-by",
                    options=[
                        {"label": "top posts by engagements", "value": "engagements"},
                        {"label": "by engagement rate", "value": "rate"},
                    ],
                    value="engagements",
                    inline=True,
                    className="small mb-2 panel-choices",
                ),
            ),
            chart_panel(P, "heatmap", "When the audience responds: the best time to post"),
            chart_panel(P, "mix", "Post mix"),
            chart_panel(P, "followers", "Follower history", width=12),
            chart_panel(P, "follows", "Follows, profile visits and link clicks per post", width=12, csv=False),
            chart_panel(P, "daily", "Impressions per day (X's account overview)", width=12, csv=False),
            chart_panel(P, "growth", "Followers gained per week, against posts", width=12, csv=False),
            chart_panel(P, "threads", "Threads: readers along each part", csv=False),
            chart_panel(P, "topics", "Topics: median engagement", csv=False),
            chart_panel(P, "media", "Media type and engagement", csv=False),
            chart_panel(P, "videos", "Video playback: how far viewers watched", csv=False),
            chart_panel(P, "cost", "X API reads and their cost", width=12, csv=False),
        ],
        note=html.Div([_kept_history_note(), import_card()]),
    )
