"""CSV rows of the /twitter panels."""

from collections import Counter
from datetime import UTC

from dashboard.figures import x as figures
from dashboard.figures.common import in_window, local, read_at


def post_rows(posts, span) -> list[dict]:
    return [
        {
            "id": p.id,
            "posted_utc": p.created_at.astimezone(UTC).isoformat(),
            "kind": p.kind,
            "text": p.text,
            "url": p.url,
            "impressions": p.impressions,
            "likes": p.likes,
            "replies": p.replies,
            "reposts": p.reposts,
            "quotes": p.quotes,
            "bookmarks": p.bookmarks,
            "engagements": p.engagements,
            "engagement_rate": p.engagement_rate,
            "profile_clicks": p.profile_clicks,
            "profile_ctr": p.profile_ctr,
            "link_clicks": p.link_clicks,
        }
        for p in figures.posts_in_range(posts, span)
    ]


def posting_time_rows(posts, span) -> list[dict]:
    rows = []
    for post in figures.posts_in_range(posts, span):
        if post.kind != "repost":
            moment = post.created_at.astimezone(UTC)
            rows.append(
                {
                    "weekday": figures.WEEKDAYS[moment.weekday()],
                    "hour_utc": moment.hour,
                    "engagements": post.engagements,
                    "post_id": post.id,
                }
            )
    return rows


def post_mix_rows(posts, span) -> list[dict]:
    kinds = Counter(post.kind for post in figures.posts_in_range(posts, span))
    return [{"kind": label, "posts": kinds.get(kind, 0)} for kind, label in figures.KIND_LABELS.items()]


def follower_rows(snapshots: dict, span) -> list[dict]:
    """The daily snapshots read inside the range: the day they were read on the range's clock, the moment
    (blank where it was not recorded), then the counters."""
    rows = []
    for day, counters in snapshots.items():
        at = read_at(day, counters)
        if in_window(at, span):
            moment = local(at, span)
            recorded = moment.isoformat(timespec="seconds") if "read_at" in counters else ""
            values = {name: value for name, value in counters.items() if name != "read_at"}
            rows.append({"day": moment.date().isoformat(), "read_at": recorded, **values})
    return rows
