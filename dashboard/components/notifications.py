"""The dashboard's notifications: the latest alerts (milestones, a stream above its average, a post above the usual,
collection paused), newest first, and the way to the weekly digest by mail."""

from dash import html


def notifications_list(provider: str, items: list[tuple[str, str]]):
    """``items``: (when, on the reader's clock; what) of the latest alerts, newest first."""
    digest = html.A("Weekly digest by email", href="/mail/settings", className="small")
    if not items:
        return html.Div(
            [html.Span("No notifications yet. ", className="small text-muted"), digest],
            id=f"{provider}-notifications",
            className="mt-2",
        )
    return html.Section(
        [
            html.H2("Notifications", className="h6 mb-1"),
            html.Ul(
                [html.Li([html.Span(when, className="text-muted me-2"), what]) for when, what in items],
                className="small mb-1 ps-3",
            ),
            digest,
        ],
        id=f"{provider}-notifications",
        className="mt-2",
        **{"aria-label": "Notifications"},
    )
