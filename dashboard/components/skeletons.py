"""Grey stand-ins of the profile, the metric cards and a chart, shown until their data arrives: the page
keeps its shape instead of jumping as each part pops in (Bootstrap's placeholders)."""

import dash_bootstrap_components as dbc
from dash import html


def _bar(width: str, extra: str = ""):
    return html.Span(className=f"placeholder {width} {extra}".strip())


def _hidden(child):
    """Out of screen readers' way: a skeleton says nothing."""
    return html.Div(child, className="skeleton", **{"aria-hidden": "true"})


def profile_skeleton():
    return _hidden(
        dbc.Card(
            dbc.CardBody(
                html.Div(
                    [
                        html.Span(className="placeholder rounded-circle skeleton-avatar me-3"),
                        html.Div(
                            [_bar("col-6", "placeholder-lg mb-2"), html.Br(), _bar("col-4")], className="flex-grow-1"
                        ),
                    ],
                    className="d-flex align-items-center placeholder-glow",
                )
            )
        )
    )


def cards_skeleton(count: int = 4):
    return _hidden(
        dbc.Row(
            [
                dbc.Col(
                    dbc.Card(
                        dbc.CardBody(
                            [
                                _bar("col-5", "mb-2"),
                                html.Br(),
                                _bar("col-8", "placeholder-lg mb-2"),
                                html.Br(),
                                _bar("col-6"),
                            ],
                            className="placeholder-glow",
                        ),
                        className="h-100",
                    ),
                    xs=6,
                    md=4,
                    xl=True,
                    className="mb-3",
                )
                for _ in range(count)
            ]
        )
    )


def chart_skeleton(height: int = 450):
    """One element (a page has a dozen of these, and a phone's browser pays for each component at load), as tall
    as the panel's body once drawn (``height`` px), so that nothing under it moves when it is drawn."""
    return html.Div(
        className="skeleton chart-skeleton placeholder rounded",
        style={"height": f"{height}px"},
        **{"aria-hidden": "true"},
    )
