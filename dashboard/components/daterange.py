"""The date-range control every dashboard's time-based charts follow: presets plus a date picker."""

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import available_timezones

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.figures.common import Window

PRESETS = {"7": "7 days", "30": "30 days", "90": "90 days", "365": "1 year", "all": "All time"}
DEFAULT_PRESET = "90"
EARLIEST = date(2007, 1, 1)  # Justin.tv's launch: nothing on Twitch or X is older


def range_id(kind: str, provider: str) -> dict:
    return {"type": kind, "provider": provider}


def preset_dates(preset: str, today: date | None = None) -> tuple[str, str]:
    """(start, end) ISO dates of a preset, both inclusive."""
    today = today or datetime.now(UTC).date()
    start = EARLIEST if preset == "all" else today - timedelta(days=int(preset) - 1)
    return start.isoformat(), today.isoformat()


def window(start: str | None, end: str | None, zone: tzinfo = UTC) -> Window:
    """Epoch seconds [start of the first day, end of the last day) for the chosen dates, days on ``zone``'s clock."""
    first = date.fromisoformat(start[:10]) if start else EARLIEST
    last = date.fromisoformat(end[:10]) if end else datetime.now(zone).date()
    after = last + timedelta(days=1)
    begin = int(datetime(first.year, first.month, first.day, tzinfo=zone).timestamp())
    finish = int(datetime(after.year, after.month, after.day, tzinfo=zone).timestamp())
    return Window(begin, finish, zone)


@cache
def time_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows (the choices of the time zone setting)."""
    return frozenset(available_timezones())


def zone_setting(provider: str):
    """Which clock days and hours are read on: the browser's zone until the person picks another
    (callbacks/common.py keeps the choice in the browser)."""
    # A native select: the phone's own picker, and the label names it for screen readers. Its ~600 choices
    # travel as data (``range-zones``) and become options when someone reaches for the setting: as options
    # in the page they were about a tenth of a cold load's work in the browser, before any chart was drawn.
    return html.Label(
        [
            html.Span("Time zone", className="small text-muted me-2 text-nowrap"),
            dbc.Select(
                id=range_id("range-zone", provider),
                options=[],
                size="sm",
                class_name="zone-setting touch-target",
                style={"maxWidth": "16rem"},
            ),
            dcc.Store(id=range_id("range-zones", provider), data=sorted(time_zones())),
        ],
        className="d-flex align-items-center mb-0",
    )


def date_range_control(provider: str):
    start, end = preset_dates(DEFAULT_PRESET)
    return dbc.Row(
        [
            dbc.Col(
                dbc.RadioItems(
                    id=range_id("range-preset", provider),
                    options=[{"label": label, "value": value} for value, label in PRESETS.items()],
                    value=DEFAULT_PRESET,
                    inline=True,
                    inputClassName="btn-check",
                    labelClassName="btn btn-outline-primary btn-sm touch-target",
                    labelCheckedClassName="active",
                    className="range-presets",
                ),
                xs=12,
                md="auto",
                className="mb-2",
            ),
            dbc.Col(
                dcc.DatePickerRange(
                    id=range_id("range-dates", provider),
                    start_date=start,
                    end_date=end,
                    min_date_allowed=EARLIEST,
                    display_format="D MMM YYYY",
                    clearable=False,
                    className="date-range",
                ),
                xs=12,
                md="auto",
                className="mb-2",
            ),
            dbc.Col(
                html.Small("applies to every chart over time", className="text-muted"),
                xs=12,
                md="auto",
                className="mb-2 align-self-center",
            ),
            dbc.Col(zone_setting(provider), xs=12, md="auto", className="mb-2 ms-md-auto"),
        ],
        className="align-items-center mb-3",
        id=f"{provider}-date-range",
    )
