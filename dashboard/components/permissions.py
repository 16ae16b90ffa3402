"""The one plain request for permissions a newer feature needs, to someone who signed in before it came."""

import dash_bootstrap_components as dbc
from dash import dcc, html

from core.labels import provider_label

# What each newer scope gives, in the creator's words.
WHAT_FOR = {
    "channel:read:ads": "ad breaks on each stream's timeline",
    "channel:read:hype_train": "hype trains on each stream's timeline",
    "user:read:chat": "chat activity: messages, chatters and emotes a minute (never what anyone wrote)",
    "user:bot": "reading chat as your own account (Twitch asks for both)",
}


def permissions_slot(provider: str):
    return html.Div(id=f"{provider}-permissions")


def permissions_request(provider: str, missing: list[str], csrf_token: str | None):
    """Ask once: grant them on the provider's consent page, or not now (the request is not shown again)."""
    label = provider_label(provider)
    wants = [html.Li(WHAT_FOR.get(scope, scope)) for scope in missing]
    return dbc.Alert(
        [
            html.H2(f"Each stream told whole: {label} needs your permission for more", className="h6"),
            html.P(
                f"Since you signed in, this dashboard learned to show what happens during your streams. "
                f"{label} asks you to allow:",
                className="mb-1",
            ),
            html.Ul(wants, className="mb-2"),
            html.P("Everything else keeps working as it is, whatever you choose.", className="small mb-2"),
            html.Div(
                [
                    html.A(
                        f"Allow on {label}",
                        href=f"/login/{provider}?next=/{provider}",
                        className="btn btn-primary btn-sm me-2",
                    ),
                    html.Form(
                        [
                            dcc.Input(type="hidden", name="csrf_token", value=csrf_token or ""),
                            html.Button("Not now", type="submit", className="btn btn-outline-secondary btn-sm"),
                        ],
                        action=f"/permissions/{provider}/not-now",
                        method="post",
                        className="d-inline",
                    ),
                ]
            ),
        ],
        color="info",
        id=f"{provider}-permissions-request",
    )


def stopped_notice(provider: str, stopped: dict[str, str]):
    """What the provider stopped telling this app, and why; signing in again asks for it anew."""
    label = provider_label(provider)
    reasons = sorted(set(stopped.values()))
    return dbc.Alert(
        [
            html.H2(f"{label} stopped telling this app what happens during your streams", className="h6"),
            html.P(f"{len(stopped)} kinds of event stopped: {'; '.join(reasons)}.", className="mb-2"),
            html.P("Viewer counts are still sampled every few minutes. ", className="small mb-2"),
            html.A(
                f"Sign in with {label} again",
                href=f"/login/{provider}?next=/{provider}",
                className="btn btn-primary btn-sm",
            ),
        ],
        color="warning",
        id=f"{provider}-eventsub-stopped",
    )
