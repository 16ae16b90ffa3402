"""Small panels that stand in for content: sign-in prompts, errors, sandbox notes."""

import dash_bootstrap_components as dbc
from dash import html

from core.labels import provider_label


def sign_in_prompt(provider: str):
    label = provider_label(provider)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(f"Sign in with {label} to see this dashboard", className="h4 card-title"),
                html.P(f"This page shows your own {label} account's numbers once you are signed in."),
                dbc.Button(
                    f"Sign in with {label}",
                    href=f"/login/{provider}",
                    external_link=True,
                    color="primary",
                    id=f"prompt-sign-in-{provider}",
                ),
                html.P(
                    html.A(f"How signing in with {label} works, step by step", href=f"/signin-explained/{provider}"),
                    className="small mt-3 mb-0",
                ),
            ]
        ),
        className="mt-3",
        id="sign-in-prompt",
    )


def problem(message: str, provider: str | None = None, sign_in_again: bool = False):
    """A friendly panel for a failure; ``message`` is already safe to show."""
    action = (
        dbc.Button(
            "Sign in again", href=f"/login/{provider}", external_link=True, color="primary", size="sm", className="ms-2"
        )
        if sign_in_again and provider
        else None
    )
    return dbc.Alert([message, action], color="warning", className="problem")


def sandbox_note(provider: str):
    return dbc.Alert(
        f"This is a sandbox account on the built-in {provider_label(provider)} emulator: "
        "its numbers are sample data, not a real account.",
        color="warning",
        id="sandbox-note",
    )
