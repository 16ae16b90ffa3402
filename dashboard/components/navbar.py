"""The navbar: brand, a link to each signed-in dashboard, who is signed in, how the sign-in worked, and sign-out.

The bar is drawn with ``account_items`` (a pure function of who is signed in) for each page view.
"""

import dash_bootstrap_components as dbc
from dash import dcc, html

from core.labels import provider_label

DASHBOARD_PATHS = {"twitter": "/twitter", "twitch": "/twitch"}
REPLAY_PATH = "/signin-explained/{provider}"  # dashboard/pages/signin_explained.py


def sandbox_badge(account):
    return (
        dbc.Badge(
            "sandbox",
            color="warning",
            text_color="dark",
            className="ms-1",
            title="A sandbox account on the built-in emulator, not a real one",
        )
        if account.sandbox
        else None
    )


def _account_link(account):
    return dbc.NavItem(
        dbc.NavLink(
            # A no-break space: a phone lays the link out as a flex row, which drops a plain trailing one.
            [f"{provider_label(account.provider)}:\u00a0", html.Strong(account.name), sandbox_badge(account)],
            href=DASHBOARD_PATHS[account.provider],
            external_link=True,  # a full load: the page comes whole with Dash's layout (callbacks/pages.py)
            id=f"nav-{account.provider}",
        )
    )


def sign_out_form(csrf_token: str):
    # A real form POST: sign-out must not be a GET that any page could trigger with an <img>.
    return html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token),
            dbc.Button("Sign out", id="sign-out", type="submit", color="light", size="sm", outline=True),
        ],
        action="/logout",
        method="POST",
        className="d-flex ms-lg-3",
    )


def _replay_link(accounts: list):
    """To the replay of the first signed-in account's sign-in; before any, to X's (the page invites a sign-in)."""
    provider = accounts[0].provider if accounts else "twitter"
    return dbc.NavItem(
        dbc.NavLink(
            "How sign-in works",
            href=REPLAY_PATH.format(provider=provider),
            external_link=True,
            id="navbar-signin-replay",
        )
    )


def account_items(accounts: list, csrf_token: str | None) -> list:
    """What the bar lists for the signed-in ``accounts``: a link to each dashboard, how the sign-in worked, then
    sign-out."""
    items = [*(_account_link(a) for a in accounts), _replay_link(accounts)]
    if accounts and csrf_token:
        items.append(sign_out_form(csrf_token))
    return items


def navbar(items: list):
    """The bar, with ``items`` (``account_items``'s) on its right."""
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("Creator Analytics", href="/", external_link=True, id="brand"),
                html.Div(
                    [
                        # Its words are set by callbacks/shell.py from the theme in force (40-theme.js).
                        dbc.Button(
                            "Dark mode",
                            id="theme-toggle",
                            color="light",
                            outline=True,
                            size="sm",
                            className="touch-target me-2",
                        ),
                        dbc.NavbarToggler(id="navbar-toggler"),
                    ],
                    className="d-flex align-items-center ms-auto ms-lg-2 order-lg-last",
                ),
                dbc.Collapse(
                    dbc.Nav(items, id="navbar-accounts", className="ms-auto align-items-lg-center", navbar=True),
                    id="navbar-collapse",
                    navbar=True,
                    is_open=False,
                ),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        className="mb-4",
        id="navbar",
    )
