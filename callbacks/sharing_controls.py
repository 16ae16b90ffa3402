"""The dashboards' Share button follows the date range: its link to the share form carries the range in view."""

import json

from dash import Input, Output, clientside_callback

from callbacks.twitch import PROVIDER as TWITCH
from callbacks.x import PROVIDER as X

_SHARE_ADDRESS = """
function (start, end) {
    var days = {start: (start || '').slice(0, 10), end: (end || '').slice(0, 10)};
    return '/shares/new?' + new URLSearchParams(Object.assign({provider: PROVIDER}, days)).toString();
}
"""

for _provider in (TWITCH, X):
    clientside_callback(
        _SHARE_ADDRESS.replace("PROVIDER", json.dumps(_provider)),
        Output(f"{_provider}-share", "href"),
        Input({"type": "range-dates", "provider": _provider}, "start_date"),
        Input({"type": "range-dates", "provider": _provider}, "end_date"),
    )
