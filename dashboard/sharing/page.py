"""The shared page: the creator's name and avatar, then each chosen panel, read only.

Panels come as the plain JSON the dashboards draw (their bodies), written out as HTML by the first paint's
writer (dashboard/first_paint.py: escaped, no ids); each chart is left as a placeholder whose figure travels in
a JSON data block, drawn by plotly.js from pages.js. Nothing here can reach the app: no ids, no callbacks, no
forms but the password's.
"""

import json
from dataclasses import dataclass, field
from html import escape

import orjson
import plotly.utils

from dashboard.first_paint import static_html
from dashboard.sharing.document import Assets, document


@dataclass(frozen=True)
class Section:
    """One panel of the page: its title and its body (plain JSON, as Dash would send it)."""

    title: str
    body: object
    note: str = ""


@dataclass(frozen=True)
class SharedPage:
    creator: str  # the name shown at the top
    avatar: str  # its address, or ""
    heading: str  # what is shared ("Twitch dashboard", a stream's title, "Media kit")
    period: str  # the range in words
    sections: list[Section] = field(default_factory=list)
    description: str = ""  # og:description: a headline in words


def _charts_apart(node, figures: list):
    """``node`` with every chart (dcc.Graph) replaced by a numbered placeholder; the figures go to ``figures``."""
    if isinstance(node, orjson.Fragment):  # a panel kept drawn (callbacks/panel_cache.py): its JSON
        node = orjson.loads(orjson.dumps(node))
    if isinstance(node, list | tuple):
        return [_charts_apart(child, figures) for child in node]
    if not isinstance(node, dict):
        return node
    if node.get("namespace") == "dash_core_components" and node.get("type") == "Graph":
        figure = node.get("props", {}).get("figure")
        figures.append(figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure)
        placeholder = {"className": "shared-chart", "data-figure": str(len(figures) - 1)}
        return {"namespace": "dash_html_components", "type": "Div", "props": placeholder}
    return {name: _charts_apart(value, figures) for name, value in node.items()}


def figures_json(figures: list) -> str:
    """The figures as JSON safe inside a <script> element: no '<', '>' or '&' can end it (posts' text is in it)."""
    text = json.dumps(figures, cls=plotly.utils.PlotlyJSONEncoder)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def open_graph(title: str, description: str, image: str, address: str) -> str:
    tags = {"og:title": title, "og:description": description, "og:image": image, "og:url": address}
    written = "".join(f'<meta property="{k}" content="{escape(v)}">' for k, v in tags.items())
    written += '<meta property="og:type" content="website"><meta name="twitter:card" content="summary_large_image">'
    return written + f'<meta name="description" content="{escape(description)}">'


def shared_page(page: SharedPage, address: str, assets: Assets) -> str:
    """The whole page at ``address`` (the link itself: its preview image is beside it)."""
    figures: list = []
    avatar = (
        f'<img src="{escape(page.avatar)}" alt="" width="64" height="64" class="rounded-circle shared-avatar">'
        if page.avatar.startswith(("https://", "/"))
        else ""
    )
    header = (
        f'<header class="d-flex align-items-center gap-3 mb-3">{avatar}<div>'
        f'<h1 class="h3 mb-0 shared-creator">{escape(page.creator)}</h1>'
        f'<p class="mb-0 text-body-secondary">{escape(page.heading)} · {escape(page.period)}</p></div></header>'
    )
    sections = "".join(
        f'<section class="card shadow-sm mb-3 shared-panel" aria-label="{escape(s.title)}">'
        f'<div class="card-header"><h2 class="h5 mb-0">{escape(s.title)}</h2></div>'
        f'<div class="card-body">{static_html(_charts_apart(s.body, figures))}'
        + (f'<p class="small text-body-secondary mb-0">{escape(s.note)}</p>' if s.note else "")
        + "</div></section>"
        for s in page.sections
    )
    footer = (
        '<footer class="small text-body-secondary mt-4 mb-2">A read-only view shared by '
        f"{escape(page.creator)}. Numbers as collected by Creator Analytics; times in UTC.</footer>"
    )
    data = f'<script type="application/json" id="shared-figures">{figures_json(figures)}</script>'
    title = f"{page.creator} · {page.heading}"
    head = open_graph(title, page.description or page.heading, address + "/preview.png", address)
    return document(title, header + f"<div>{sections}</div>" + footer + data, assets, head=head, charts=True)
