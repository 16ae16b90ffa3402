"""The dashboards' tables (top posts, VODs, clips, streams, games) as one component each.

A table drawn from Dash's html components is a Dash component per row, cell and link: the heavy X
page's top posts alone were 114 of its 413 components, and each one costs the browser a wrapper on
a cold load. ``LinkTable`` sends the header and the cells as data; dashboard/assets/50-link-table.js
draws the same Bootstrap table from them (a cell is text, or a link given as {"text", "href"}).
"""

from urllib.parse import urlsplit

from dash.development.base_component import Component

from . import NAMESPACE


class LinkTable(Component):
    """``header``: column names; ``rows``: lists of cells, each text or ``link(text, href)``."""

    _namespace = NAMESPACE
    _type = "LinkTable"
    _prop_names = ["id", "header", "rows", "striped", "className"]
    _valid_wildcard_attributes: list = []
    _children_props: list = []

    def __init__(self, header: list[str], rows: list[list], striped: bool = False, className: str = "", **kwargs):
        super().__init__(header=header, rows=rows, striped=striped, className=className, **kwargs)


def link(text: str, href: str | None):
    """A cell that opens ``href`` in a new tab; just the text when the address is not a web address."""
    if not href or urlsplit(href).scheme not in ("http", "https"):
        return text
    return {"text": text, "href": href}
