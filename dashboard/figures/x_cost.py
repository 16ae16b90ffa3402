"""What the X account's collection read from X's API, month by month, and what X bills for it."""

import plotly.graph_objects as go

from providers.x.pricing import MonthlyReads

from .style import COLOURS, count_axis
from .x_insights import _layout


def reads_figure(months: list[MonthlyReads], cap: int = 0) -> go.Figure | None:
    """Reads per month (posts and users, stacked), the cost on hover, the operator's cap as a line."""
    if not months:
        return None
    labels = [f"{month.month:%b %Y}" for month in months]
    costs = [f"${month.cost_usd:,.2f}" for month in months]
    figure = go.Figure(
        [
            go.Bar(
                name=name,
                x=labels,
                y=[getattr(month, field) for month in months],
                customdata=costs,
                marker_color=colour,
                hovertemplate=f"%{{x}}: %{{y:,}} {name} (%{{customdata}} in all)<extra></extra>",
            )
            for name, field, colour in (
                ("post reads", "post_reads", COLOURS["impressions"]),
                ("user reads", "user_reads", COLOURS["followers"]),
            )
        ]
    )
    figure.update_layout(barmode="stack")
    count_axis(figure, [month.reads for month in months] + [cap, 0])
    if cap:
        figure.add_hline(
            y=cap,
            line={"dash": "dash", "width": 1, "color": COLOURS["median"]},
            annotation_text=f"cap {cap:,} a month",
            annotation_position="top left",
        )
    return _layout(figure, "Month (UTC)", "Reads")
