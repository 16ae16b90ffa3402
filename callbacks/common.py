"""Callbacks every dashboard shares: date-range presets and CSV export of any panel."""

import csv
import io
import logging
from collections.abc import Callable

from dash import MATCH, Input, Output, State, callback, no_update

from core.errors import ProviderError
from dashboard.components.daterange import preset_dates, window
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


@callback(
    Output({"type": "range-dates", "provider": MATCH}, "start_date"),
    Output({"type": "range-dates", "provider": MATCH}, "end_date"),
    Input({"type": "range-preset", "provider": MATCH}, "value"),
    prevent_initial_call=True,
)
def apply_preset(preset):
    return preset_dates(preset) if preset else (no_update, no_update)


@callback(
    Output({"type": "panel-download", "provider": MATCH, "panel": MATCH}, "data"),
    Input({"type": "panel-csv", "provider": MATCH, "panel": MATCH}, "n_clicks"),
    State({"type": "range-dates", "provider": MATCH}, "start_date"),
    State({"type": "range-dates", "provider": MATCH}, "end_date"),
    prevent_initial_call=True,
)
def export_csv(clicks, start, end):
    from dash import ctx

    provider, panel = ctx.triggered_id["provider"], ctx.triggered_id["panel"]
    account = accounts.account(provider)
    export = EXPORTS.get((provider, panel))
    if not clicks or account is None or export is None:
        return no_update
    try:
        name, rows = export(account.id, window(start, end))
    except ProviderError as error:  # an export that asks the provider (Twitch's followers) and was refused
        log.warning("%s %s export failed: %s", provider, panel, type(error).__name__)
        return no_update
    return {"content": to_csv(rows), "filename": name, "type": "text/csv"}
