"""The X figure builders on exact values: what is plotted where, the rates, medians, counts and empty states."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dashboard.components.daterange import window
from dashboard.exports.x import follower_rows
from dashboard.figures import x as figures
from providers.x.records import XPost

POST_BUILDERS = (
    figures.impressions_figure,
    figures.interactions_figure,
    figures.engagement_scatter,
    figures.profile_ctr_figure,
    figures.engagement_rate_figure,
    figures.posting_heatmap,
    figures.post_mix_figure,
)


def post(post_id: str, when: str, kind: str = "original", **metrics) -> XPost:
    return XPost(
        id=post_id,
        created_at=datetime.fromisoformat(when).replace(tzinfo=UTC),
        text=f"post {post_id}",
        kind=kind,
        url=f"https://x.com/me/status/{post_id}",
        **metrics,
    )


# 2024-06-03 is a Monday.
POSTS = [
    post(
        "1",
        "2024-06-03 09:10",
        likes=10,
        replies=2,
        reposts=3,
        quotes=1,
        bookmarks=4,
        impressions=400,
        private_impressions=400,
        profile_clicks=8,
    ),
    post("2", "2024-06-03 09:40", kind="reply", likes=1, impressions=50),
    post(
        "3",
        "2024-06-05 18:00",
        kind="quote",
        likes=30,
        replies=5,
        reposts=5,
        quotes=0,
        bookmarks=10,
        impressions=1000,
        private_impressions=1000,
        profile_clicks=5,
    ),
    post("4", "2024-06-06 07:00", kind="repost", reposts=250, impressions=0),
    post("5", "2024-06-09 23:59", likes=6, impressions=0),
]


def days(first: str, last: str):
    """The window of the date picker's days ``first``..``last``, both included."""
    return window(first, last)


@pytest.mark.parametrize("build", POST_BUILDERS, ids=lambda build: build.__name__)
def test_no_posts_in_range_draws_nothing(build):
    assert build([], None) is None
    assert build(POSTS, days("2024-07-01", "2024-07-31")) is None


def test_range_includes_both_end_days_and_accepts_picker_strings():
    chosen = figures.posts_in_range(reversed(POSTS), days("2024-06-03T00:00:00", "2024-06-05"))
    assert [p.id for p in chosen] == ["1", "2", "3"]
    assert [p.id for p in figures.posts_in_range(POSTS, days("2024-06-09", "2024-06-09"))] == ["5"]
    assert len(figures.posts_in_range(POSTS, None)) == 5


def test_impressions_per_post_in_time_order_without_reposts():
    (trace,) = figures.impressions_figure(POSTS, days("2024-06-01", "2024-06-30")).data
    assert list(trace.x) == ["2024-06-03 09:10", "2024-06-03 09:40", "2024-06-05 18:00", "2024-06-09 23:59"]
    assert list(trace.y) == [400, 50, 1000, 0]


def test_interactions_are_summed_per_day():
    figure = figures.interactions_figure(POSTS, None)
    by_name = {trace.name: (list(trace.x), list(trace.y)) for trace in figure.data}
    days = ["2024-06-03", "2024-06-05", "2024-06-09"]
    assert by_name == {
        "Likes": (days, [11, 30, 6]),
        "Replies": (days, [2, 5, 0]),
        "Reposts": (days, [3, 5, 0]),
        "Quotes": (days, [1, 0, 0]),
        "Bookmarks": (days, [4, 10, 0]),
    }
    assert figure.layout.barmode == "stack"


def test_scatter_has_impressions_across_and_engagements_up():
    figure = figures.engagement_scatter(POSTS, None)
    points = {trace.name: list(zip(trace.x, trace.y, trace.text)) for trace in figure.data}
    assert points == {
        "Originals": [(400, 20, "post 1"), (0, 6, "post 5")],
        "Replies": [(50, 1, "post 2")],
        "Quotes": [(1000, 50, "post 3")],
    }
    assert figure.layout.xaxis.title.text == "Impressions"
    assert figure.layout.yaxis.title.text.startswith("Engagements")
    assert "%{text}" in figure.data[0].hovertemplate


def test_hover_text_is_shortened():
    long = XPost(id="9", created_at=POSTS[0].created_at, text="word " * 40, impressions=5)
    (text,) = figures.engagement_scatter([long]).data[0].text
    assert len(text) == figures.HOVER_TEXT_CHARS and text.endswith("…")
    assert figures.shorten("short\n text") == "short text"


def test_profile_ctr_per_post_with_clicks():
    (trace,) = figures.profile_ctr_figure(POSTS, None).data
    assert list(trace.x) == ["2024-06-03 09:10", "2024-06-05 18:00"]
    assert list(trace.y) == [0.02, 0.005]  # 8 / 400 and 5 / 1000


def test_profile_ctr_explains_posts_without_clicks():
    without = [p for p in POSTS if p.profile_clicks is None]
    assert figures.profile_ctr_figure(without, None) is None
    assert figures.ctr_empty_message(without) == figures.NO_PROFILE_CLICKS
    assert figures.ctr_empty_message([]) == figures.NO_POSTS


def test_engagement_rate_per_post_and_its_median():
    figure = figures.engagement_rate_figure(POSTS, None)
    (trace,) = figure.data
    assert list(trace.x) == ["2024-06-03 09:10", "2024-06-03 09:40", "2024-06-05 18:00"]
    assert list(trace.y) == [0.05, 0.02, 0.05]  # 20/400, 1/50, 50/1000; no rate without impressions
    (line,) = figure.layout.shapes
    assert (line.y0, line.y1) == (0.05, 0.05)
    assert [annotation.text for annotation in figure.layout.annotations] == ["median 5.00%"]


def test_top_posts_rows_by_engagements_with_links():
    rows = figures.top_posts(POSTS, None, limit=3)
    assert [(row["text"], row["engagements"], row["engagement_rate"]) for row in rows] == [
        ("post 3", 50, 0.05),
        ("post 1", 20, 0.05),
        ("post 5", 6, None),
    ]
    assert rows[0]["url"] == "https://x.com/me/status/3"
    assert rows[0]["link"] == "[Open on X](https://x.com/me/status/3)"
    assert (rows[0]["posted"], rows[0]["kind"], rows[0]["impressions"]) == ("2024-06-05 18:00", "Quotes", 1000)
    assert figures.top_posts([], None) == []


def test_top_posts_by_rate_put_the_best_rate_first_and_posts_without_impressions_last():
    rows = figures.top_posts(POSTS, None, by="rate")
    rates = [row["engagement_rate"] for row in rows]
    known = [rate for rate in rates if rate is not None]
    assert known == sorted(known, reverse=True) and rates[: len(known)] == known
    assert rates[len(known) :] == [None] * (len(rates) - len(known))


def test_heatmap_cells_hold_median_engagements_and_counts():
    monday_nine = [post(str(n), f"2024-06-03 09:{n:02d}", likes=likes) for n, likes in enumerate((10, 60, 20))]
    (trace,) = figures.posting_heatmap(monday_nine + POSTS[2:], None).data
    assert list(trace.y) == list(figures.WEEKDAYS) and list(trace.x) == list(range(24))
    assert trace.z[0][9] == 20 and trace.customdata[0][9] == 3
    assert trace.z[2][18] == 50 and trace.customdata[2][18] == 1  # Wednesday 18:00
    assert trace.z[6][23] == 6  # Sunday 23:59
    assert trace.z[3][7] is None and trace.customdata[3][7] == 0  # the repost is not counted
    assert sum(value is not None for row in trace.z for value in row) == 3


def test_post_mix_counts_every_kind():
    (trace,) = figures.post_mix_figure(POSTS, None).data
    assert list(zip(trace.x, trace.y)) == [("Originals", 2), ("Replies", 1), ("Quotes", 1), ("Reposts", 1)]


def test_follower_history_from_snapshots():
    snapshots = {"2024-06-02": 95, "2024-06-01": 90, "2024-06-03": {"followers": 99, "following": 4}}
    (trace,) = figures.follower_history_figure(snapshots, days("2024-06-02", "2024-12-31")).data
    assert (list(trace.x), list(trace.y)) == (["2024-06-02", "2024-06-03"], [95, 99])
    pairs = [(date(2024, 6, 1), 90)]
    assert list(figures.follower_history_figure(pairs, None).data[0].y) == [90]
    assert figures.follower_history_figure({}, None) is None
    assert figures.follower_history_figure(snapshots, days("2025-01-01", "2025-12-31")) is None


def test_average_engagement_rate_is_a_ratio_of_sums_without_reposts():
    # posts 1, 2, 3 have impressions; 4 is a repost, 5 has none: (20 + 1 + 50) / (400 + 50 + 1000)
    assert figures.average_engagement_rate(POSTS) == pytest.approx(71 / 1450)
    assert figures.average_engagement_rate(POSTS, days("2024-06-05", "2024-06-05")) == pytest.approx(50 / 1000)
    assert figures.average_engagement_rate(POSTS, days("2024-07-01", "2024-07-31")) is None


def test_follower_change_over_the_snapshots_in_range():
    shots = {"2024-06-01": {"followers": 100}, "2024-06-03": {"followers": 130}, "2024-06-09": {"followers": 90}}
    assert figures.follower_change(shots, days("2024-06-02", "2024-06-30")) == (-40, date(2024, 6, 3))
    assert figures.follower_change(shots) == (-10, date(2024, 6, 1))
    assert figures.follower_change(shots, days("2024-07-01", "2024-07-02")) is None


def test_a_snapshot_is_placed_on_the_viewers_day_at_the_moment_it_was_read():
    # Kept under UTC 2 June, read at 02:00 UTC: still 1 June in Los Angeles.
    read = datetime(2024, 6, 2, 2, tzinfo=UTC).timestamp()
    shots = {"2024-06-01": {"followers": 100}, "2024-06-02": {"followers": 130, "read_at": read}}
    los_angeles = window("2024-06-01", "2024-06-30", ZoneInfo("America/Los_Angeles"))
    # Two readings on one local day: the later one is that day's.
    assert figures.follower_points(shots, los_angeles) == [(date(2024, 6, 1), 130)]
    assert figures.follower_points(shots, days("2024-06-01", "2024-06-30")) == [
        (date(2024, 6, 1), 100),
        (date(2024, 6, 2), 130),
    ]
    figure = figures.follower_history_figure(shots, los_angeles)
    assert figure.layout.xaxis.title.text == "Day read (America/Los_Angeles)"


def test_months_of_daily_follower_counts_draw_a_line_without_a_dot_each_day():
    start = date(2024, 1, 1)
    many = {(start + timedelta(days=n)).isoformat(): 100 + n for n in range(90)}
    few = dict(list(many.items())[:10])
    assert figures.follower_history_figure(many, None).data[0].mode == "lines"
    assert figures.follower_history_figure(few, None).data[0].mode == "lines+markers"


def test_the_follower_csv_gives_each_snapshots_day_and_moment_on_the_ranges_clock():
    read = datetime(2024, 6, 2, 2, tzinfo=UTC).timestamp()
    shots = {"2024-05-20": {"followers": 90}, "2024-06-02": {"followers": 130, "following": 4, "read_at": read}}
    los_angeles = window("2024-06-01", "2024-06-30", ZoneInfo("America/Los_Angeles"))
    assert follower_rows(shots, los_angeles) == [
        {"day": "2024-06-01", "read_at": "2024-06-01T19:00:00-07:00", "followers": 130, "following": 4}
    ]
    # A snapshot kept before its moment was recorded: its day, and no made-up time.
    assert follower_rows(shots, days("2024-05-01", "2024-05-31")) == [
        {"day": "2024-05-20", "read_at": "", "followers": 90}
    ]
