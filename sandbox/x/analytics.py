"""X's analytics export, as an account owner downloads it from x.com/i/account_analytics (Premium):

    GET /i/account_analytics/<username>/content.csv?from=2026-09-01&to=2026-09-30
        account_analytics_content_<from>_<to>.csv: a row per post (reposts left out, as X does)
    GET /i/account_analytics/<username>/overview.csv?from=...&to=...
        account_overview_analytics.csv: a row per day, newest first

Both as of the sandbox's clock, and consistent with what the API says: a post's impressions and profile
visits are its non-public metrics; the days' new follows less unfollows add up to the profile's follower
count. What the API never says (follows per post, unfollows, detail expands) comes from a generator seeded
per post or day. Without ``from`` the file starts at the account's first post (content) or at its joining
(overview); without ``to`` it ends today. The headers and the date format are X's own.
"""

import csv
import io
import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, Response, abort, request

from .. import clock
from . import asof, seed, world

bp = Blueprint("analytics", __name__)

CONTENT_HEADER = (
    "Post id",
    "Date",
    "Post text",
    "Post Link",
    "Impressions",
    "Likes",
    "Engagements",
    "Bookmarks",
    "Shares",
    "New follows",
    "Replies",
    "Reposts",
    "Profile visits",
    "Detail Expands",
    "URL Clicks",
    "Hashtag Clicks",
    "Permalink Clicks",
)
OVERVIEW_HEADER = (
    "Date",
    "Impressions",
    "Likes",
    "Engagements",
    "Bookmarks",
    "Shares",
    "New follows",
    "Unfollows",
    "Replies",
    "Reposts",
    "Profile visits",
    "Create Post",
    "Video views",
    "Media views",
)


@bp.get("/i/account_analytics/<username>/content.csv")
def content_export(username: str):
    account, now, first, last = _asked(username)
    anchor = world.anchor()
    rows = [
        _content_row(account, asof.post_as_of(post, anchor, now))
        for post in asof.posts_as_of(account, anchor, now)
        if post.kind != "retweet" and first <= post.created_at.date() <= last
    ]
    start = (
        first if request.args.get("from") else (min((p.created_at.date() for p in _posts(account, now)), default=last))
    )
    return _csv(CONTENT_HEADER, rows, f"account_analytics_content_{start}_{last}.csv")


@bp.get("/i/account_analytics/<username>/overview.csv")
def overview_export(username: str):
    account, now, first, last = _asked(username)
    anchor = world.anchor()
    start = max(first, seed.joined(account, anchor).date())
    made = Counter(post.created_at.date() for post in asof.posts_as_of(account, anchor, now))
    seen = Counter()
    for post in _posts(account, now):
        seen[post.created_at.date()] += asof.post_as_of(post, anchor, now).non_public_metrics["impression_count"]
    rows = []
    day = last
    while day >= start:
        rows.append(_overview_row(account, anchor, now, day, made[day], seen[day]))
        day -= timedelta(days=1)
    return _csv(OVERVIEW_HEADER, rows, "account_overview_analytics.csv")


def _asked(username: str) -> tuple[seed.Account, datetime, date, date]:
    account = seed.by_username(username)
    if account is None:
        abort(404)
    now = datetime.fromtimestamp(clock.now(), UTC)
    first, last = _day_arg("from", date.min), _day_arg("to", now.date())
    return account, now, first, min(last, now.date())


def _day_arg(name: str, default: date) -> date:
    try:
        return date.fromisoformat(request.args[name]) if request.args.get(name) else default
    except ValueError:
        abort(400, f"{name} must be a date, YYYY-MM-DD")


def _posts(account: seed.Account, now: datetime):
    return [post for post in asof.posts_as_of(account, world.anchor(), now) if post.kind != "retweet"]


def _content_row(account: seed.Account, post: seed.Post) -> list:
    public, private = post.public_metrics, post.non_public_metrics
    rng = random.Random(f"sandbox-x-export:{post.id}")
    visits = private["user_profile_clicks"]
    follows = int(visits * rng.uniform(0.05, 0.25))
    expands = int(private["impression_count"] * rng.uniform(0.005, 0.03))
    url_clicks = private.get("url_link_clicks", 0)
    hashtags = int(expands * rng.uniform(0.0, 0.1)) if "hashtags" in post.entities else 0
    permalinks = int(expands * rng.uniform(0.0, 0.05))
    shares = int(public["bookmark_count"] * rng.uniform(0.0, 0.5))
    interactions = sum(
        public[name] for name in ("like_count", "reply_count", "retweet_count", "quote_count", "bookmark_count")
    )
    engagements = interactions + visits + expands + url_clicks + hashtags + permalinks + shares + follows
    return [
        post.id,
        _x_date(post.created_at.date()),
        post.text,
        f"https://x.com/{account.username}/status/{post.id}",
        _grouped(private["impression_count"]),
        _grouped(public["like_count"]),
        _grouped(engagements),
        public["bookmark_count"],
        shares,
        follows,
        public["reply_count"],
        public["retweet_count"],
        _grouped(visits),
        _grouped(expands),
        url_clicks,
        hashtags,
        permalinks,
    ]


def _overview_row(account: seed.Account, anchor: datetime, now: datetime, day: date, made: int, seen: int) -> list:
    """The day's follows from the profile's follower curve: its rise, plus unfollows that new follows made up for."""
    start = datetime.combine(day, time(), UTC)
    end = min(start + timedelta(days=1), now)
    gained = (
        asof.profile_counts(account, anchor, end)["followers"]
        - asof.profile_counts(account, anchor, start)["followers"]
    )
    rng = random.Random(f"sandbox-x-overview:{account.username}:{day}")
    unfollows = int(gained * rng.uniform(0.05, 0.2)) + (rng.random() < 0.3)
    likes = int(seen * rng.uniform(0.01, 0.03))
    engagements = int(seen * rng.uniform(0.03, 0.06))
    return [
        _x_date(day),
        _grouped(seen),
        likes,
        _grouped(engagements),
        int(likes * 0.08),
        int(likes * 0.02),
        gained + unfollows,
        unfollows,
        int(likes * 0.1),
        int(likes * 0.15),
        int(seen * 0.006),
        made,
        0,
        int(seen * 0.05),
    ]


def _x_date(day: date) -> str:
    return f"{day:%a, %b} {day.day}, {day.year}"  # "Sat, Sep 12, 2026", as X writes it


def _grouped(number: int) -> str:
    return f"{number:,}"


def _csv(header: tuple[str, ...], rows: list[list], name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
