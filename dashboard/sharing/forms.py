"""The creator's pages for sharing (make a link, see it once, list and revoke links) and the visitor's pages in
words (a password asked for, a link that has ended). Plain HTML forms: they work before any script."""

from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from core.labels import provider_label
from dashboard.sharing.document import Assets, document, notice_page

ENDED_TITLE = "This link is not available"
ENDED = (
    "The link may have been revoked or have expired, the password may not be right, or the address may be "
    "incomplete. Ask the person who shared it for a new one."
)
EXPIRY_CHOICES = (("never", "Never"), ("1d", "In 1 day"), ("7d", "In 7 days"), ("30d", "In 30 days"))
KIND_WORDS = {"dashboard": "dashboard", "stream": "stream report", "media-kit": "media kit"}


@dataclass(frozen=True)
class Listed:
    """A link as the creator's list shows it (the link itself is not kept: only its hash)."""

    id: int
    what: str
    title: str
    created: datetime
    period: str
    expires: datetime | None
    protected: bool
    views: int
    state: str  # "live", "revoked", "expired"


def _password_form(address: str) -> str:
    return (
        f'<form method="post" action="{escape(address)}" class="mt-3" style="max-width:24rem">'
        '<label for="share-password" class="form-label">Password</label>'
        '<input id="share-password" name="password" type="password" class="form-control mb-2" required '
        'autocomplete="current-password">'
        '<button type="submit" class="btn btn-primary">Open</button></form>'
    )


def password_page(address: str, assets: Assets) -> str:
    message = "The person who shared this page protected it with a password."
    return notice_page("A password is needed", message, assets, _password_form(address))


def ended_page(address: str | None, assets: Assets) -> str:
    """A dead link, and a wrong password, alike: the same words (and the form again, when a password was sent)."""
    return notice_page(ENDED_TITLE, ENDED, assets, _password_form(address) if address else "")


def _checkbox(name: str, value: str, label: str, checked: bool, index: int) -> str:
    box_id = f"{name}-{index}"
    return (
        f'<div class="form-check"><input class="form-check-input" type="checkbox" name="{name}" '
        f'value="{escape(value)}" id="{box_id}"{" checked" if checked else ""}>'
        f'<label class="form-check-label" for="{box_id}">{escape(label)}</label></div>'
    )


def _radio(name: str, value: str, label: str, checked: bool) -> str:
    radio_id = f"{name}-{value}"
    return (
        f'<div class="form-check"><input class="form-check-input" type="radio" name="{name}" value="{escape(value)}" '
        f'id="{radio_id}"{" checked" if checked else ""}><label class="form-check-label" for="{radio_id}">'
        f"{escape(label)}</label></div>"
    )


def new_form(
    kind: str,
    provider: str,
    panels: list[tuple[str, str]],
    days: tuple[str, str] | None,
    stream_id: str | None,
    csrf: str | None,
    assets: Assets,
    *,
    theme: str | None = None,
    bar: str = "",
) -> str:
    """The share dialog as a page: panels (all ticked: what the dashboard shows), range, expiry, password."""
    what = {"dashboard": f"your {provider_label(provider)} dashboard", "stream": "this stream's report"}.get(
        kind, "your media kit"
    )
    fields = [
        f'<input type="hidden" name="csrf_token" value="{escape(csrf or "")}">',
        f'<input type="hidden" name="kind" value="{escape(kind)}">',
        f'<input type="hidden" name="provider" value="{escape(provider)}">',
        '<div class="mb-3"><label for="share-title" class="form-label">Name (for your list and the page)</label>'
        '<input id="share-title" name="title" class="form-control" maxlength="200"></div>',
    ]
    if stream_id:
        fields.append(f'<input type="hidden" name="stream_id" value="{escape(stream_id)}">')
    if panels:  # a dashboard's panels, or a media kit's numbers
        boxes = "".join(_checkbox("panels", name, title, True, i) for i, (name, title) in enumerate(panels))
        legend = "Panels" if kind == "dashboard" else "Numbers"
        fields.append(f'<fieldset class="mb-3"><legend class="h6">{legend}</legend>{boxes}</fieldset>')
    if kind == "dashboard":
        start, end = days or ("", "")
        fixed = f"This range: {start} to {end}" if days else "This range"
        fields.append(
            '<fieldset class="mb-3"><legend class="h6">Range</legend>'
            + _radio("range", "fixed", fixed, bool(days))
            + _radio("range", "rolling", "Rolling last 30 days (always current)", not days)
            + f'<input type="hidden" name="start" value="{escape(start)}">'
            + f'<input type="hidden" name="end" value="{escape(end)}"></fieldset>'
        )
    expiry = "".join(f'<option value="{v}">{escape(label)}</option>' for v, label in EXPIRY_CHOICES)
    fields.append(
        '<div class="mb-3"><label for="share-expires" class="form-label">Expires</label>'
        f'<select id="share-expires" name="expires" class="form-select">{expiry}</select></div>'
        '<div class="mb-3"><label for="share-password" class="form-label">Password (optional)</label>'
        '<input id="share-password" name="password" type="password" class="form-control" '
        'autocomplete="new-password" maxlength="200"></div>'
        '<button type="submit" class="btn btn-primary">Make the link</button> '
        '<a href="/shares" class="btn btn-outline-secondary">Your links</a>'
    )
    body = (
        f'<h1 class="h3">Share {escape(what)}</h1><p class="text-body-secondary">Anyone with the link sees what you '
        "choose here, read only, and nothing else of your account.</p>"
        f'<form method="post" action="/shares" style="max-width:36rem">{"".join(fields)}</form>'
    )
    return document("Share", body, assets, theme=theme, bar=bar)


def created_page(address: str, what: str, assets: Assets, *, theme: str | None = None, bar: str = "") -> str:
    """The new link, shown this once: only its hash is kept."""
    body = (
        f'<h1 class="h3">Your link to {escape(what)}</h1>'
        "<p>Copy it now: it is shown only this once (the app keeps only a fingerprint of it).</p>"
        '<div class="input-group mb-3" style="max-width:40rem">'
        '<label class="visually-hidden" for="share-address">The link</label>'
        f'<input id="share-address" class="form-control" readonly value="{escape(address)}">'
        '<button type="button" class="btn btn-primary" data-copy="share-address">Copy</button></div>'
        '<p><a href="/shares">Your links</a></p>'
    )
    return document("Link made", body, assets, scripts=True, theme=theme, bar=bar)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def links_page(
    listed: list[Listed],
    csrf: str | None,
    media_kit_possible: bool,
    assets: Assets,
    *,
    theme: str | None = None,
    bar: str = "",
) -> str:
    """The creator's links with their view counts, each revocable. On a phone each row stands as a card, its cells
    named by their data-label (dashboard/assets/85-sharing.css): the table would be wider than the screen."""
    rows = "".join(
        "<tr>"
        f"<td>{escape(item.title or item.what)}<div class='small text-body-secondary'>{escape(item.what)}</div></td>"
        f'<td data-label="Range">{escape(item.period)}</td><td data-label="Views">{item.views}</td>'
        f'<td data-label="State">{escape(item.state)}{" · password" if item.protected else ""}'
        f"<div class='small text-body-secondary'>made {escape(_when(item.created))}; expires "
        f"{escape(_when(item.expires))}</div></td><td>"
        + (
            f'<form method="post" action="/shares/{item.id}/revoke">'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf or "")}">'
            f'<button type="submit" class="btn btn-sm btn-outline-danger">Revoke</button></form>'
            if item.state == "live"
            else ""
        )
        + "</td></tr>"
        for item in listed
    )
    table = (
        '<div class="table-responsive"><table class="table align-middle share-list"><thead><tr>'
        '<th scope="col">Link</th><th scope="col">Range</th><th scope="col">Views</th><th scope="col">State</th>'
        f'<th scope="col"><span class="visually-hidden">Revoke</span></th></tr></thead><tbody>{rows}</tbody>'
        "</table></div>"
        if listed
        else '<p class="text-body-secondary">No links yet. Use Share on a dashboard or a stream report.</p>'
    )
    kit = '<a href="/shares/new?kind=media-kit" class="btn btn-primary mb-3">Make a media kit link</a>'
    body = (
        '<h1 class="h3">Your shared links</h1><p class="text-body-secondary">Revoking a link stops it at once. '
        "A link is shown only when it is made: lost, make a new one and revoke the old.</p>"
        + (kit if media_kit_possible else "")
        + table
    )
    return document("Your shared links", body, assets, theme=theme, bar=bar)


def period_words(days: tuple[date, date] | None) -> str:
    return f"{days[0]:%d %b %Y} to {days[1]:%d %b %Y}" if days else "the last 30 days"
