"""Metric cards: one headline number each, with a line of context under it."""

import dash_bootstrap_components as dbc
from dash import html


def metric_card(label: str, value: str, detail: str = "", card_id: str | None = None, change=None):
    """``change``: the line saying how the number moved against the previous period (components/change.py)."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(label, className="text-muted small text-uppercase"),
                    html.Div(value, className="h3 mb-0 metric-value", id=f"{card_id}-value" if card_id else None),
                    html.Small(detail, className="text-muted d-block"),
                    change,
                ]
            ),
            className="h-100 shadow-sm",
            id=card_id,
        ),
        xs=6,
        md=4,
        xl=True,
        className="mb-3",
    )
