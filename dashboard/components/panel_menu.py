"""A panel's export menu as one component: dashboard/assets/60-panel-menu.js draws it.

It was a dbc.DropdownMenu with an item per action, a dcc.Download and a dcc.Store in every panel:
seven components a panel, about a fifth of a dashboard's, each a wrapper for the browser to build on
a cold load. This one draws Bootstrap's dropdown markup, keeps WAI-ARIA's menu button keys (arrows,
Home, End, Escape), and reports the item chosen in ``chosen`` ({"action", "at"}); callbacks/common.py
acts on it, and the page's one download (``panel_download``) delivers the CSV.
"""

from dash import dcc
from dash.development.base_component import Component

from . import NAMESPACE

DIVIDER = "divider"


class PanelMenu(Component):
    """``items``: [action, label] pairs, or DIVIDER; ``label``: the toggle's text."""

    _namespace = NAMESPACE
    _type = "PanelMenu"
    _prop_names = ["id", "items", "label", "chosen", "className", "toggleClassName"]
    _valid_wildcard_attributes: list = []
    _children_props: list = []

    def __init__(self, items: list, label: str = "Export", **kwargs):
        super().__init__(items=items, label=label, **kwargs)


def panel_download(provider: str):
    """Where a dashboard's CSV exports arrive (one per page, not one per panel)."""
    return dcc.Download(id={"type": "panel-download", "provider": provider})
