"""The chart panel every dashboard shares: title, when its data was fetched, Refresh, an export menu, and a body.

The export menu stands in for Plotly's mode bar (which offered to upload private analytics to
Plotly Cloud, and put a dozen tab stops on every chart): PNG and SVG of the chart, its data as CSV,
and resetting the zoom.

Ids are pattern-matching dicts ({"type", "provider", "panel"}), so one set of callbacks (CSV
export, refresh requests) serves every panel of every provider.
"""

import time

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.figures.describe import describe
from dashboard.figures.style import fit_margins

from .link_table import LinkTable
from .panel_frame import PanelFrame
from .panel_menu import DIVIDER, PanelMenu
from .skeletons import chart_skeleton


def panel_id(kind: str, provider: str, panel: str) -> dict:
    return {"type": kind, "provider": provider, "panel": panel}


def export_menu(provider: str, panel: str, csv: bool = True, chart: bool = True):
    """The panel's menu: the chart as PNG or SVG, its data as CSV, reset zoom (callbacks/common.py acts on them)."""
    items = []
    if chart:
        items += [["png", "Download PNG image"], ["svg", "Download SVG image"]]
    if csv:
        items.append(["csv", "Download CSV data"])
    if chart:
        items += [DIVIDER, ["reset", "Reset zoom"]]
    return PanelMenu(
        items,
        id=panel_id("panel-menu", provider, panel),
        className="ms-1 panel-menu",
        toggleClassName="btn-outline-secondary touch-target",
    )


def chart_panel(
    provider: str,
    panel: str,
    title: str,
    controls=None,
    csv: bool = True,
    width: int = 6,
    chart: bool = True,
    height: int = 450,
):
    """A card: header with title, fetched-at, Refresh and the export menu; ``controls`` above the body, which
    stands ``height`` px tall (as drawn: a chart with its caption, and the table under it if any) until drawn."""
    buttons = [
        dbc.Button(
            "Refresh",
            id=panel_id("panel-refresh", provider, panel),
            size="sm",
            color="secondary",
            outline=True,
            className="ms-1 touch-target",
        )
    ]
    if csv or chart:
        buttons.append(export_menu(provider, panel, csv, chart))
    return PanelFrame(
        [
            controls,
            # No dcc.Loading around it (a component per panel, and its share of every redraw): Dash marks a body
            # being redrawn with data-dash-is-loading, and 10-app.css dims it after 400 ms.
            html.Div(chart_skeleton(height), id=panel_id("panel-body", provider, panel), className="panel-body"),
        ],
        # dashboard-panel: drawn when it comes into view (assets/70-panels-in-view.js)
        id=f"{provider}-panel-{panel}",
        title=title,
        fetched=html.Small(id=panel_id("panel-fetched", provider, panel), className="text-muted"),
        actions=buttons,
        width=width,
        height=height,
    )


def fetched_text(fetched_at: float | None, now: float | None = None) -> str:
    """ "fetched 5 min ago" style, for the panel header."""
    if not fetched_at:
        return "not fetched yet"
    age = max(0, int((now or time.time()) - fetched_at))
    if age < 60:
        return "fetched just now"
    if age < 3600:
        return f"fetched {age // 60} min ago"
    if age < 86_400:
        return f"fetched {age // 3600} h ago"
    return f"fetched {age // 86_400} days ago"


def graph(figure, graph_id: str | None = None):
    """A responsive graph with a short text alternative for screen readers; no mode bar (the panel's menu exports)."""
    props = {"id": graph_id} if graph_id else {}
    return html.Figure(
        [
            dcc.Graph(
                figure=fit_margins(figure),
                config={"displayModeBar": False, "displaylogo": False, "responsive": True},
                style={"minHeight": "320px"},
                **props,
            ),
            html.Figcaption(describe(figure), className="visually-hidden chart-description"),
        ],
        className="chart mb-0",
    )


def link_table(header: list[str], rows: list[list], striped: bool = False, class_name: str = "mt-2 mb-0"):
    """A compact table of ``rows`` (lists of cells: text, or ``link(text, href)``) under ``header``."""
    return LinkTable(header=header, rows=rows, striped=striped, className=class_name)


def empty_state(message: str):
    """What a panel shows when there is nothing to draw: words, not broken axes."""
    return html.Div(message, className="empty-state text-muted text-center py-5")


def panel_notice(message: str, kind: str):
    """Why a panel's data is stale or absent: an explanation ("unavailable") or a failure ("error")."""
    colour = "info" if kind == "unavailable" else "warning"
    return dbc.Alert(message, color=colour, className=f"panel-notice panel-{kind} py-2 small")
