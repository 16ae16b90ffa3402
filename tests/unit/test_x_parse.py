"""Parsing X's replies into records: both spellings, the 30-day rule, missing fields, the rates."""

from datetime import UTC, datetime

import msgspec
import pytest

from providers.x.records import PRIVATE_FIELDS, TimelinePage, XPost, XUser

OLD_NAMES = {
    "retweet_count": 7,
    "reply_count": 3,
    "like_count": 40,
    "quote_count": 2,
    "bookmark_count": 5,
    "impression_count": 1000,
}
PRIVATE = {"impression_count": 1000, "user_profile_clicks": 12, "url_link_clicks": 9}
ORGANIC = {
    "impression_count": 990,
    "like_count": 39,
    "reply_count": 3,
    "retweet_count": 7,
    "user_profile_clicks": 11,
    "url_link_clicks": 8,
}


def post_json(**overrides) -> dict:
    item = {
        "id": "1800000000000000001",
        "text": "Hello #dataviz",
        "created_at": "2024-06-01T13:45:00.000Z",
        "conversation_id": "1800000000000000001",
        "edit_history_tweet_ids": ["1800000000000000001"],
        "public_metrics": dict(OLD_NAMES),
        "non_public_metrics": dict(PRIVATE),
        "organic_metrics": dict(ORGANIC),
    }
    item.update(overrides)
    return item


def renamed(metrics: dict) -> dict:
    return {("repost_count" if name == "retweet_count" else name): value for name, value in metrics.items()}


def test_a_post_with_every_metric():
    post = XPost.from_api(post_json(), "creator")
    assert post.created_at == datetime(2024, 6, 1, 13, 45, tzinfo=UTC)
    assert post.url == "https://x.com/creator/status/1800000000000000001"
    assert (post.likes, post.replies, post.reposts, post.quotes, post.bookmarks, post.impressions) == (
        40,
        3,
        7,
        2,
        5,
        1000,
    )
    assert (post.private_impressions, post.profile_clicks, post.link_clicks) == (1000, 12, 9)
    assert (
        post.organic_impressions,
        post.organic_likes,
        post.organic_replies,
        post.organic_reposts,
        post.organic_profile_clicks,
        post.organic_link_clicks,
    ) == (990, 39, 3, 7, 11, 8)
    assert post.kind == "original"


def test_both_spellings_of_reposts_and_posts_read_the_same():
    old = XPost.from_api(post_json(), "creator")
    new = XPost.from_api(post_json(public_metrics=renamed(OLD_NAMES), organic_metrics=renamed(ORGANIC)), "creator")
    assert new == old
    counts = {"followers_count": 10, "following_count": 4, "listed_count": 1}
    assert (
        XUser.from_api({"id": "1", "username": "a", "public_metrics": {**counts, "tweet_count": 77}}).posts
        == XUser.from_api({"id": "1", "username": "a", "public_metrics": {**counts, "post_count": 77}}).posts
        == 77
    )


def test_engagements_and_rates_on_exact_values():
    post = XPost.from_api(post_json(), "creator")
    assert post.engagements == 40 + 3 + 7 + 2 + 5
    assert post.engagement_rate == pytest.approx(57 / 1000)
    assert post.profile_ctr == pytest.approx(12 / 1000)


def test_rates_are_none_without_their_inputs():
    zero = XPost.from_api(
        post_json(
            public_metrics={**OLD_NAMES, "impression_count": 0},
            non_public_metrics={"impression_count": 0, "user_profile_clicks": 0},
        ),
        "a",
    )
    assert zero.engagement_rate is None and zero.profile_ctr is None
    old = XPost.from_api(post_json(non_public_metrics=None, organic_metrics=None), "a")
    assert old.profile_ctr is None
    assert old.engagement_rate == pytest.approx(0.057)


def test_organic_profile_clicks_stand_in_for_missing_non_public_ones():
    post = XPost.from_api(post_json(non_public_metrics=None), "a")
    assert post.profile_ctr == pytest.approx(11 / 1000)  # the public impressions, as none private came


@pytest.mark.parametrize(
    "references, kind",
    [
        (None, "original"),
        ([{"type": "replied_to", "id": "9"}], "reply"),
        ([{"type": "quoted", "id": "9"}], "quote"),
        ([{"type": "retweeted", "id": "9"}], "repost"),
        ([{"type": "quoted", "id": "8"}, {"type": "replied_to", "id": "9"}], "reply"),
        ([{"type": "something_new", "id": "9"}], "original"),
    ],
)
@pytest.mark.parametrize("spelling", ["referenced_tweets", "referenced_posts"])  # 2.159's and 2.167's
def test_kind_comes_from_the_referenced_posts(references, kind, spelling):
    assert XPost.from_api(post_json(**{spelling: references}), "a").kind == kind


def test_missing_and_unknown_fields_are_tolerated():
    post = XPost.from_api({"id": "5", "brand_new_field": {"x": 1}, "public_metrics": {"like_count": "n/a"}}, "a")
    assert (post.id, post.text, post.created_at, post.kind, post.likes, post.impressions) == (
        "5",
        "",
        None,
        "original",
        0,
        None,
    )
    assert post.profile_clicks is None and post.engagement_rate is None
    user = XUser.from_api({"id": 42, "username": "who"})
    assert (user.id, user.name, user.followers, user.created_at) == ("42", "who", 0, None)


def test_a_reply_with_data_and_errors_is_a_page():
    refusal = {
        "type": "https://api.twitter.com/2/problems/not-authorized-for-field",
        "section": "data",
        "resource_type": "tweet",
        "resource_id": "2",
    }
    body = {
        "data": [post_json(id="1"), post_json(id="2", non_public_metrics=None, organic_metrics=None)],
        "errors": [
            {**refusal, "field": "non_public_metrics"},
            {**refusal, "field": "organic_metrics"},
            {"type": "https://api.twitter.com/2/problems/resource-not-found", "resource_id": "3"},
        ],
        "meta": {"result_count": 2, "next_token": "abc"},
    }
    page = TimelinePage.from_api(body, "a")
    assert [post.id for post in page.posts] == ["1", "2"]
    assert (page.next_token, page.withheld) == ("abc", 1)
    assert TimelinePage.from_api({"meta": {"result_count": 0}}, "a") == TimelinePage(posts=())


def test_a_record_that_cannot_be_read_is_skipped_and_logged_not_the_page(caplog):
    odd = [
        {"text": "no id"},
        post_json(id={"nested": 1}),
        post_json(id="9", created_at="last Tuesday"),
        post_json(id="10", referenced_tweets=5),
        "not a post",
    ]
    body = {"data": [post_json(id="1"), *odd, post_json(id="not-a-number")], "meta": {"result_count": 7}}
    page = TimelinePage.from_api(body, "a")
    assert [post.id for post in page.posts] == ["1", "not-a-number"]
    skipped = [record for record in caplog.records if record.getMessage().startswith("X post skipped")]
    assert len(skipped) == len(odd) and "last Tuesday" in caplog.text


def test_times_without_a_zone_are_utc():
    post = XPost.from_api(post_json(created_at="2024-06-01T13:45:00"), "a")
    assert post.created_at == datetime(2024, 6, 1, 13, 45, tzinfo=UTC)


def test_records_round_trip_through_msgpack_as_stored():
    post = XPost.from_api(post_json(), "creator")
    assert msgspec.msgpack.decode(msgspec.msgpack.encode([post]), type=list[XPost]) == [post]
    user = XUser.from_api({"id": "1", "username": "a", "created_at": "2020-01-02T03:04:05.000Z"})
    assert msgspec.msgpack.decode(msgspec.msgpack.encode(user), type=XUser) == user
    later = msgspec.msgpack.encode({"id": "7", "a_field_from_a_later_version": 1})
    assert msgspec.msgpack.decode(later, type=XPost) == XPost(id="7")


def test_private_metrics_fetched_earlier_are_kept():
    earlier = XPost.from_api(post_json(), "a")
    later = XPost.from_api(
        post_json(public_metrics={**OLD_NAMES, "like_count": 50}, non_public_metrics=None, organic_metrics=None), "a"
    )
    kept = later.keeping_private_from(earlier)
    assert kept.likes == 50
    assert (kept.profile_clicks, kept.private_impressions, kept.organic_link_clicks) == (12, 1000, 8)
    fresher = XPost.from_api(post_json(non_public_metrics={**PRIVATE, "user_profile_clicks": 20}), "a")
    assert fresher.keeping_private_from(earlier).profile_clicks == 20


def test_what_a_post_carries_is_read_from_the_expansions():
    body = {
        "data": [
            {"id": "1", "created_at": "2026-09-01T10:00:00.000Z", "text": "a", "attachments": {"media_keys": ["7_1"]}},
            {"id": "2", "created_at": "2026-09-01T09:00:00.000Z", "text": "b", "attachments": {"poll_ids": ["9"]}},
            {"id": "3", "created_at": "2026-09-01T08:00:00.000Z", "text": "c", "attachments": {"media_keys": ["3_3"]}},
            {"id": "4", "created_at": "2026-09-01T07:00:00.000Z", "text": "d"},
        ],
        "includes": {
            "media": [
                {
                    "media_key": "7_1",
                    "type": "video",
                    "public_metrics": {"view_count": 90},
                    "non_public_metrics": {f"playback_{n}_count": 100 - n for n in (0, 25, 50, 75, 100)},
                },
                {"media_key": "3_3", "type": "photo"},
            ]
        },
    }
    video, poll, photo, text = TimelinePage.from_api(body, "me").posts
    assert (video.media_type, video.video_views, video.playback_0, video.playback_100) == ("video", 90, 100, 0)
    assert (poll.media_type, photo.media_type, text.media_type) == ("poll", "image", "text")
    assert photo.playback_0 is None and "playback_25" in PRIVATE_FIELDS  # kept past X's 30 days like the rest
