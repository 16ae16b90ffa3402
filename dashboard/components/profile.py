"""Profile cards: who the account is, and its headline numbers."""

from urllib.parse import urlsplit

import dash_bootstrap_components as dbc
from dash import html

from providers.twitch.records import TwitchUser
from providers.x.records import XUser

BROADCASTER_TYPES = {"partner": "Partner", "affiliate": "Affiliate", "": "Not yet affiliate"}


def _stat(label: str, value, stat_id: str):
    return dbc.Col(
        html.Div(
            [
                html.Div(value, className="h4 mb-0 stat-value", id=stat_id),
                html.Small(label, className="text-muted"),
            ]
        ),
        xs=6,
        md=3,
        className="mb-2",
    )


def image_src(url: str) -> str:
    """The built-in sandbox serves its images from this very app, but its replies name the internal
    address the server called it on: show those by path, so they load on whatever host the browser used."""
    parts = urlsplit(url)
    return parts.path if parts.path.startswith("/sandbox/") and parts.hostname in ("127.0.0.1", "localhost") else url


def _card(avatar: str, title, subtitle, stats):
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        html.Img(src=image_src(avatar), alt="avatar", width=96, height=96, className="rounded-circle"),
                        width="auto",
                    )
                    if avatar
                    else None,
                    dbc.Col(
                        [
                            html.H2(title, className="h3 mb-0", id="profile-name"),
                            html.P(subtitle, className="text-muted"),
                            dbc.Row(stats),
                        ]
                    ),
                ],
                className="align-items-center",
            )
        ),
        id="profile-card",
    )


def twitch_profile(user: TwitchUser, follower_total: int | None):
    """``follower_total`` None: not fetched yet (the follower walk lands after the profile)."""
    created = user.created.strftime("%-d %B %Y") if user.created else "unknown"
    return _card(
        user.profile_image_url,
        user.display_name,
        f"twitch.tv/{user.login}",
        [
            _stat("followers", "–" if follower_total is None else f"{follower_total:,}", "profile-followers"),
            _stat(
                "broadcaster type",
                BROADCASTER_TYPES.get(user.broadcaster_type, user.broadcaster_type.title()),
                "profile-broadcaster-type",
            ),
            _stat("on Twitch since", created, "profile-created"),
        ],
    )


def twitter_profile(user: XUser):
    return _card(
        user.profile_image_url,
        user.name,
        f"@{user.username}",
        [
            _stat("followers", f"{user.followers:,}", "profile-followers"),
            _stat("following", f"{user.following:,}", "profile-following"),
            _stat("posts", f"{user.posts:,}", "profile-posts"),
            _stat("listed", f"{user.listed:,}", "profile-listed"),
        ],
    )
