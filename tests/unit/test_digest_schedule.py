"""When a digest is due (the person's weekday and hour on their clock, across a DST change) and what an X week sums."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dashboard.analysis.digest import milestones, week_before, weekly_digest
from digest.dispatch import due_slot
from providers.x.records import XPost
from sync.database.mail_subscriptions import Subscription

PARIS = ZoneInfo("Europe/Paris")


def subscription(weekday: int, hour: int, zone: str = "Europe/Paris") -> Subscription:
    return Subscription("twitter", "1", 1, "me", "me@example.com", True, zone, weekday, hour, False, True, "salt")


def test_a_digest_is_due_from_its_local_hour_for_a_day_and_not_before():
    monday_nine = datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)  # 08:00 UTC
    wanted = subscription(0, 9)
    assert due_slot(wanted, monday_nine.astimezone(UTC) - timedelta(minutes=1)) is None
    assert due_slot(wanted, monday_nine.astimezone(UTC)) == monday_nine
    assert due_slot(wanted, monday_nine.astimezone(UTC) + timedelta(hours=23)) == monday_nine
    assert due_slot(wanted, monday_nine.astimezone(UTC) + timedelta(hours=25)) is None


def test_the_local_hour_holds_across_a_daylight_saving_change():
    after_change = datetime(2026, 11, 2, 9, 0, tzinfo=PARIS)  # the Monday after the clocks went back
    slot = due_slot(subscription(0, 9), after_change.astimezone(UTC))
    assert slot == after_change and slot.utcoffset() == timedelta(hours=1)


def test_a_week_of_x_posts_is_summed_against_the_week_before():
    week = week_before(datetime(2026, 12, 7).date(), UTC)

    def post(post_id: str, day: int, likes: int, kind: str = "original") -> XPost:
        at = datetime(2026, 11, day, 12, tzinfo=UTC) if day > 7 else datetime(2026, 12, day, 12, tzinfo=UTC)
        return XPost(id=post_id, created_at=at, text=post_id, kind=kind, likes=likes, impressions=likes * 10)

    posts = [post("a", 2, 5), post("b", 4, 30), post("c", 5, 99, "repost"), post("old", 26, 7)]
    counters = {"2026-11-29": {"followers": 990}, "2026-12-06": {"followers": 1_004}}
    digest = weekly_digest(week, counters, posts=posts)
    assert (digest.this.posts, digest.this.engagements, digest.this.impressions) == (2, 35, 350)
    assert (digest.before.posts, digest.before.engagements) == (1, 7)
    assert digest.best_post.id == "b"
    assert (digest.this.followers, digest.this.gained) == (1_004, 14)
    assert digest.milestones == ["1,000 followers"]
    assert milestones(1_000, 1_200) == []  # reached before: not news again
