"""An account's week, read through the archive the dashboards read (counters by day, stream samples grouped into
streams, the X posts kept) and summed by dashboard/analysis/digest.py: the mail's numbers are the dashboard's."""

from datetime import UTC, date, datetime, timedelta

from dashboard.analysis.digest import Digest, Week, weekly_digest
from dashboard.analysis.streams import Stream, group_streams
from sync.database.archive import Archive

LOOKBACK = timedelta(days=31)  # the 30-day criteria need a month of streams before the week's end


def streams_until(archive: Archive, account_id: str, end: datetime, since: datetime, now: datetime) -> list[Stream]:
    return group_streams(archive.stream_samples(account_id, since, end), now=now)


def gather(archive: Archive, provider: str, account_id: str, week: Week, now: datetime | None = None) -> Digest:
    now = now or datetime.now(UTC)
    counters = archive.counters_by_day(provider, account_id, date.min, date.max)
    if provider == "twitch":
        since = min(week.before.start, week.end - LOOKBACK)
        streams = streams_until(archive, account_id, week.end, since, now)
        return weekly_digest(week, counters, streams=streams, now=min(now, week.end))
    return weekly_digest(week, counters, posts=archive.stored_posts(account_id))
