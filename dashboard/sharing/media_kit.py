"""A media kit's body: per provider its headline numbers (followers, average viewers or engagement rate over the
last 30 days) and its best streams or posts, as plain JSON components (dashboard/sharing/page.py writes them)."""

from dataclasses import dataclass, field, replace
from datetime import datetime

import dash_bootstrap_components as dbc
from dash import html

# What a media kit may show, as the creator ticks it (the share form), in the page's order.
KIT_PARTS = (
    ("followers", "Followers on each"),
    ("average-viewers", "Average viewers, last 30 days (Twitch)"),
    ("engagement-rate", "Engagement rate, last 30 days (X)"),
    ("best-streams", "Best streams, last 30 days (Twitch)"),
    ("best-posts", "Best posts, last 30 days (X)"),
)


@dataclass(frozen=True)
class KitStream:
    title: str
    started_at: datetime
    average: float
    peak: int


@dataclass(frozen=True)
class KitPost:
    text: str
    created_at: datetime
    engagements: int
    impressions: int | None


@dataclass(frozen=True)
class KitProvider:
    provider: str
    label: str
    followers: int | None
    average_viewers: float | None = None  # Twitch, over the last 30 days' sampled minutes
    engagement_rate: float | None = None  # X, engagements over impressions of the last 30 days' posts
    streams: list[KitStream] = field(default_factory=list)
    posts: list[KitPost] = field(default_factory=list)

    def with_streams(self, average: float | None, streams: list[KitStream]) -> "KitProvider":
        return replace(self, average_viewers=average, streams=streams)

    def with_posts(self, rate: float | None, posts: list[KitPost]) -> "KitProvider":
        return replace(self, engagement_rate=rate, posts=posts)


def _figure(label: str, value: str):
    return dbc.Col(
        html.Div([html.Div(value, className="h3 mb-0 kit-number"), html.Small(label, className="text-body-secondary")]),
        xs=6,
        className="mb-3",
    )


def _provider(kit: KitProvider, shown: set[str]):
    numbers = []
    if "followers" in shown:
        numbers.append(_figure(f"followers on {kit.label}", "–" if kit.followers is None else f"{kit.followers:,}"))
    best, heading = [], ""
    if kit.provider == "twitch":
        if "average-viewers" in shown:
            average = "–" if kit.average_viewers is None else f"{kit.average_viewers:,.1f}"
            numbers.append(_figure("average viewers, last 30 days", average))
        if "best-streams" in shown:
            heading = "Best streams, last 30 days"
            best = [
                html.Li(
                    f"{s.title or 'Untitled stream'} ({s.started_at:%d %b}): {s.average:,.0f} average, {s.peak:,} peak"
                )
                for s in kit.streams
            ]
    else:
        if "engagement-rate" in shown:
            rate = "–" if kit.engagement_rate is None else f"{kit.engagement_rate:.1%}"
            numbers.append(_figure("engagement rate, last 30 days", rate))
        if "best-posts" in shown:
            heading = "Best posts, last 30 days"
            best = [
                html.Li(
                    f"“{p.text}” ({p.created_at:%d %b}): {p.engagements:,} engagements"
                    + (f", {p.impressions:,} impressions" if p.impressions else "")
                )
                for p in kit.posts
            ]
    listed = html.Ul(best, className="mb-3") if best else html.P("None in the last 30 days.", className="text-muted")
    return html.Div(
        [
            html.H3(kit.label, className="h5"),
            dbc.Row(numbers),
            *([html.H4(heading, className="h6"), listed] if heading else []),
        ],
        className="kit-provider",
    )


def media_kit_body(kits: list[KitProvider], shown: set[str]):
    """Every provider's part, Twitch's first (as given), with the parts ``shown`` (KIT_PARTS' names)."""
    return html.Div([_provider(kit, shown) for kit in kits], className="media-kit")
