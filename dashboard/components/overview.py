"""The home page's overview for a signed-in person: per connected account, its headline numbers over
the last days against the days before, and the way to its dashboard."""

import dash_bootstrap_components as dbc
from dash import html

from core.labels import provider_label

from .navbar import DASHBOARD_PATHS

OVERVIEW_DAYS = 30


def lead(signed_in: list[str]) -> str:
    """The home page's opening line for a signed-in person (dashboard/pages/home.py has the signed-out one)."""
    names = " and ".join(provider_label(p) for p in signed_in)
    others = [provider_label(p) for p in ("twitter", "twitch") if p not in signed_in]
    more = f" Connect {others[0]} below to see it beside them." if others else ""
    return f"Your {names} numbers at a glance; open a dashboard for every chart.{more}"


def account_overview(provider: str, name: str, cards):
    """One connected account: who, its metric cards (None: its first sync has not landed yet), a link."""
    label = provider_label(provider)
    return html.Section(
        [
            html.Div(
                [
                    html.H2([f"{label}: ", html.Strong(name)], className="h4 mb-0 me-auto"),
                    dbc.Button(
                        f"Open your {label} dashboard",
                        href=DASHBOARD_PATHS[provider],
                        external_link=True,  # a full load: the page comes whole with Dash's layout
                        color="primary",
                        className="touch-target",
                        id=f"open-{provider}",
                    ),
                ],
                className="d-flex flex-wrap align-items-center gap-2 mb-3",
            ),
            cards
            if cards is not None
            else html.P("Your numbers appear here after the first sync.", className="text-muted"),
        ],
        className="mb-4",
        id=f"overview-{provider}",
    )


def overview(sections: list):
    if not sections:
        return None
    return html.Div(
        [
            html.Div(
                [
                    html.P(
                        f"The last {OVERVIEW_DAYS} days, against the {OVERVIEW_DAYS} days before.",
                        className="text-muted mb-0 me-auto",
                    ),
                    # The overview's share: a media kit, the headline numbers of every account signed in here.
                    html.A(
                        "Share a media kit…",
                        href="/shares/new?kind=media-kit",
                        className="btn btn-outline-primary btn-sm touch-target",
                    ),
                    html.A("Your shared links", href="/shares", className="btn btn-link btn-sm touch-target"),
                ],
                className="d-flex flex-wrap align-items-center gap-2 mb-3",
            ),
            *sections,
        ],
        id="overview",
    )
