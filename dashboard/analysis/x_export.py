"""What X's analytics export adds to the API's history: pure functions of the imported records.

The overview's days carry new follows and unfollows, not a follower total; the total of each day before
the first snapshot is the first snapshot's, less what the days between gained (a reconstruction: exact
as far as X's daily counts are).
"""

from collections.abc import Iterable, Mapping
from datetime import date

from dashboard.figures.common import day_in
from providers.x.analytics_export import ExportedDay


def reconstructed_followers(snapshots: Mapping, days: Iterable[ExportedDay]) -> list[tuple[date, int]]:
    """(day, followers at its end) for each imported day before the first follower snapshot, oldest first."""
    firsts = sorted(
        (date.fromisoformat(str(day)[:10]), counters)
        for day, counters in snapshots.items()
        if isinstance(counters, Mapping) and counters.get("followers") is not None
    )
    if not firsts:
        return []
    first_day, counters = firsts[0]
    gained = {day.day: (day.new_follows or 0) - (day.unfollows or 0) for day in days}
    if not any(day < first_day for day in gained):
        return []
    # The snapshot stands for its day's end: the day before ended short of that day's own gain.
    followers, points = counters["followers"], []
    day = first_day
    earliest = min(gained)
    while day > earliest:
        followers -= gained.get(day, 0)
        day = date.fromordinal(day.toordinal() - 1)
        points.append((day, followers))
    return points[::-1]


def daily_impressions(days: Iterable[ExportedDay], window=None) -> list[tuple[date, int]]:
    """(day, impressions) of the imported overview days inside ``window`` that have a count, oldest first."""
    return sorted(
        (day.day, day.impressions)
        for day in days
        if day.impressions is not None and (window is None or day_in(day.day, window))
    )
