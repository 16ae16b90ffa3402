"""The digest's pages as HTML: the frame (the app's stylesheet, its theme, a bar back to the dashboards) and the
settings page's sections, one per signed-in account. Pure functions of what they are given; web/mail_links.py
reads the request and the database."""

from dataclasses import dataclass
from functools import cache
from itertools import groupby
from zoneinfo import available_timezones

from markupsafe import Markup, escape

SCRIPT_URL = "/mail/pages.js"  # the dashboards' theme and zone scripts, and this page's own (served by factory.py)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NAMES = {"twitch": "Twitch", "twitter": "X"}
DASHBOARDS = {"twitch": "/twitch", "twitter": "/twitter"}
THEMES = ("light", "dark")  # the "theme" cookie the dashboards' 40-theme.js keeps


@dataclass(frozen=True)
class PageAssets:
    """The app's joined stylesheet and this frame's script; None where no Dash app serves them (a bare server)."""

    stylesheet: str | None = None
    script: str | None = None


@dataclass(frozen=True)
class Draft:
    """What a section's form shows: the stored choice, the one just sent back with a sentence, or the defaults."""

    address: str = ""
    weekday: int = 0
    hour: int = 9
    zone: str = "UTC"
    after_stream: bool = False
    alerts: bool = True


@dataclass(frozen=True)
class Section:
    provider: str
    username: str
    state: str  # "none" (not asked), "waiting" (for the confirmation link) or "confirmed"
    draft: Draft
    zone_from_browser: bool = False  # no stored zone and no "tz" cookie: the page's script picks the browser's
    error: str = ""


def document(title: str, body: str, assets: PageAssets, theme: str | None, providers=()) -> str:
    """A whole page in the app's look; ``theme`` (the cookie) is written before the first paint, and the script
    (in the head, so before it too) follows the system's setting or the navbar toggle's choice after that."""
    theme_attribute = f' data-bs-theme="{theme}"' if theme in THEMES else ""
    head = f'<link rel="stylesheet" href="{escape(assets.stylesheet)}">' if assets.stylesheet else ""
    head += f'<script src="{escape(assets.script)}"></script>' if assets.script else ""
    links = "".join(
        f'<a class="nav-link" href="{DASHBOARDS[p]}">{NAMES[p]} dashboard</a>' for p in providers if p in DASHBOARDS
    )
    return (
        f'<!doctype html><html lang="en"{theme_attribute}><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex, nofollow"><title>{escape(title)}</title>{head}</head><body>'
        '<nav class="navbar navbar-dark bg-primary mb-4" data-bs-theme="dark" aria-label="Creator Analytics">'
        '<div class="container-fluid flex-wrap"><a class="navbar-brand" href="/">Creator Analytics</a>'
        f'<div class="navbar-nav flex-row flex-wrap column-gap-3">{links}</div></div></nav>'
        '<main id="main" class="container pb-4"><div class="row justify-content-center">'
        f'<div class="col-12 col-md-10 col-lg-7"><h1 class="h3 mb-3">{escape(title)}</h1>{body}'
        '<p class="mt-4"><a href="/">Back to the dashboards</a></p></div></div></main></body></html>'
    )


def notice(sentence: str, role: str = "status", tone: str = "info") -> str:
    return f'<div class="alert alert-{tone}" role="{role}">{escape(sentence)}</div>'


@cache
def _zone_options() -> str:
    """Every IANA zone, grouped by its region (the part before the first slash): a phone's picker shows groups."""
    region = lambda name: name.split("/", 1)[0] if "/" in name else "Other"  # noqa: E731
    groups = groupby(sorted(available_timezones(), key=lambda name: (region(name), name)), key=region)
    return "".join(
        f'<optgroup label="{escape(label)}">'
        + "".join(f'<option value="{escape(name)}">{escape(name)}</option>' for name in names)
        + "</optgroup>"
        for label, names in groups
    )


def zone_options(chosen: str) -> str:
    return _zone_options().replace(f'value="{escape(chosen)}">', f'value="{escape(chosen)}" selected>', 1)


def _options(pairs, chosen) -> str:
    return "".join(f'<option value="{v}"{" selected" if v == chosen else ""}>{escape(t)}</option>' for v, t in pairs)


def _switch(provider: str, name: str, label: str, on: bool, hidden_off: bool = False) -> str:
    field = f"{provider}-{name.replace('_', '-')}"
    # A hidden "0" before the box: a form sent without the box ticked says "off"; one without the field at all
    # (an older page, a script) keeps the default.
    off = f'<input type="hidden" name="{name}" value="0">' if hidden_off else ""
    return (
        f'<div class="form-check form-switch mb-2">{off}<input class="form-check-input" type="checkbox" '
        f'role="switch" id="{field}" name="{name}" value="1"{" checked" if on else ""}>'
        f'<label class="form-check-label" for="{field}">{escape(label)}</label></div>'
    )


def _hidden(csrf: str, provider: str) -> str:
    return (
        f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
        f'<input type="hidden" name="provider" value="{escape(provider)}">'
    )


def _small_form(action: str, label: str, tone: str, csrf: str, provider: str) -> str:
    return (
        f'<form method="post" action="{action}">{_hidden(csrf, provider)}'
        f'<button type="submit" class="btn btn-sm btn-outline-{tone}">{escape(label)}</button></form>'
    )


def _state(section: Section, csrf: str) -> str:
    draft, p = section.draft, section.provider
    address = Markup('<strong class="text-break">{}</strong>').format(draft.address)
    stop = _small_form("/mail/stop", "Stop the digest", "danger", csrf, p)
    if section.state == "waiting":
        words = f"Waiting for confirmation: follow the link in the mail we sent to {address}."
        buttons = _small_form("/mail/resend", "Send the link again", "primary", csrf, p) + stop
    elif section.state == "confirmed":
        when = f"every {WEEKDAYS[draft.weekday]} at {draft.hour:02d}:00 ({escape(draft.zone)})"
        extra = " and after each stream" if draft.after_stream and p == "twitch" else ""
        alerts = "on" if draft.alerts else "off"
        words = f"Confirmed: the digest comes to {address} {when}{extra}. Alerts by mail: {alerts}."
        buttons = stop
    else:
        return f'<p class="{p}-state">Not asked yet: choose where and when the digest comes.</p>'
    return f'<p class="{p}-state mb-2">{words}</p><div class="d-flex flex-wrap gap-2 mb-3">{buttons}</div>'


def section_html(section: Section, csrf: str) -> str:
    draft, p = section.draft, section.provider
    field = lambda name: f"{p}-{name}"  # noqa: E731 - ids tie each label to its input, per section
    zone_hint = " data-zone-default" if section.zone_from_browser else ""
    after_stream = _switch(p, "after_stream", "Also after each stream", draft.after_stream) if p == "twitch" else ""
    submit = "Send me the weekly digest" if section.state == "none" else "Save"
    error = notice(section.error, "alert", "danger") if section.error else ""
    return (
        f'<section class="card mb-4" id="{p}-digest" aria-labelledby="{p}-digest-title"><div class="card-body">'
        f'<h2 class="h4 card-title" id="{p}-digest-title">{NAMES[p]} '
        f'<span class="fs-6 text-body-secondary text-break">@{escape(section.username)}</span></h2>'
        f"{_state(section, csrf)}{error}"
        f'<form method="post" action="/mail/settings">{_hidden(csrf, p)}'
        f'<div class="mb-3"><label class="form-label" for="{field("address")}">Address</label>'
        f'<input class="form-control" type="email" id="{field("address")}" name="address" required maxlength="320" '
        f'autocomplete="email" value="{escape(draft.address)}"></div>'
        '<div class="row g-2 mb-3">'
        f'<div class="col-6"><label class="form-label" for="{field("weekday")}">Day</label>'
        f'<select class="form-select" id="{field("weekday")}" name="weekday">'
        f"{_options(enumerate(WEEKDAYS), draft.weekday)}</select></div>"
        f'<div class="col-6"><label class="form-label" for="{field("hour")}">Hour</label>'
        f'<select class="form-select" id="{field("hour")}" name="hour">'
        f"{_options(((h, f'{h:02d}:00') for h in range(24)), draft.hour)}</select></div></div>"
        f'<div class="mb-3"><label class="form-label" for="{field("zone")}">Time zone</label>'
        f'<select class="form-select" id="{field("zone")}" name="time_zone"{zone_hint}>'
        f"{zone_options(draft.zone)}</select></div>"
        f"{after_stream}{_switch(p, 'alerts', 'Mail me alerts as they happen', draft.alerts, hidden_off=True)}"
        f'<button type="submit" class="btn btn-primary mt-2">{submit}</button></form></div></section>'
    )


def settings_body(sections: list[Section], csrf: str, said: str = "") -> str:
    intro = (
        "<p>Once a week, your numbers by mail: where and when, per account. A new address gets a mail with a link "
        "that confirms it; nothing else is sent to it before.</p>"
    )
    return said + intro + "".join(section_html(s, csrf) for s in sections)
