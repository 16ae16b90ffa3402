"""The bar across the top of the creator's sharing pages: the app's navbar look (brand, the dashboards signed in,
the list of links) and a link back to where the creator came from. Plain links: the pages run no Dash."""

from dataclasses import dataclass
from html import escape

from core.labels import provider_label

DASHBOARD_PATHS = {"twitch": "/twitch", "twitter": "/twitter"}  # as dashboard/components/navbar.py
LINKS_PATH = "/shares"


@dataclass(frozen=True)
class Link:
    words: str
    href: str


def dashboard_link(provider: str) -> Link:
    return Link(f"{provider_label(provider)} dashboard", DASHBOARD_PATHS[provider])


def back_link(kind: str, provider: str | None, stream_id: str | None) -> Link | None:
    """Where a link of this kind is made from: the dashboard, the stream's report, or the overview (a media kit)."""
    if kind == "stream" and stream_id:
        return Link("Back to the stream report", f"/twitch/stream?id={stream_id}")
    if kind == "dashboard" and provider in DASHBOARD_PATHS:
        return Link(f"Back to the {provider_label(provider)} dashboard", DASHBOARD_PATHS[provider])
    if kind == "media-kit":
        return Link("Back to the overview", "/")
    return None


def creator_bar(providers: list[str], back: Link | None = None) -> str:
    """The bar, then the way back (when known), as HTML written before the page's <main>."""
    links = [dashboard_link(p) for p in providers if p in DASHBOARD_PATHS] + [Link("Your links", LINKS_PATH)]
    items = "".join(
        f'<li class="nav-item"><a class="nav-link" href="{escape(link.href, quote=True)}">{escape(link.words)}</a></li>'
        for link in links
    )
    bar = (
        '<nav class="navbar bg-primary sharing-bar" data-bs-theme="dark" aria-label="Creator Analytics">'
        '<div class="container-fluid"><a class="navbar-brand" href="/">Creator Analytics</a>'
        f'<ul class="navbar-nav flex-row flex-wrap column-gap-3">{items}</ul></div></nav>'
    )
    if back is None:
        return bar
    return bar + (
        f'<div class="container pt-2"><a class="sharing-back" href="{escape(back.href, quote=True)}">'
        f'<span aria-hidden="true">← </span>{escape(back.words)}</a></div>'
    )
