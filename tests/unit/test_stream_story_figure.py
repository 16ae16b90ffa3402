"""A stream's story over its viewer curve: chat a minute on its own axis, each kind of event marked where it
happened and told on hover, ad breaks and hype trains shaded for as long as they lasted."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dashboard.analysis.streams import group_streams
from dashboard.components.daterange import window
from dashboard.figures.streams import viewer_curve_figure
from providers.twitch.records import Clip, StreamSample, StreamStory

START = datetime(2026, 12, 1, 18, tzinfo=UTC)
T0 = START.timestamp()


def _stream():
    samples = [
        (START + timedelta(minutes=5 * n), StreamSample("1", "s1", count, "Chess", "t", int(T0)))
        for n, count in enumerate([10, 20, 30, 30, 25])
    ]
    (stream,) = group_streams(samples, now=START + timedelta(days=1))
    return stream


STORY = StreamStory(
    events=[
        ("raid_in", T0 + 300, 40, "friend", ""),
        ("follow", T0 + 400, 0, "a", ""),
        ("follow", T0 + 3000, 0, "b", ""),  # 45 minutes later: not the raid's
        ("ad_break", T0 + 600, 90, "", ""),
        ("cheer", T0 + 700, 500, "", ""),
        ("update", T0 + 900, 0, "", "Chess\nEndgames tonight"),
        ("hype_train_begin", T0 + 1000, 2, "", "train1"),
        ("hype_train_end", T0 + 1300, 3, "", "train1"),
    ],
    chat=[(T0 + 60 * m, 5 + m, 3, 1) for m in range(20)],
    top_chatters=[("regular", 12)],
    top_emotes=[("Kappa", 4)],
    chatters=9,
)


def test_chat_a_minute_sits_on_its_own_axis_and_every_event_is_told():
    figure = viewer_curve_figure(_stream(), [], [], window("2026-12-01", "2026-12-01"), STORY)
    names = [trace.name for trace in figure.data]
    assert names[:2] == ["viewers", "chat a minute (right)"]
    chat = figure.data[1]
    assert chat.yaxis == "y2" and list(chat.y) == [5 + m for m in range(20)]
    assert figure.layout.yaxis2.overlaying == "y" and figure.layout.yaxis2.tickformat == ",d"
    hover = {trace.name: list(trace.text) for trace in figure.data if trace.text is not None}
    assert hover["raid in"] == ["raid from friend: 40 viewers, 1 follows in 30 min"]
    assert hover["cheer"] == ["someone anonymous cheered 500 bits"]
    assert hover["title or game changed"] == ["now: Chess · Endgames tonight"]
    assert hover["ad break, hype train"] == ["ad break, 1:30; viewers 30 before, 30 after", "hype train, level 3"]
    assert len(figure.layout.shapes) == 1 + 2  # the game's shade, the ad break's and the hype train's


def test_the_story_is_on_the_viewers_clock_and_an_untold_stream_draws_as_before():
    tokyo = window("2026-12-02", "2026-12-02", ZoneInfo("Asia/Tokyo"))
    figure = viewer_curve_figure(_stream(), [], [], tokyo, STORY)
    assert str(figure.data[1].x[0]) == "2026-12-02 03:00:30"  # 18:00:30 UTC is 03:00:30 the next day in Tokyo
    plain = viewer_curve_figure(_stream(), [], [], tokyo, StreamStory())
    assert [trace.name for trace in plain.data] == ["viewers"]


def test_chat_per_stream_stacks_returning_and_first_time_chatters_beside_chatters_per_100_viewers():
    from dashboard.figures.stream_story import chat_per_stream_figure

    stream = _stream()  # 23 viewers on average
    figure = chat_per_stream_figure([stream], {"s1": (120, 23, 5)}, window("2026-12-01", "2026-12-01"))
    returning, first, per_100 = figure.data
    assert (list(returning.y), list(first.y), list(per_100.y)) == ([18], [5], [100])
    assert figure.layout.barmode == "stack" and per_100.yaxis == "y2"
    assert chat_per_stream_figure([stream], {}, window("2026-12-01", "2026-12-01")) is None  # nothing told of it


def test_a_clip_made_during_the_stream_is_marked_at_its_moment_and_the_viewers_then():
    clip = Clip("c1", "what a save", "https://clips.example/c1", "fan", int(T0) + 11 * 60, 30, 1_234)
    figure = viewer_curve_figure(_stream(), [], [], window("2026-12-01", "2026-12-01"), STORY, [clip])
    (marked,) = [trace for trace in figure.data if trace.name == "clip made"]
    assert str(marked.x[0]) == "2026-12-01 18:11:00" and list(marked.y) == [30]  # sampled at 18:10: 30 viewers
    assert list(marked.text) == ["clip “what a save” by fan: 1,234 views"]
