"""/twitch: the signed-in streamer's dashboard; layout only, the callbacks fill it from the store."""

import dash
import dash_bootstrap_components as dbc

from dashboard.components.dashboard_frame import dashboard_frame
from dashboard.components.panels import chart_panel

dash.register_page(__name__, path="/twitch", title="Twitch dashboard", name="Twitch")

P = "twitch"


def _choices(choice_id: str, options: dict, value: str):
    return dbc.RadioItems(
        id=choice_id,
        options=[{"label": label, "value": key} for key, label in options.items()],
        value=value,
        inline=True,
        className="small mb-2 panel-choices",
    )


def layout(**_query):
    # Each panel's height: as its body is drawn with the sandbox's channels, so that little moves when it is.
    return dashboard_frame(
        P,
        [
            chart_panel(
                P,
                "followers",
                "Follower growth",
                width=12,
                controls=_choices("twitch-follower-bucket", {"day": "per day", "week": "per week"}, "day"),
            ),
            chart_panel(P, "subscribers", "Subscribers", height=490),
            chart_panel(
                P,
                "bits",
                "Bits leaderboard",
                height=360,
                controls=_choices(
                    "twitch-bits-period",
                    {"day": "day", "week": "week", "month": "month", "year": "year", "all": "all time"},
                    "all",
                ),
            ),
            chart_panel(P, "vods", "VOD views", width=12, height=850),
            chart_panel(P, "clips", "Top clips", height=720),
            chart_panel(P, "schedule", "When the channel streams", height=740),
            chart_panel(P, "goals", "Goals", chart=False, height=120),
            # Below the rest: stream panels grow as samples arrive, and nothing under them moves.
            chart_panel(P, "streams", "Streams", width=12, height=680),
            chart_panel(P, "stream-trend", "Viewers per stream and hours watched", csv=False, height=900),
            chart_panel(P, "chat", "Chat per stream: new and returning chatters", csv=False, height=470),
            chart_panel(P, "paths", "Path to Affiliate and Partner", csv=False, chart=False, height=280),
            chart_panel(P, "best-times", "When your audience watches (average viewers)", csv=False, height=530),
            chart_panel(P, "games", "By game", csv=False, chart=False, height=120),
            chart_panel(P, "going-live", "Announcing on X before going live", csv=False, chart=False, height=190),
        ],
    )
