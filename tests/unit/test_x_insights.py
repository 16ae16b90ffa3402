"""What the X dashboard reads beyond the API's numbers, on exact values: follows per post from the export
and the API's clicks where they differ, threads and their drop-off, topics, weekly growth, the follower
history rebuilt before the first snapshot."""

from dataclasses import replace
from datetime import UTC, date, datetime

from dashboard.analysis import x_posts
from dashboard.analysis.x_export import daily_impressions, reconstructed_followers
from dashboard.figures import x_insights as figures
from dashboard.figures.x import follower_history_figure
from providers.x.analytics_export import ExportedDay, ExportedPost
from providers.x.records import XPost


def at(when: str) -> datetime:
    return datetime.fromisoformat(when).replace(tzinfo=UTC)


def post(post_id, when, kind="original", text="", conversation=None, **metrics) -> XPost:
    return XPost(post_id, at(when), text or f"post {post_id}", kind, "", conversation or post_id, **metrics)


# A thread of three (2024-06-03, a Monday), a single post, a reply to someone else, a repost.
POSTS = [
    post("1", "2024-06-03 09:00", text="Thread on charts #dataviz 1/3", impressions=1000, likes=40),
    post("2", "2024-06-03 09:01", "reply", "2/3 more", "1", impressions=500, likes=10),
    post("3", "2024-06-03 09:02", "reply", "3/3 end https://t.co/x", "1", impressions=250, likes=4),
    post(
        "4",
        "2024-06-04 10:00",
        text="Hot take #dataviz @ana https://t.co/y",
        impressions=800,
        likes=20,
        profile_clicks=9,
    ),
    post("5", "2024-06-05 10:00", "reply", "@ana thanks", "99", impressions=50, likes=1),
    post("6", "2024-06-05 11:00", "repost", "RT @bob: hi #dataviz", impressions=0),
]
EXPORTED = [
    ExportedPost("1", at("2024-06-03 12:00"), "Thread on charts", new_follows=7, profile_visits=30),
    ExportedPost("4", at("2024-06-04 12:00"), "Hot take", new_follows=2, profile_visits=11),
    ExportedPost("0", at("2023-01-01 12:00"), "an old post the API never gave", new_follows=5, profile_visits=8),
]


def test_follows_per_post_come_from_the_export_and_the_api_shows_where_it_differs():
    rows = {row.id: row for row in x_posts.post_reach(POSTS, EXPORTED)}
    assert set(rows) == {"0", "1", "2", "3", "4", "5"}  # the repost is left out, the export's old post is in
    assert (rows["4"].new_follows, rows["4"].profile_visits, rows["4"].profile_clicks) == (2, 11, 9)
    assert rows["4"].sources_differ and not rows["1"].sources_differ
    assert rows["2"].new_follows is None  # the API cannot say, and no export had it
    assert rows["4"].created_at == at("2024-06-04 10:00")  # the API's time over the export's day
    figure = figures.follows_figure(list(rows.values()))
    names = [trace.name for trace in figure.data]
    assert names == [
        "new follows (X's export)",
        "profile visits (X's export)",
        "profile clicks (X's API), where it differs",
    ]
    assert list(figure.data[0].y) == [5, 7, 2] and list(figure.data[2].y) == [9]
    with_links = [replace(row, url_clicks=4, link_clicks=3 if row.id == "4" else None) for row in rows.values()]
    linked = figures.follows_figure(with_links)
    assert [(t.name, list(t.y)) for t in linked.data if "link" in t.name] == [
        ("link clicks (X's export)", [4, 4, 4]),
        ("link clicks (X's API), where it differs", [3]),
    ]
    assert figures.follows_figure(x_posts.post_reach(POSTS, [])) is None


def test_a_thread_is_read_as_one_with_its_drop_off():
    (thread,) = x_posts.threads(POSTS)
    assert [p.id for p in thread.parts] == ["1", "2", "3"] and thread.kept == 0.25
    assert [p.id for p in x_posts.single_posts(POSTS)] == ["4"]
    figure = figures.thread_figure([thread])
    assert list(figure.data[-1].y) == [1.0, 0.5, 0.25]
    assert figures.thread_figure([]) is None


def test_topics_group_hashtags_mentions_and_links_with_their_median_engagement():
    found = {topic.label: topic for topic in x_posts.topics(POSTS)}
    assert set(found) == {"#dataviz", "@ana", x_posts.WITH_A_LINK}  # the repost's hashtag does not count
    assert (found["#dataviz"].posts, found["#dataviz"].median_engagements) == (2, 30)
    assert found["@ana"].posts == 2 and found[x_posts.WITH_A_LINK].median_engagements == 12


def test_weekly_growth_takes_the_export_days_then_the_snapshots():
    snapshots = {"2024-06-10": {"followers": 120}, "2024-06-12": {"followers": 130}}
    days = [ExportedDay(date(2024, 6, 3), new_follows=9, unfollows=2), ExportedDay(date(2024, 6, 4), new_follows=1)]
    weeks = x_posts.weekly_growth(snapshots, days, POSTS, None)
    assert weeks == [(date(2024, 6, 3), 8, 5), (date(2024, 6, 10), 10, 0)]
    assert figures.weekly_growth_figure([(date(2024, 6, 3), None, 4)]) is None


def test_followers_before_the_first_snapshot_are_rebuilt_from_the_days_follows_and_unfollows():
    snapshots = {"2024-06-05": {"followers": 100}}
    days = [
        ExportedDay(date(2024, 6, 3), new_follows=4, unfollows=1),
        ExportedDay(date(2024, 6, 4), new_follows=5, unfollows=0),
        ExportedDay(date(2024, 6, 5), new_follows=2, unfollows=2),
    ]
    # 5 June ended with 100 and gained nothing net, so 4 June ended with 100; 4 June gained 5, 3 June ended with 95.
    assert reconstructed_followers(snapshots, days) == [(date(2024, 6, 3), 95), (date(2024, 6, 4), 100)]
    figure = follower_history_figure(snapshots, None, reconstructed_followers(snapshots, days))
    assert [trace.line.dash for trace in figure.data] == ["dot", None]
    assert reconstructed_followers({}, days) == []
    assert daily_impressions([ExportedDay(date(2024, 6, 4), impressions=7), ExportedDay(date(2024, 6, 3))]) == [
        (date(2024, 6, 4), 7)
    ]
    assert figures.daily_impressions_figure([]) is None


def test_the_cost_panel_prices_this_months_reads_and_says_when_the_cap_holds():
    from dashboard.components.x_cost import cost_body
    from providers.x.pricing import MonthlyReads
    from tests.helpers.panels import as_sent

    months = [MonthlyReads(date(2026, 11, 1), 900, 10, 30), MonthlyReads(date(2026, 12, 1), 1_000, 2, 12)]
    assert months[1].cost_usd == 1_000 * 0.005 + 2 * 0.010
    said = str(as_sent(cost_body(months, 0, date(2026, 12, 7))))
    assert "1,002 reads in December 2026" in said and "$5.02" in said and "No monthly cap" in said
    held = str(as_sent(cost_body(months, 1_000, date(2026, 12, 7))))
    assert "The cap holds collection back" in held and "1 January" in held
    assert "holds collection back" not in str(as_sent(cost_body(months, 5_000, date(2026, 12, 7))))


def test_media_types_videos_and_the_best_time_to_post():
    posts = [
        post(
            "1",
            "2024-06-03 18:00",
            media_type="video",
            impressions=100,
            likes=30,
            playback_0=50,
            playback_25=30,
            playback_50=20,
            playback_75=10,
            playback_100=5,
        ),
        post("2", "2024-06-10 18:20", media_type="image", impressions=100, likes=12),
        post("3", "2024-06-17 18:40", impressions=100, likes=6),
        post("4", "2024-06-04 09:00", impressions=100, likes=2),
        post("5", "2024-06-11 09:00", impressions=100, likes=4),
        post("6", "2024-06-18 09:00", media_type="poll", impressions=100, likes=3),
    ]
    groups = {group.media_type: group for group in x_posts.by_media_type(posts)}
    assert list(groups) == ["text", "image", "video", "poll"]
    assert (groups["text"].posts, groups["text"].median_engagements, groups["video"].median_engagements) == (3, 4, 30)
    assert list(figures.playback_figure(x_posts.videos(posts)).data[-1].y) == [1.0, 0.6, 0.4, 0.2, 0.1]
    (best, runner_up), thin = x_posts.best_slots(posts, least=3)
    assert (best.label, best.posts, best.median_engagements) == ("Mon 18:00", 3, 12) and thin == 0
    assert (runner_up.label, runner_up.median_engagements) == ("Tue 09:00", 3)
    assert x_posts.best_slots(posts, least=4) == ([], 2)
