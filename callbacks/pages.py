"""Pages arrive whole: the server fills each page for who is signed in before sending it.

A page's layout (dashboard/pages/) is static. What depends on the session (the navbar's accounts,
the home overview, a dashboard's profile and cards, on a computer its charts too) is filled here, on
the server, by the same drawing functions the redraw callbacks use, so a page needs no callback round
trip before its numbers. On a phone the charts are drawn as they come into view (callbacks/dashboards.py).
The static layout is kept as a template (callbacks/page_template.py).

The same filled page is written as HTML into the page's own response (``paint_first``,
dashboard/first_paint.py), so the browser paints it before any script has arrived. Dash's layout
(``/_dash-layout``), which the scripts ask for, carries it again: the browser asks for it from that
page, and its Referer names the page (the referrer policy keeps same-origin URLs whole). Dash's page
container is then sent with the page in place and its location set, so Dash's router finds nothing to
do. Without a usable Referer the container goes out empty and the router fills it with one more
request, as it does for every later page of the visit.
"""

from collections.abc import Callable
from functools import cache, lru_cache
from urllib.parse import parse_qsl, urlsplit

import dash
from dash import html
from flask import g, has_request_context, request

from callbacks import overview, twitch, x, x_import
from callbacks.collection import collection_bar
from callbacks.common import wide_screen
from callbacks.dashboards import Dashboard
from callbacks.notifications import notifications
from callbacks.page_template import PageTemplate, id_key, plain, template_of
from callbacks.signin_replay import replay_values
from callbacks.stream_report import report_values
from dashboard.components.navbar import account_items
from dashboard.components.permissions import permissions_request, stopped_notice
from dashboard.components.status import sandbox_note, sign_in_prompt
from dashboard.first_paint import first_paint
from dashboard.shell import app_shell
from web import accounts, permissions

Values = dict[tuple[str, str], object]  # (id key, property) -> value


def _dashboard(board: Dashboard) -> Callable[[PageTemplate], Values]:
    provider = board.provider

    def dashboard_values(page: PageTemplate, _query: dict) -> Values:
        """The sign-in prompt, or the frame with the sandbox note, the collection bar and every panel drawn."""
        account, ended = accounts.account(provider), None
        if account is None:
            ended = account = accounts.ended_account(provider)  # the provider ended it: stored data, and why
        if account is None:
            return {(f"{provider}-gate", "children"): plain(sign_in_prompt(provider))}
        dates = page.props(id_key({"type": "range-dates", "provider": provider}))
        options = {option: page.props(option)["value"] for panel in board.panels.values() for option in panel.options}
        # The first paint's copy starts no sync: the layout Dash asks for next does (one head start per view).
        sync = not ended and not g.get("first_paint")
        # A computer draws every chart with the page, as it always has (its fast CPU lays them out in a moment,
        # and nothing then moves); a phone draws only the cards, and each chart as it comes into view.
        with_page = board.chart_panels if wide_screen() else ()
        values = board.first_render(account.id, dates["start_date"], dates["end_date"], options, sync, with_page)
        if ended:  # until the person signs in again or signs out, however often the page is opened
            values[(f"{provider}-alerts", "children")] = plain(board.signed_out())
        values[(f"{provider}-frame", "style")] = {}  # shown: it is hidden until someone is signed in
        values[(f"{provider}-sandbox", "children")] = plain(sandbox_note(provider)) if account.sandbox else None
        values[(f"{provider}-collection", "children")] = [
            collection_bar(provider, account),
            notifications(provider, account),
        ]
        lacking = [] if ended else permissions.missing(provider)
        stopped = {} if ended or lacking else permissions.stopped(provider)
        if lacking:
            asked = permissions_request(provider, lacking, accounts.csrf_token())
        else:
            asked = stopped_notice(provider, stopped) if stopped else None
        values[(f"{provider}-permissions", "children")] = plain(asked) if asked else None
        if provider == x.PROVIDER:
            values.update({output: plain(value) for output, value in x_import.import_values(account).items()})
        return values

    return dashboard_values


def _home(_page: PageTemplate, _query: dict) -> Values:
    return {output: plain(value) for output, value in overview.home_values().items()}


FILLS = {
    "/": _home,
    "/twitch": _dashboard(twitch.board),
    "/twitter": _dashboard(x.board),
    "/twitch/stream": report_values,
    "/signin-explained/twitter": replay_values("twitter"),
    "/signin-explained/twitch": replay_values("twitch"),
}


def install() -> None:
    """Make each registered page's layout come out filled, as plain JSON (for Dash's router and for the page
    in place below); a page with nothing to fill (not found) comes out as it is."""
    for page in dash.page_registry.values():
        if not getattr(page["layout"], "filled", False):
            page["layout"] = _filled(page["layout"], FILLS.get(page["path"], lambda _page, _query: {}))


def _filled(layout, values_of: Callable[[PageTemplate, dict], Values]) -> Callable:
    if not callable(layout):  # a page whose layout is a component, not a function
        layout = (lambda static: lambda **_query: static)(layout)

    def filled_layout(**query):
        page = template_of(layout, query)
        return page.filled(values_of(page, query))

    template_of(layout, {})  # built now, not in a first visitor's request
    filled_layout.filled = True
    filled_layout.static = layout  # its template, for what reads the page's panels and defaults (callbacks/sharing.py)
    return filled_layout


_LOCATION, _CONTENT, _STORE, _ = (component.id for component in dash.page_container.children)


def _page_in_place(address: str | None) -> Values:
    """Dash's page container's values for the page at ``address`` (on this host), or {} when that is unknown."""
    if not address:
        return {}
    url = urlsplit(address)
    if url.netloc != request.host:
        return {}
    path = url.path or "/"
    page = next((p for p in dash.page_registry.values() if p["path"] == path), None)
    if page is None:  # an unknown address: Dash's router shows the not-found page
        return {}
    layout = page["layout"](**dict(parse_qsl(url.query)))  # filled (see install)
    title = page["title"]() if callable(page["title"]) else page["title"]
    return {
        # Dash's router fires when this location differs from the browser's: here they agree.
        (_LOCATION, "pathname"): path,
        (_LOCATION, "search"): f"?{url.query}" if url.query else "",
        (_CONTENT, "children"): layout,
        (_STORE, "data"): {"title": title},
    }


@cache
def _shell() -> PageTemplate:
    return PageTemplate(app_shell(dash.page_container, []))


@lru_cache(maxsize=1024)  # drawn from these alone, on every page
def _navbar_items(signed_in: tuple, csrf_token: str | None) -> list:
    return plain(account_items(list(signed_in), csrf_token))


def _filled_shell(address: str | None) -> dict:
    """The frame, as plain JSON, with the signed-in accounts in the navbar and the page at ``address`` in place."""
    signed_in = accounts.signed_in()
    items = _navbar_items(tuple(signed_in.values()), accounts.csrf_token() if signed_in else None)
    return _shell().filled({("navbar-accounts", "children"): items, **_page_in_place(address)})


def shell_layout():
    """Dash's layout (``app.layout``): the frame with the signed-in accounts in the navbar and, when the
    request says which page it is for (its Referer), that page in place."""
    if not has_request_context():
        return app_shell(dash.page_container, [])
    shell = _filled_shell(request.referrer)
    # The outermost Div as a component (Dash checks that the layout is one); all within it is plain JSON,
    # set after construction: a component checks the children it is made with, a few milliseconds here.
    outermost = html.Div()
    outermost.children = shell["props"]["children"]
    return outermost


THEMES = ("light", "dark")  # the "theme" cookie 40-theme.js keeps


def paint_first(app: dash.Dash) -> None:
    """Dash's HTML page with the page itself written in it (dashboard/first_paint.py), in the theme this
    browser chose last: a phone shows the numbers before the scripts have arrived."""
    interpolate = app.interpolate_index

    def interpolate_index(**parts) -> str:
        if has_request_context() and request.method == "GET":
            g.first_paint = True
            parts["app_entry"] = first_paint(_filled_shell(request.url)) + parts["app_entry"]
        page = interpolate(**parts)
        theme = request.cookies.get("theme") if has_request_context() else None
        if theme in THEMES:  # before the first paint: no light flash for a dark page
            page = page.replace("<html", f'<html data-bs-theme="{theme}"', 1)
        return page

    app.interpolate_index = interpolate_index
