"""The user timeline as X serves it: newest 3,200 posts, filters, pages, fields and the 30-day rule,
and the variants other emulators and spec versions answer with."""

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import media
from .replies import PROBLEM_TYPES
from .seed import Post

TIMELINE_CAP = 3200
REPLIES_EXCLUDED_CAP = 800  # X: "When exclude=replies is used, only the most recent 800 Tweets are available."
PRIVATE_METRICS = ("non_public_metrics", "organic_metrics", "promoted_metrics")
PRIVATE_METRICS_AGE = timedelta(days=30)
EXCLUDED_KINDS = {"replies": "reply", "retweets": "retweet"}
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
TOKEN = re.compile(r"^[0-9a-z]{1,20}$")


@dataclass(frozen=True)
class Variant:
    """Where a reply departs from X's documented answers, by the sandbox's variant switches (faults.py)."""

    new_names: bool = False  # 2.167's spelling: repost_count, referenced_posts, edit_history_post_ids
    old_posts_as_errors: bool = False  # past 30 days, private metrics refused post by post; the post still served
    non_numeric_ids: bool = False  # every tenth post id is not a number (2.167 types ids as plain strings)
    endless: bool = False  # a next_token on every page, past the 3,200 cap and past the last post


@dataclass(frozen=True)
class Query:
    max_results: int = 10
    cursor: tuple[str, int] | None = None  # ("next" or "prev", post id) from a pagination token
    since_id: int | None = None
    until_id: int | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    exclude: frozenset[str] = frozenset()


def page(
    posts: tuple[Post, ...], query: Query, variant: Variant = Variant(), left_out: Callable[[Post], bool] | None = None
) -> tuple[list[Post], dict]:
    """One page of ``posts`` (newest first) and its meta.

    ``left_out`` names the posts X drops from a page it has filled (the 30-day rule), as it does
    the kinds ``exclude`` names; so pages can come back short, or empty with a next_token.
    """
    window = posts if variant.endless else posts[: REPLIES_EXCLUDED_CAP if "replies" in query.exclude else TIMELINE_CAP]
    matching = _in_range(window, query)
    if query.cursor and query.cursor[0] == "prev":
        newer = bisect_left(matching, -query.cursor[1], key=_newest_first)
        loaded = matching[max(newer - query.max_results, 0) : newer]
    else:
        older = bisect_right(matching, -query.cursor[1], key=_newest_first) if query.cursor else 0
        loaded = matching[older : older + query.max_results]
    # X fills the page first and drops excluded kinds afterwards, so pages can come back short.
    dropped = {EXCLUDED_KINDS[name] for name in query.exclude}
    shown = [post for post in loaded if post.kind not in dropped and not (left_out and left_out(post))]
    meta = {"newest_id": shown_id(shown[0].id, variant), "oldest_id": shown_id(shown[-1].id, variant)} if shown else {}
    meta["result_count"] = len(shown)
    if loaded and loaded[-1] is not matching[-1]:
        meta["next_token"] = encode_token("next", loaded[-1].id)
    elif variant.endless:  # past the end: a token on from where this page ended, for ever
        last = loaded[-1].id if loaded else str(query.cursor[1]) if query.cursor else "1"
        meta["next_token"] = encode_token("next", last)
    if loaded and loaded[0] is not matching[0]:
        meta["previous_token"] = encode_token("prev", loaded[0].id)
    return shown, meta


def past_private_metrics(now: datetime) -> Callable[[Post], bool]:
    """Posts older than X serves private metrics for: left out of replies that ask for those metrics."""
    return lambda post: now - post.created_at > PRIVATE_METRICS_AGE


def render(
    post: Post, fields: dict[str, str], author_id: str, variant: Variant, now: datetime
) -> tuple[dict, list[dict]]:
    """The post with the requested fields (field -> parameter that asked), and the refusals.

    Private metrics exist only for the user's own posts of the last 30 days: a repost, or (in the
    old_posts_as_errors variant) an older post, is returned without them and refused per field.
    """
    post_id = shown_id(post.id, variant)
    edits = "edit_history_post_ids" if variant.new_names else "edit_history_tweet_ids"
    shown = {"id": post_id, "text": post.text, edits: [post_id]}
    optional = {
        "created_at": rfc3339(post.created_at),
        "author_id": author_id,
        "conversation_id": post.conversation_id,
        "in_reply_to_user_id": post.in_reply_to_user_id,
        "referenced_tweets": [{"type": kind, "id": ref} for kind, ref in post.referenced] or None,
        "entities": post.entities or None,
        "lang": "en",
        "possibly_sensitive": False,
        "reply_settings": "everyone",
        "public_metrics": _named(post.public_metrics, variant.new_names),
        "attachments": media.attachments(post),
    }
    renamed = {"referenced_tweets": "referenced_posts"} if variant.new_names else {}
    shown.update(
        {renamed.get(field, field): value for field, value in optional.items() if field in fields and value is not None}
    )
    private = {
        "non_public_metrics": post.non_public_metrics,
        "organic_metrics": post.organic_metrics,
        # Nothing in the sandbox is promoted: promotion adds nothing on top of organic reach.
        "promoted_metrics": {"impression_count": 0, "like_count": 0, "reply_count": 0, "retweet_count": 0},
    }
    served = private_served(post, now)
    refused = []
    for field in PRIVATE_METRICS:
        if field not in fields:
            continue
        if served:
            shown[field] = _named(private[field], variant.new_names)
        else:
            refused.append(_refusal(post_id, field, fields[field]))
    return shown, refused


def private_served(post: Post, now: datetime) -> bool:
    """Whether X serves the post's private metrics (and its media's) as of ``now``: its own, and 30 days young."""
    return post.kind != "retweet" and now - post.created_at <= PRIVATE_METRICS_AGE


def shown_id(post_id: str, variant: Variant) -> str:
    """The id as served: in the non_numeric_ids variant, every tenth is an opaque string."""
    if variant.non_numeric_ids and int(post_id) % 10 == 3:
        return f"post-{int(post_id):x}"
    return post_id


@functools.lru_cache(maxsize=8192)  # every page renders 100 dates, and strftime is a third of rendering
def rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def encode_token(direction: str, post_id: str) -> str:
    """An opaque base36 pagination token: the post to continue from and the direction."""
    number, digits = int(post_id) * 2 + (direction == "prev"), ""
    while number:
        number, digit = divmod(number, 36)
        digits = BASE36[digit] + digits
    return digits


def decode_token(token: str) -> tuple[str, int] | None:
    if not TOKEN.match(token):
        return None
    number = int(token, 36)
    return ("prev" if number % 2 else "next"), number // 2


def _in_range(posts: tuple[Post, ...], query: Query) -> tuple[Post, ...]:
    """The run of ``posts`` (newest first, so ids and times both fall) inside the query's bounds.

    Found by bisection: a timeline page is asked for many times, and scanning 3,200 posts for each
    would make the sandbox, not the client, the slow part of a sync.
    """
    # since_id and until_id take precedence over start_time and end_time.
    end = len(posts)
    if query.since_id is not None:
        end = bisect_left(posts, -query.since_id, key=_newest_first)
    elif query.start_time:
        end = bisect_right(posts, -query.start_time.timestamp(), key=_latest_first)
    start = 0
    if query.until_id is not None:
        start = bisect_right(posts, -query.until_id, key=_newest_first)
    elif query.end_time:
        start = bisect_left(posts, -query.end_time.timestamp(), key=_latest_first)
    return posts[start:end]


def _newest_first(post: Post) -> int:
    return -int(post.id)


def _latest_first(post: Post) -> float:
    return -post.created_at.timestamp()


def _named(metrics: dict, new_names: bool) -> dict:
    if not new_names:
        return dict(metrics)
    return {("repost_count" if name == "retweet_count" else name): value for name, value in metrics.items()}


def _refusal(post_id: str, field: str, parameter: str) -> dict:
    return {
        "value": post_id,
        "detail": f"Sorry, you are not authorized to access '{field}' on the Tweet with ids: [{post_id}].",
        "title": "Field Authorization Error",
        "resource_type": "tweet",
        "parameter": parameter,
        "resource_id": post_id,
        "type": PROBLEM_TYPES + "not-authorized-for-field",
        "section": "data",
        "field": field,
    }
