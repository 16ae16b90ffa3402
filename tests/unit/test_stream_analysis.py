"""Streams from samples and the paths to Affiliate and Partner, against cases worked out by hand."""

from datetime import UTC, datetime, timedelta

from dashboard.analysis.milestones import affiliate_path, last_30_days, partner_path
from dashboard.analysis.streams import followers_during, group_streams, viewers_by_weekday_hour
from providers.twitch.records import StreamSample

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
FIVE = timedelta(minutes=5)


def samples(stream_id: str, start: datetime, viewers: list[int], game: str = "Minecraft", title: str = "t"):
    """One sample every five minutes from ``start``."""
    return [
        (start + FIVE * n, StreamSample("1", stream_id, count, game, title, int(start.timestamp())))
        for n, count in enumerate(viewers)
    ]


def test_a_stream_averages_viewer_minutes_over_minutes_and_keeps_its_peak_games_and_titles():
    start = NOW - timedelta(hours=3)
    rows = samples("s1", start, [1, 2, 3, 4, 5, 6], game="Minecraft", title="hello")
    rows[3] = (rows[3][0], StreamSample("1", "s1", 4, "Chess", "hello again", int(start.timestamp())))
    (stream,) = group_streams(list(reversed(rows)), now=NOW)
    assert stream.minutes == 30 and stream.viewer_minutes == 5 * (1 + 2 + 3 + 4 + 5 + 6)
    assert stream.average == 3.5 and stream.peak == 6 and stream.hours_watched == 3.5 * 30 / 60
    assert [segment.game for segment in stream.games] == ["Minecraft", "Chess", "Minecraft"]
    assert [title for _at, title in stream.titles] == ["hello", "hello again", "hello"]
    assert stream.duration == timedelta(minutes=30) and not stream.live


def test_a_gap_in_sampling_counts_one_interval_not_the_whole_gap():
    start = NOW - timedelta(minutes=80)
    rows = samples("s2", start, [10, 10]) + [(start + timedelta(minutes=70), StreamSample("1", "s2", 40, "", "", 0))]
    (stream,) = group_streams(rows, now=NOW)
    assert stream.minutes == 15 and stream.average == (10 * 5 + 10 * 5 + 40 * 5) / 15
    assert stream.broadcast_minutes == 75  # on air from its start to its last sample's end, sampled or not
    assert stream.live  # its last sample is ten minutes old: still on air


def test_path_to_affiliate_and_partner_from_a_hand_computed_month():
    day = timedelta(days=1)
    rows = (
        samples("a", NOW - 40 * day, [100] * 12)  # outside the 30 days: does not count
        + samples("b", NOW - 20 * day, [2] * 12)  # 60 minutes, 120 viewer-minutes
        + samples("c", NOW - 10 * day, [1, 2, 3, 4, 5, 6])  # 30 minutes, 105 viewer-minutes
        + samples("d", NOW - 2 * day, [3] * 24)  # 120 minutes, 360 viewer-minutes
    )
    window = last_30_days(group_streams(rows, now=NOW), now=NOW)
    assert (window.minutes, window.days, window.streams) == (210, 3, 3)
    assert window.average_viewers == (120 + 105 + 360) / 210  # 2.79 viewers
    path = affiliate_path(window, followers=52)
    assert [(g.name, g.have, g.met) for g in path.goals] == [
        ("Followers", 52, True),
        ("Minutes broadcast", 210, False),
        ("Unique broadcast days", 3, False),
        ("Average viewers", 2.8, False),
    ]
    assert path.goals[1].share == 210 / 500 and not path.met
    partner = partner_path(window)
    assert [(g.have, g.need) for g in partner.goals] == [(3.5, 25), (3, 12), (2.8, 75)]


def test_followers_during_and_after_a_stream():
    (stream,) = group_streams(samples("s", NOW - timedelta(hours=4), [5] * 13), now=NOW)  # one hour on air
    started = stream.started_at.timestamp()
    followed = [started - 10, started + 60, started + 3500, stream.last_seen.timestamp() + 3600, started + 4 * 3600]
    assert followers_during(stream, followed) == (2, 1)


def test_viewers_by_weekday_and_hour_say_how_many_samples_they_rest_on():
    monday_nine = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday
    streams = group_streams(samples("m", monday_nine, [10, 20, 30]), now=NOW)
    assert viewers_by_weekday_hour(streams) == {(0, 9): (20.0, 3)}


def test_by_game_splits_hours_viewers_and_follows_at_the_game_change():
    from dashboard.analysis.streams import by_game

    start = NOW - timedelta(hours=2)
    rows = samples("g", start, [10, 10], game="Chess") + [
        (start + FIVE * n, StreamSample("1", "g", 40, "Go", "t", int(start.timestamp()))) for n in (2, 3)
    ]
    follows = [int((start + timedelta(minutes=1)).timestamp()), int((start + timedelta(minutes=16)).timestamp())]
    chess, go = sorted(by_game(group_streams(rows, now=NOW), follows), key=lambda g: g.game)
    assert (chess.game, chess.hours, chess.average_viewers, chess.followers_per_hour) == ("Chess", 10 / 60, 10, 6)
    assert (go.game, go.average_viewers, go.followers_per_hour) == ("Go", 40, 6)


def test_going_live_posts_split_streams_by_an_x_post_in_the_hour_before():
    from dashboard.analysis.streams import going_live_posts

    day = timedelta(days=1)
    streams = group_streams(
        samples("x1", NOW - 3 * day, [50]) + samples("x2", NOW - 2 * day, [10]) + samples("x3", NOW - day, [30]),
        now=NOW,
    )
    posts = [
        NOW - 3 * day - timedelta(minutes=20),
        NOW - 2 * day - timedelta(hours=3),
        NOW - day + timedelta(minutes=5),
    ]
    split = going_live_posts(streams, posts)
    assert [s.stream_id for s in split.announced] == ["x1"]
    assert sorted(s.stream_id for s in split.unannounced) == ["x2", "x3"]  # 3 h before, and after the start
    assert split.mean([s.average for s in split.unannounced]) == 20


def test_a_streams_vod_by_its_stream_id_or_start_and_the_clips_made_while_live():
    from dashboard.analysis.streams import clips_during, vod_of
    from providers.twitch.records import Clip, Video

    (stream,) = group_streams(samples("s9", NOW - timedelta(hours=2), [5] * 7), now=NOW)  # 35 minutes on air
    start = int(stream.started_at.timestamp())
    by_id = Video("v1", "t", "u", "archive", start + 3600, 60, 10, stream_id="s9")
    by_time = Video("v2", "t", "u", "archive", start + 120, 60, 20)
    upload = Video("v3", "t", "u", "upload", start, 60, 30)
    assert vod_of(stream, [by_time, by_id, upload]) == by_id
    assert vod_of(stream, [by_time, upload]) == by_time
    assert vod_of(stream, [upload]) is None
    clips = [
        Clip(str(n), "c", "u", "me", start + offset, 30, views)
        for n, (offset, views) in enumerate([(-60, 99), (600, 5), (1800, 50), (3 * 3600, 70)])
    ]
    assert [clip.view_count for clip in clips_during(stream, clips)] == [50, 5]
