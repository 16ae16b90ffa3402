"""The navbar: brand, a link to each signed-in dashboard, who is signed in, and sign-out."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from webapp.accounts import Account

DASHBOARD_PATHS = {"twitter": "/twitter", "twitch": "/twitch"}
LABELS = {"twitter": "X", "twitch": "Twitch"}


def sandbox_badge(account: Account):
    return dbc.Badge("sandbox", color="warning", text_color="dark", className="ms-1",
                     title="A sandbox account on the built-in emulator, not a real one") if account.sandbox else None


def _account_link(account: Account):
    return dbc.NavItem(dbc.NavLink(
        [f"{LABELS[account.provider]}: ", html.Strong(account.name), sandbox_badge(account)],
        href=DASHBOARD_PATHS[account.provider], id=f"nav-{account.provider}",
    ))


def sign_out_form(csrf_token: str):
    # A real form POST: sign-out must not be a GET that any page could trigger with an <img>.
    return html.Form([
        dcc.Input(type="hidden", name="csrf_token", value=csrf_token),
        dbc.Button("Sign out", id="sign-out", type="submit", color="light", size="sm", outline=True),
    ], action="/logout", method="POST", className="d-flex ms-lg-3")


def navbar(accounts: dict[str, Account], csrf_token: str | None):
    right = [_account_link(a) for a in accounts.values()]
    if accounts and csrf_token:
        right.append(sign_out_form(csrf_token))
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand("Creator Analytics", href="/", id="brand"),
        dbc.NavbarToggler(id="navbar-toggler"),
        dbc.Collapse(dbc.Nav(right, className="ms-auto align-items-lg-center", navbar=True),
                     id="navbar-collapse", navbar=True),
    ], fluid=True), color="primary", dark=True, className="mb-4", id="navbar")
