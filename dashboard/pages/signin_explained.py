"""/signin-explained/twitter and /signin-explained/twitch: "How your sign-in worked", one page per provider.

Layout only: callbacks/signin_replay.py fills ``signin-replay`` with the person's own latest sign-in (or says
why there is none); what the provider and RFC 9700 say is the same for everyone, so it is laid out here.
"""

import dash
from dash import html

from core.labels import PROVIDERS, provider_label
from dashboard.components.signin_replay import PATHS, practices

PROTOCOLS = {"twitter": "OAuth 1.0a", "twitch": "OAuth 2.0"}
REDACTED = (
    "Every secret, token, verifier, code and signature is cut to its first few characters (like a1B2…) the "
    "moment it is recorded: no whole one is kept, so none can reach this page or a log."
)


def _switch(current: str):
    """The other provider's replay, one tap away; the current one marked for screen readers."""
    return html.Nav(
        html.Ul(
            [
                html.Li(
                    html.A(
                        f"{provider_label(p)} ({PROTOCOLS[p]})",
                        href=PATHS[p],
                        className="nav-link active" if p == current else "nav-link",
                        **({"aria-current": "page"} if p == current else {}),
                    ),
                    className="nav-item",
                )
                for p in PROVIDERS
            ],
            className="nav nav-pills",
        ),
        className="mb-3",
        id="signin-switch",
        **{"aria-label": "Sign-in replays"},
    )


def _layout(provider: str):
    label = provider_label(provider)
    return html.Div(
        [
            _switch(provider),
            html.H1(f"How your sign-in with {label} worked", className="h2"),
            html.P(
                f"Your own latest sign-in with {label} ({PROTOCOLS[provider]}), replayed: each step between your "
                f"browser, this app and {label}, with what was sent, what came back and the time it took, measured "
                "as it happened.",
            ),
            html.P(REDACTED, className="small text-body-secondary", id="signin-redacted"),
            html.Div(id="signin-replay"),  # filled by callbacks/signin_replay.py
            practices(provider),
        ],
        className="signin-explained",
    )


for _provider in PROVIDERS:
    dash.register_page(
        f"{__name__}.{_provider}",
        path=PATHS[_provider],
        title=f"How your sign-in with {provider_label(_provider)} worked",
        name=f"Sign-in with {provider_label(_provider)}, shown",
        layout=(lambda provider: lambda **_query: _layout(provider))(_provider),
    )
