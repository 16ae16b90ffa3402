"""What every figure builder shares: the time window it draws, read in the viewer's time zone."""

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo

import plotly.graph_objects as go

from core.units import DAY


class Window(tuple):
    """(start, end) in epoch seconds, end exclusive: the date range's first day to the day after its
    last; ``zone`` is the time zone its days and hours are read in (the browser's, or the one chosen)."""

    def __new__(cls, start: int, end: int, zone: tzinfo = UTC):
        window = super().__new__(cls, (start, end))
        window.zone = zone
        return window

    def __eq__(self, other):
        return tuple.__eq__(self, other) and zone_of(self) == zone_of(other)

    def __hash__(self):
        return hash((tuple(self), str(self.zone)))


def in_window(at: float, window) -> bool:
    return window[0] <= at < window[1]


def day_in(day: date, window) -> bool:
    """Whether a day (its noon, on the window's clock) lies inside the window."""
    return in_window(datetime(day.year, day.month, day.day, 12, tzinfo=zone_of(window)).timestamp(), window)


def zone_of(window) -> tzinfo:
    """The zone a window is read in: UTC for a plain (start, end) tuple or no window at all."""
    return getattr(window, "zone", UTC)


def zone_name(window) -> str:
    zone = zone_of(window)
    return getattr(zone, "key", None) or str(zone)


def local(at: float | datetime, window) -> datetime:
    """A moment (epoch seconds or an aware datetime) on the window's clock."""
    zone = zone_of(window)
    return at.astimezone(zone) if isinstance(at, datetime) else datetime.fromtimestamp(at, zone)


def mark_partial(figure: go.Figure, window, bucket: str = "day", now: float | None = None, **where) -> go.Figure:
    """Shade the bucket (day or week, on the window's clock) that is still going on, so a low last bar
    reads as "so far", not as a crash. Charts whose x values are the buckets' dates only."""
    today = local(now if now is not None else datetime.now(UTC).timestamp(), window).date()
    if not in_window(datetime(today.year, today.month, today.day, tzinfo=zone_of(window)).timestamp(), window):
        return figure  # the range ended before today: nothing in it is still going on
    first = today - timedelta(days=today.weekday()) if bucket == "week" else today
    length = 7 if bucket == "week" else 1
    middle = datetime(first.year, first.month, first.day)
    figure.add_vrect(
        x0=(middle - timedelta(seconds=DAY * length / 2)).isoformat(),
        x1=(middle + timedelta(seconds=DAY * length / 2)).isoformat(),
        fillcolor="#868e96",
        opacity=0.15,
        line_width=0,
        annotation_text="this week so far" if bucket == "week" else "today so far",
        annotation_position="top right",  # ends at the shaded bucket: inside the plot on the last day
        annotation_font_size=11,
        **where,
    )
    return figure


def readings(snapshots: Mapping | Iterable[tuple], window, counter: str = "followers") -> list[tuple[date, int]]:
    """(day on the window's clock, value) of the daily snapshots read inside ``window``, oldest first.

    ``snapshots`` maps a UTC day to its counters (``{"followers": n, ..., "read_at": epoch seconds}``)
    or to the value alone. A snapshot is placed at the moment it was read, so its day is the viewer's;
    one kept before that moment was recorded counts as read at its UTC day's noon (the same date on
    almost every clock). Two read on one local day: the later wins, as it does for a UTC day.
    """
    by_day: dict[date, tuple[float, int]] = {}
    for day, value in snapshots.items() if isinstance(snapshots, Mapping) else snapshots:
        counters = value if isinstance(value, Mapping) else {counter: value}
        if counters.get(counter) is None:
            continue
        at = read_at(day, counters)
        if window is not None and not in_window(at, window):
            continue
        shown = local(at, window).date()
        if shown not in by_day or at >= by_day[shown][0]:
            by_day[shown] = (at, int(counters[counter]))
    return [(day, value) for day, (_, value) in sorted(by_day.items())]


def read_at(day: date | str, counters: Mapping) -> float:
    """When a daily snapshot was read (epoch seconds); its UTC day's noon when that was not recorded."""
    if counters.get("read_at"):
        return counters["read_at"]
    day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()


# Legends sit above the plot, left-aligned, and wrap: Plotly widens the top margin to fit them,
# where a legend below the x axis was cut off on a phone.
LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"}
