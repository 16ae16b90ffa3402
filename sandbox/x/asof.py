"""An X account as of a moment before the anchor (the sandbox's clock): its posts then, and its counts.

seed.py generates what an account holds at the anchor. As of an earlier moment ``at``, posts
created later do not exist yet; a post's metrics are the share of today's it had gathered at that
age (the same curve the generator grows young posts by); the profile's counts follow a growth curve
from the day the account joined, and its post count is the posts that exist. Every count is a
non-decreasing function of ``at`` that equals today's from the anchor on.
"""

import math
from bisect import bisect_left
from dataclasses import replace
from datetime import datetime

from .seed import Account, Post, joined, posts

REACH_HOURS = 20  # seed._metrics: a post reaches 1 - exp(-age / 20 h) of its audience
# How steeply each profile count grew since joining (higher: more of it lately), as in followers.py.
PROFILE_GROWTH = {"followers": 2.0, "following": 0.5, "listed": 2.0, "likes": 1.0, "media": 1.0}


def posts_as_of(account: Account, anchor: datetime, at: datetime) -> tuple[Post, ...]:
    """The posts that existed at ``at``, newest first."""
    every = posts(account, anchor)
    if at >= anchor:
        return every
    return every[bisect_left(every, -at.timestamp(), key=_latest_first) :]


def post_as_of(post: Post, anchor: datetime, at: datetime) -> Post:
    """``post`` with the metrics it had at ``at`` (a post that existed by then)."""
    if at >= anchor:
        return post
    share = _reach(at - post.created_at) / _reach(anchor - post.created_at)
    return replace(
        post,
        public_metrics=_scaled(post.public_metrics, share),
        non_public_metrics=_scaled(post.non_public_metrics, share),
        organic_metrics=_scaled(post.organic_metrics, share),
        media=tuple(_media_as_of(item, share) for item in post.media),
    )


def _media_as_of(item: dict, share: float) -> dict:
    """A video's views and playbacks grow with its post's reach."""
    if "playback" not in item:
        return item
    return {
        **item,
        "public_metrics": _scaled(item["public_metrics"], share),
        "playback": _scaled(item["playback"], share),
    }


def profile_counts(account: Account, anchor: datetime, at: datetime) -> dict[str, int]:
    """followers, following, listed, likes, media and posts as they stood at ``at``."""
    counts = {name: getattr(account, name) for name in PROFILE_GROWTH}
    if at < anchor:
        start = joined(account, anchor)
        progress = min(max((at - start) / (anchor - start), 0.0), 1.0)
        counts = {
            name: int(count * math.expm1(PROFILE_GROWTH[name] * progress) / math.expm1(PROFILE_GROWTH[name]))
            for name, count in counts.items()
        }
    # The generator makes exactly post_count posts: as of ``at``, the count is the posts that exist.
    counts["posts"] = len(posts_as_of(account, anchor, at)) if at < anchor else account.post_count
    return counts


def _reach(age) -> float:
    return -math.expm1(-age.total_seconds() / 3600 / REACH_HOURS)


def _scaled(metrics: dict, share: float) -> dict:
    return {name: int(value * share) for name, value in metrics.items()}


def _latest_first(post: Post) -> float:
    return -post.created_at.timestamp()
