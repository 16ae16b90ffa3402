"""Counting new followers per day without the follower list: where a re-walk stops, and what it adds."""

from core.units import DAY, QUARTER_HOUR
from providers.twitch.records import Follower
from sync.plans.follower_walk import FollowerTally, FollowerWalk

T = 1_800_000_000  # a moment, in epoch seconds


def followers(*pairs) -> list[Follower]:
    """Followers newest first, from (id, followed_at) pairs."""
    return [Follower(user_id, f"login{user_id}", at) for user_id, at in pairs]


def walked(known, *pages) -> FollowerWalk:
    walk = FollowerWalk(known)
    for page in pages:
        if walk.add(page):
            break
    return walk


def test_a_first_walk_counts_everyone_and_remembers_the_newest_second():
    walk = walked(None, followers(("c", T + DAY), ("b", T + DAY), ("a", T)))
    days = walk.merged(3)
    assert (days.total, dict(zip(days.quarters, days.counts))) == (
        3,
        {(T + DAY) // QUARTER_HOUR: 2, T // QUARTER_HOUR: 1},
    )
    assert (days.newest_at, sorted(days.newest_ids)) == (T + DAY, ["b", "c"])


def test_a_re_walk_stops_at_the_newest_follower_counted_before():
    known = walked(None, followers(("b", T), ("a", T - 10))).merged(2)
    walk = walked(known, followers(("d", T + 5), ("c", T + 1), ("b", T), ("a", T - 10)))
    assert walk.reached_known and walk.new == 2
    days = walk.merged(4)
    assert sum(days.counts) == 4 and (days.newest_at, days.newest_ids) == (T + 5, ["d"])


def test_new_followers_in_the_same_second_as_the_last_newest_are_counted_and_remembered():
    known = walked(None, followers(("b", T), ("a", T - 10))).merged(2)
    walk = walked(known, followers(("c", T), ("b", T), ("a", T - 10)))
    assert walk.new == 1
    assert sorted(walk.merged(3).newest_ids) == ["b", "c"]


def test_when_the_newest_follower_unfollowed_the_walk_stops_at_the_first_older_one():
    known = walked(None, followers(("b", T), ("a", T - 10))).merged(2)
    walk = walked(known, followers(("c", T + 3)), followers(("a", T - 10)))  # b is gone
    assert walk.reached_known and walk.new == 1 and sum(walk.merged(2).counts) == 3


def test_a_resumed_walk_adds_to_the_tally_of_its_checkpoint():
    first_pages = FollowerWalk(None)
    first_pages.add(followers(("d", T + 3), ("c", T + 2)))
    saved = FollowerTally(**{k: v for k, v in vars(first_pages.tally).items()})
    resumed = FollowerWalk(None, saved)
    resumed.add(followers(("b", T + 1), ("a", T)))
    days = resumed.merged(4)
    assert sum(days.counts) == 4 and resumed.tally.pages == 2 and days.newest_ids == ["d"]
