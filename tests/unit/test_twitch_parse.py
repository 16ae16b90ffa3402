"""Twitch parsers and figure builders on exact values."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import msgspec

from core.units import DAY, QUARTER_HOUR
from dashboard.components.daterange import window
from dashboard.figures import twitch as figures
from providers.twitch.parse import duration_seconds, epoch
from providers.twitch.records import (
    Cheerer,
    Follower,
    FollowerDays,
    Goal,
    SubscriberSummary,
    Subscription,
    Video,
)
from sync.plans.follower_walk import FollowerWalk


def ts(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def test_durations_in_twitchs_formats():
    assert duration_seconds("3h2m1s") == 3 * 3600 + 121
    assert duration_seconds("3m21s") == 201
    assert duration_seconds("45s") == 45
    assert duration_seconds("1h") == 3600
    assert duration_seconds(29.6) == 30  # clips give float seconds
    assert duration_seconds("12") == 12
    assert duration_seconds(None) == duration_seconds("") == duration_seconds("soon") == 0


def created(value) -> int:
    return epoch({"id": "clip-1", "created_at": value}, "created_at", "clip")


def test_times_tolerate_fractions_and_times_without_a_zone():
    assert created("2016-12-14T20:32:28Z") == ts("2016-12-14T20:32:28")
    assert created("2016-12-14T20:32:28.123456Z") == ts("2016-12-14T20:32:28")
    assert created("2016-12-14T21:32:28+01:00") == ts("2016-12-14T20:32:28")
    # As Twitch's CLI mock API writes them; every Twitch time is UTC.
    assert created("2016-12-14 20:32:28") == created("2016-12-14T20:32:28") == ts("2016-12-14T20:32:28")


def test_an_unreadable_time_is_logged_with_its_record(caplog):
    assert created(None) == created("") == 0
    assert not caplog.records  # absent is not unreadable
    assert created("yesterday") == 0
    assert len(caplog.records) == 1
    assert "clip" in caplog.text and "'yesterday'" in caplog.text and "clip-1" in caplog.text


def test_records_ignore_unknown_fields_and_default_missing_ones():
    video = Video.from_api({"id": 7, "duration": "1h2m3s", "view_count": "12", "surprise": True})
    assert (video.id, video.duration, video.view_count, video.type, video.title) == ("7", 3723, 12, "archive", "")
    assert Subscription.from_api({"tier": "2000", "is_gift": True}).tier == 2
    assert Subscription.from_api({"tier": "9000"}).tier == 0
    assert Goal.from_api({}).target == 0


def test_follower_days_and_series_with_cumulative_from_before_the_window():
    walk = FollowerWalk(None)
    walk.add(
        [
            Follower("c", "c", ts("2024-01-03T10:00:00")),
            Follower("b", "b", ts("2024-01-02T09:00:00")),
            Follower("a", "a", ts("2024-01-01T08:00:00")),
        ]
    )
    days = walk.merged(total=3)
    assert days.counts == [1, 1, 1] and days.total == 3
    dates, new, cumulative = figures.follower_series(days, window("2024-01-02", "2024-01-03"))
    assert dates == ["2024-01-02", "2024-01-03"] and new == [1, 1] and cumulative == [2, 3]
    assert figures.follower_change(days, window("2024-01-02", "2024-01-03")) == 2


def test_new_followers_are_counted_in_the_viewers_days_not_utcs():
    # 23:30 UTC on 1 January is 15:30 that day in Los Angeles and 08:30 on 2 January in Tokyo; 05:45 UTC
    # on the 2nd is 11:30 in Kolkata (a half-hour zone) and still the 1st in Los Angeles.
    days = FollowerDays(
        2, [ts("2024-01-01T23:30:00") // QUARTER_HOUR, ts("2024-01-02T05:45:00") // QUARTER_HOUR], [3, 1]
    )
    in_zone = {
        zone: figures.follower_series(days, window("2024-01-01", "2024-01-02", ZoneInfo(zone)))[:2]
        for zone in ("America/Los_Angeles", "Asia/Tokyo", "Asia/Kolkata", "UTC")
    }
    assert in_zone["America/Los_Angeles"] == (["2024-01-01"], [4])
    assert in_zone["Asia/Tokyo"] == (["2024-01-02"], [4])
    assert in_zone["Asia/Kolkata"] == (["2024-01-02"], [4])
    assert in_zone["UTC"] == (["2024-01-01", "2024-01-02"], [3, 1])
    tokyo_first = window("2024-01-01", "2024-01-01", ZoneInfo("Asia/Tokyo"))
    assert figures.follower_change(days, tokyo_first) == 0  # 1 January in Tokyo had none of them
    title = figures.follower_growth(days, {}, window("2024-01-01", "2024-01-02", ZoneInfo("Asia/Tokyo")))
    assert title.layout.xaxis2.title.text == "day (Asia/Tokyo)"


def test_follower_days_kept_per_utc_day_before_quarters_are_read_as_that_days_noon():
    legacy = msgspec.msgpack.decode(
        msgspec.msgpack.encode({"total": 3, "days": [ts("2024-01-01T00:00:00") // DAY], "counts": [3]}),
        type=FollowerDays,
    )
    assert legacy.quarters == [ts("2024-01-01T12:00:00") // QUARTER_HOUR] and legacy.days == []
    los_angeles = window("2024-01-01", "2024-01-01", ZoneInfo("America/Los_Angeles"))
    assert figures.follower_series(legacy, los_angeles)[:2] == (["2024-01-01"], [3])


def test_weekly_buckets_start_on_monday():
    days = FollowerDays(
        4,
        [ts(f"2024-01-0{day}T00:00:00") // QUARTER_HOUR for day in (1, 7, 8)],
        [1, 2, 1],
    )
    dates, new, cumulative = figures.follower_series(days, window("2024-01-01", "2024-01-31"), "week")
    assert dates == ["2024-01-01", "2024-01-08"] and new == [3, 1] and cumulative == [3, 4]


def test_follower_growth_draws_lower_bound_bars_and_snapshots():
    days = FollowerDays(2, [ts("2024-01-01T00:00:00") // QUARTER_HOUR], [2])
    figure = figures.follower_growth(days, {"2024-01-01": {"followers": 5}}, window("2024-01-01", "2024-01-02"))
    line, snapshots, bars = figure.data
    assert (line.type, snapshots.type, bars.type) == ("scatter", "scatter", "bar")
    assert "lower bound" in line.name and list(snapshots.y) == [5]
    # Daily bars get their own panel below the totals, so their scale is their own.
    assert (line.yaxis, snapshots.yaxis, bars.yaxis) == ("y", "y", "y2")
    assert figures.follower_growth(FollowerDays(), {}, window("2024-01-01", "2024-01-02")) is None


def test_subscriber_pies_and_empty():
    figure = figures.subscriber_breakdown(SubscriberSummary(5, 9, [3, 1, 1], 2, 3))
    assert list(figure.data[0].values) == [3, 1, 1] and list(figure.data[1].values) == [3, 2]
    assert figures.subscriber_breakdown(SubscriberSummary()) is None


def test_subscriber_totals_counted_so_far_show_without_the_pies():
    from dashboard.components.twitch_panels import subscriber_body
    from tests.helpers.panels import as_sent, figures

    body = subscriber_body(SubscriberSummary(3000, 4101, [80, 15, 5], 10, 90, counted=100))
    text = str(as_sent(body))
    assert "3,000" in text and "4,101" in text and "100 of 3,000 so far" in text and not figures(body)
    assert figures(subscriber_body(SubscriberSummary(5, 9, [3, 1, 1], 2, 3)))  # counted whole: the pies


def test_bits_leaderboard_puts_the_top_cheerer_on_top():
    figure = figures.bits_leaderboard([Cheerer(2, "b", "Bee", 50), Cheerer(1, "a", "Ay", 100)])
    assert list(figure.data[0].y) == ["#2 Bee", "#1 Ay"] and list(figure.data[0].x) == [50, 100]
    assert figures.bits_leaderboard([]) is None


def test_vod_views_hover_and_range():
    videos = [
        Video("1", "Old", "u1", "archive", ts("2023-01-01T00:00:00"), 3600, 10),
        Video("2", "New", "u2", "highlight", ts("2024-01-02T00:00:00"), 125, 30),
    ]
    figure = figures.vod_views(videos, window("2024-01-01", "2024-01-31"))
    assert len(figure.data) == 1 and figure.data[0].name == "highlights"
    assert list(figure.data[0].customdata[0]) == ["New", "2m 05s"]
    assert [v.id for v in figures.top_videos(videos, window("2020-01-01", "2024-12-31"))] == ["2", "1"]


def test_stream_hours_split_across_hours_and_days():
    # Monday 2024-01-01 23:30 for 90 minutes: 0.5 h Monday 23:00, 1 h Tuesday 00:00.
    videos = [
        Video("1", "", "", "archive", ts("2024-01-01T23:30:00"), 5400, 0),
        Video("2", "", "", "upload", ts("2024-01-01T10:00:00"), 5400, 0),
    ]
    grid = figures.stream_hours(videos, window("2024-01-01", "2024-01-07"))
    assert grid[0][23] == 0.5 and grid[1][0] == 1.0 and sum(map(sum, grid)) == 1.5


def test_goal_share_caps_and_handles_zero():
    assert figures.goal_share(Goal("follower", "", 50, 200)) == 25
    assert figures.goal_share(Goal("follower", "", 300, 200)) == 100
    assert figures.goal_share(Goal("follower", "", 3, 0)) == 0


def test_months_of_daily_snapshots_draw_a_line_not_a_band_of_diamonds():
    start = datetime(2024, 1, 1, tzinfo=UTC).date()
    few = {(start + timedelta(days=n)).isoformat(): 100 + n for n in range(10)}
    many = {(start + timedelta(days=n)).isoformat(): 100 + n for n in range(90)}
    span = window("2024-01-01", "2024-03-31")
    assert figures.follower_growth(FollowerDays(), few, span).data[1].mode == "markers"
    assert figures.follower_growth(FollowerDays(), many, span).data[1].mode == "lines"
