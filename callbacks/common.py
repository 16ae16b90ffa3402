"""Callbacks every dashboard shares: date-range presets, and any panel's export menu (CSV, PNG, SVG, reset zoom)."""

import csv
import io
import logging
import re
from collections.abc import Callable
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo

from dash import ALL, MATCH, Input, Output, State, callback, clientside_callback, no_update
from flask import g, has_request_context, request

from core.errors import ProviderError
from dashboard.components.daterange import time_zones, window
from web import accounts

log = logging.getLogger(__name__)

# (provider, panel) -> function(account id, window) -> (file name, rows as dicts)
Exporter = Callable[[str, tuple[int, int]], tuple[str, list[dict]]]
EXPORTS: dict[tuple[str, str], Exporter] = {}


def exporter(provider: str, panel: str):
    """Decorator: register the rows behind a panel's CSV button."""

    def register(function: Exporter) -> Exporter:
        EXPORTS[(provider, panel)] = function
        return function

    return register


ZONE_COOKIE = "tz"  # set by dashboard/assets/30-timezone.js: the browser's zone, or the one chosen


def per_request(name: str, read: Callable):
    """``read()``, once per request: the panels drawn in one request ask the same thing once."""
    kept = g.setdefault("per_request", {})
    if name not in kept:
        kept[name] = read()
    return kept[name]


SCREEN_COOKIE = "screen"  # "<width>x<height>" of the browser's window, kept by 70-panels-in-view.js
WIDE = 992  # Bootstrap's lg: from here panels sit side by side and the first one shows in the first screen


def wide_screen() -> bool:
    """Whether the browser said its window is wide (a computer's); False when it has not said."""
    size = request.cookies.get(SCREEN_COOKIE, "") if has_request_context() else ""
    width = size.partition("x")[0]
    return width.isdigit() and len(width) < 6 and int(width) >= WIDE


def browser_zone() -> tzinfo:
    """The zone the person reads days and hours in; UTC when the browser has not said (or said nonsense)."""
    name = request.cookies.get(ZONE_COOKIE, "") if has_request_context() else ""
    return ZoneInfo(name) if name in time_zones() else UTC


# The time zone setting shows the zone in use at once, and offers every other when someone reaches for
# it (30-timezone.js); choosing another keeps it in the browser and reloads the page, whose every day and
# hour is then read on the new clock.
clientside_callback(
    """
    function (zones, setting) {
        var zone = window.creatorAnalyticsZone || 'UTC';
        window.creatorAnalyticsOfferZones(setting, zones || []);
        return [[{label: zone, value: zone}], zone];
    }
    """,
    Output({"type": "range-zone", "provider": MATCH}, "options"),
    Output({"type": "range-zone", "provider": MATCH}, "value"),
    Input({"type": "range-zones", "provider": MATCH}, "data"),
    State({"type": "range-zone", "provider": MATCH}, "id"),
)
clientside_callback(
    """
    function (zone) {
        if (!zone || zone === window.creatorAnalyticsZone) return window.dash_clientside.no_update;
        window.creatorAnalyticsChooseZone(zone);
        window.location.reload();
        return window.dash_clientside.no_update;
    }
    """,
    Output({"type": "range-zone", "provider": MATCH}, "className"),
    Input({"type": "range-zone", "provider": MATCH}, "value"),
    prevent_initial_call=True,
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    """Text that a spreadsheet would run as a formula gets a leading quote (titles and names are anyone's)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def to_csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _inert(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


# A preset's dates, worked out in the browser as preset_dates does on the server (today's UTC date, the
# picker's earliest for "all"): the redraw the new dates ask for is then the only round trip of a range change.
clientside_callback(
    """
    function (preset, earliest) {
        if (!preset) { return [window.dash_clientside.no_update, window.dash_clientside.no_update]; }
        var day = 86400000, today = new Date().toISOString().slice(0, 10);
        if (preset === "all") { return [String(earliest).slice(0, 10), today]; }
        return [new Date(Date.now() - (parseInt(preset, 10) - 1) * day).toISOString().slice(0, 10), today];
    }
    """,
    Output({"type": "range-dates", "provider": MATCH}, "start_date"),
    Output({"type": "range-dates", "provider": MATCH}, "end_date"),
    Input({"type": "range-preset", "provider": MATCH}, "value"),
    State({"type": "range-dates", "provider": MATCH}, "min_date_allowed"),
    prevent_initial_call=True,
)


@callback(
    Output({"type": "panel-download", "provider": MATCH}, "data"),
    Input({"type": "panel-menu", "provider": MATCH, "panel": ALL}, "chosen"),
    State({"type": "range-dates", "provider": MATCH}, "start_date"),
    State({"type": "range-dates", "provider": MATCH}, "end_date"),
    prevent_initial_call=True,
)
def export_csv(_chosen, start, end):
    """A panel's data as CSV, when its menu's "Download CSV data" was chosen."""
    from dash import ctx

    if not ctx.triggered_id or (ctx.triggered[0].get("value") or {}).get("action") != "csv":
        return no_update
    provider, panel = ctx.triggered_id["provider"], ctx.triggered_id["panel"]
    account = accounts.account(provider)
    export = EXPORTS.get((provider, panel))
    if account is None or export is None:
        return no_update
    try:
        name, rows = export(account.id, window(start, end, browser_zone()))
    except ProviderError as error:  # an export that asks the provider (Twitch's followers) and was refused
        log.warning("%s %s export failed: %s", provider, panel, type(error).__name__)
        return no_update
    return {"content": to_csv(rows), "filename": file_name(name, account.username, start, end), "type": "text/csv"}


def file_name(name: str, account: str, start: str | None, end: str | None) -> str:
    """``twitch-vods.csv`` -> ``twitch-vods-<account>-2026-09-02-to-2026-11-30.csv``: whose data, which range."""
    stem, dot, extension = name.rpartition(".")
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", account).strip("-") or "account"
    dates = f"-{(start or 'start')[:10]}-to-{(end or 'today')[:10]}"
    return f"{stem}-{safe}{dates}{dot}{extension}"


# The chart of the panel whose menu was used: PNG or SVG download (named as the CSV is), or zoom reset.
clientside_callback(
    r"""
    function (chosen, start, end) {
        var id = window.dash_clientside.callback_context.triggered_id;
        var panel = document.getElementById(id.provider + "-panel-" + id.panel);
        var chart = panel && panel.querySelector(".js-plotly-plot");
        var action = chosen && chosen.action;
        if (!chart || !/^(png|svg|reset)$/.test(action)) return window.dash_clientside.no_update;
        if (action === "reset") {
            // Back to the ranges the chart was drawn with (the chosen date range), as Plotly's own
            // reset button does; autorange where it started autoranged.
            var axes = {};
            Object.keys(chart._fullLayout).forEach(function (key) {
                var axis = chart._fullLayout[key];
                if (!/^[xy]axis\d*$/.test(key) || !axis) return;
                if (axis._rangeInitial0 !== undefined && !axis._autorangeInitial) {
                    axes[key + ".range"] = [axis._rangeInitial0, axis._rangeInitial1];
                } else {
                    axes[key + ".autorange"] = true;
                }
            });
            Plotly.relayout(chart, axes);
        } else {
            var name = [id.provider, id.panel, (start || "").slice(0, 10), "to", (end || "").slice(0, 10)].join("-");
            Plotly.downloadImage(chart, {format: action, filename: name, scale: 2});
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output({"type": "panel-menu", "provider": MATCH, "panel": MATCH}, "className"),  # an output Dash asks for
    Input({"type": "panel-menu", "provider": MATCH, "panel": MATCH}, "chosen"),
    State({"type": "range-dates", "provider": MATCH}, "start_date"),
    State({"type": "range-dates", "provider": MATCH}, "end_date"),
    prevent_initial_call=True,
)
