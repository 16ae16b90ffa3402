"""The HTML frame every sharing page is written in: phone first, the app's stylesheet, no index, no Referer, light
or dark as the dashboards are (theme.js, in <head> so no light page flashes first)."""

from dataclasses import dataclass
from html import escape

SCRIPT_URL = "/sharing/pages.js"  # dashboard/sharing/pages.js, served by factory.py
THEME_SCRIPT_URL = "/sharing/theme.js"  # dashboard/sharing/theme.js, served by factory.py
THEMES = ("light", "dark")  # the "theme" cookie the dashboards keep (dashboard/assets/40-theme.js)


@dataclass(frozen=True)
class Assets:
    """Addresses of the app's joined stylesheet and of plotly.js (factory.py knows them)."""

    stylesheet: str
    plotly: str


def document(
    title: str,
    body: str,
    assets: Assets,
    *,
    head: str = "",
    scripts: bool = False,
    charts: bool = False,
    theme: str | None = None,
    bar: str = "",
) -> str:
    """A whole page: ``body`` is written HTML; ``scripts`` adds the pages' own script, ``charts`` plotly.js before it
    (both from this app: the CSP's 'self'). ``theme`` is the creator's (from the dashboards' cookie); without it the
    page follows the system's setting. ``bar`` is written above the page's <main> (the creator's navigation)."""
    themed = f' data-bs-theme="{theme}"' if theme in THEMES else ""
    tail = f'<script src="{escape(assets.plotly)}"></script>' if charts else ""
    tail += f'<script src="{SCRIPT_URL}"></script>' if scripts or charts else ""
    return (
        f'<!doctype html><html lang="en"{themed}><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">'
        f'<title>{escape(title)}</title><script src="{THEME_SCRIPT_URL}"></script>{head}'
        f'<link rel="stylesheet" href="{escape(assets.stylesheet)}"></head>'
        f'<body class="sharing">{bar}<main class="container py-3 sharing-main">{body}</main>{tail}</body></html>'
    )


def notice_page(title: str, message: str, assets: Assets, extra: str = "") -> str:
    """A short page in words for a visitor: a link that has ended, a password asked for (the system's theme)."""
    body = f'<h1 class="h3 mt-4">{escape(title)}</h1><p>{escape(message)}</p>{extra}'
    return document(title, body, assets)
