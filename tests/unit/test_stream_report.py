"""A stream's report: each figure against the channel's 30-day median, and the moments that moved the curve,
with what EventSub told happened just before each."""

from datetime import UTC, datetime, timedelta

from dashboard.analysis.stream_report import moments, report_figures
from dashboard.analysis.streams import group_streams
from providers.twitch.records import StreamSample, StreamStory

DAY0 = datetime(2026, 11, 1, 18, tzinfo=UTC)


def _stream(stream_id: str, start: datetime, counts: list[int]):
    samples = [
        (start + timedelta(minutes=5 * n), StreamSample("1", stream_id, c, "Chess", "t", int(start.timestamp())))
        for n, c in enumerate(counts)
    ]
    (stream,) = group_streams(samples, now=start + timedelta(days=60))
    return stream


def _story(bits: int, chatters: int) -> StreamStory:
    return StreamStory(events=[("cheer", 0, bits, "", "")], chatters=chatters)


def test_each_figure_is_set_against_the_median_of_the_30_days_before_only():
    earlier = [
        (_stream(f"s{n}", DAY0 + timedelta(days=n), [10, 10, 10]), _story(100 * (n + 1), 10 + n)) for n in range(3)
    ]
    too_old = (_stream("old", DAY0 - timedelta(days=40), [500, 500]), _story(99_999, 999))
    now = _stream("now", DAY0 + timedelta(days=10), [20, 20, 20])
    figures = {f.label: f for f in report_figures(now, _story(400, 24), [*earlier, too_old])}
    assert (figures["Bits"].value, figures["Bits"].median, figures["Bits"].against) == (400, 200, 1.0)
    assert (figures["Chatters"].median, figures["Average viewers"].median) == (11, 10)
    first = report_figures(earlier[0][0], earlier[0][1], earlier)
    assert all(f.median is None for f in first)  # nothing before it: no median to set it against


def test_the_biggest_changes_between_samples_come_first_with_what_happened_just_before():
    stream = _stream("s", DAY0, [10, 12, 60, 58, 20, 21])
    raid_at = (DAY0 + timedelta(minutes=8)).timestamp()
    ad_at = (DAY0 + timedelta(minutes=17)).timestamp()
    story = StreamStory(events=[("raid_in", raid_at, 45, "friend", ""), ("ad_break", ad_at, 180, "", "")])
    moved = moments(stream, story)
    assert [(m.change, m.because) for m in moved] == [
        (48, "a raid from friend with 45 viewers"),
        (-38, "an ad break of 3:00"),
        (2, ""),
    ]
