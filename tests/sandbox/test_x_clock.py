"""The X sandbox as of its clock, over real HTTP: posts up to the clock, counts that never fall as it
moves on, the 30-day line of private metrics measured from it, and today's answers back after it."""

import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from sandbox.x import seed
from tests.helpers.sandbox_clock import clear_clock, set_clock

DAY = 86_400
CREATOR = seed.by_username("sandbox_creator")
ME = "/2/users/me"
USER_FIELDS = {"user.fields": "public_metrics,created_at,most_recent_tweet_id"}
PUBLIC = {"tweet.fields": "created_at,public_metrics"}
PRIVATE = {"tweet.fields": "created_at,non_public_metrics,organic_metrics"}


@pytest.fixture(autouse=True)
def still_hour(monkeypatch):
    """Hold the seed's hourly anchor, so an hour turning mid-test cannot shift the generated dates."""
    held = seed.hour_anchor()
    monkeypatch.setattr(seed, "hour_anchor", lambda: held)


@pytest.fixture
def api(sandbox):
    return sandbox.session(sandbox.token(CREATOR.username))


def timeline(sandbox, api, **params) -> tuple[list[dict], list[dict]]:
    """Every post of the creator's timeline (following next_token to the end), and every refusal."""
    posts, errors, token = [], [], None
    while True:
        page = {"max_results": 100, **params, **({"pagination_token": token} if token else {})}
        reply = api.get(f"{sandbox.base}/2/users/{CREATOR.id}/tweets", params=page)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        posts.extend(body.get("data", []))
        errors.extend(body.get("errors", []))
        token = body["meta"].get("next_token")
        if not token:
            return posts, errors


def test_profile_and_posts_grow_with_the_clock_and_nothing_is_newer_than_it(sandbox, api):
    now = time.time()
    snaps = []
    for at in (now - 300 * DAY, now - 40 * DAY, now - 2 * DAY, None):
        if at is None:
            clear_clock(sandbox.root)
        else:
            set_clock(sandbox.root, at)
        me = api.get(sandbox.base + ME, params=USER_FIELDS).json()["data"]
        posts, _ = timeline(sandbox, api, **PUBLIC)
        assert all(_epoch(post["created_at"]) <= (at or now) for post in posts)
        assert me["public_metrics"]["tweet_count"] == len(posts) and me["most_recent_tweet_id"] == posts[0]["id"]
        snaps.append((me["public_metrics"], {post["id"]: post["public_metrics"] for post in posts}))
    for (profile, posts), (later_profile, later_posts) in pairwise(snaps):
        assert all(count <= later_profile[name] for name, count in profile.items())
        assert posts.keys() <= later_posts.keys()
        assert all(
            count <= later_posts[post_id][name] for post_id, metrics in posts.items() for name, count in metrics.items()
        )
    first, (today, today_posts) = snaps[0][0], snaps[-1]
    assert today == {
        "followers_count": CREATOR.followers,
        "following_count": CREATOR.following,
        "tweet_count": CREATOR.post_count,
        "listed_count": CREATOR.listed,
        "like_count": CREATOR.likes,
        "media_count": CREATOR.media,
    }
    assert 0 < first["followers_count"] < today["followers_count"] and first["tweet_count"] < today["tweet_count"]
    # A post a day or two old at the third clock had fewer impressions then than it has today.
    young = set(snaps[2][1]) - set(snaps[1][1])
    assert any(snaps[2][1][post]["impression_count"] < today_posts[post]["impression_count"] for post in young)


def test_private_metrics_are_served_for_the_30_days_before_the_clock(sandbox, api):
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=75)
    set_clock(sandbox.root, at)
    served, refused = timeline(sandbox, api, **PRIVATE)
    window = [post for post in seed.posts(CREATOR) if at - timedelta(days=30) <= post.created_at <= at]
    assert window and [post["id"] for post in served] == [post.id for post in window]
    # All of them are older than today's 30-day line: the line moved with the clock.
    assert all(_epoch(post["created_at"]) < time.time() - 40 * DAY for post in served)
    reposts = {post.id for post in window if post.kind == "retweet"}
    assert {error["resource_id"] for error in refused} == reposts
    own = [post for post in served if post["id"] not in reposts]
    today = {post.id: post for post in window}
    assert own and all(
        post["non_public_metrics"]["impression_count"] <= today[post["id"]].non_public_metrics["impression_count"]
        for post in own
    )
    clear_clock(sandbox.root)
    assert not {post["id"] for post in timeline(sandbox, api, **PRIVATE)[0]} & {post.id for post in window}


def test_clearing_the_clock_restores_todays_answers_exactly(sandbox, api):
    def answers():
        me = api.get(sandbox.base + ME, params=USER_FIELDS).json()
        posts = api.get(
            f"{sandbox.base}/2/users/{CREATOR.id}/tweets",
            params={"max_results": 100, "tweet.fields": "created_at,public_metrics,non_public_metrics"},
        ).json()
        return me, posts

    today = answers()
    set_clock(sandbox.root, time.time() - 10 * DAY)
    past = answers()
    assert past[0] != today[0] and past[1] != today[1]
    clear_clock(sandbox.root)
    assert answers() == today


def _epoch(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def test_posts_keep_their_creation_times_when_the_hour_turns(sandbox, api, monkeypatch):
    """X's posts do not move: an hour later (or a week, by the clock) the same post has the same date."""
    before, _ = timeline(sandbox, api, **PUBLIC)
    later = seed.hour_anchor() + timedelta(hours=1)
    monkeypatch.setattr(seed, "hour_anchor", lambda: later)
    after, _ = timeline(sandbox, api, **PUBLIC)
    assert [(p["id"], p["created_at"]) for p in after] == [(p["id"], p["created_at"]) for p in before]
    set_clock(sandbox.root, time.time() + 7 * DAY)
    aged, _ = timeline(sandbox, api, **PUBLIC)
    assert [(p["id"], p["created_at"]) for p in aged] == [(p["id"], p["created_at"]) for p in before]
