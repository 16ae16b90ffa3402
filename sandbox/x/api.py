"""X API v2 as the dashboard uses it: GET /2/users/me and GET /2/users/:id/tweets.

Both answer as of the sandbox's clock (sandbox/clock.py, asof.py); with none set, as of now.
"""

from datetime import UTC, datetime

import msgspec
from flask import Blueprint, Response, jsonify, request

from .. import clock, faults
from . import asof, gate, media, params, replies, seed, timeline, world
from .consent import avatar_url

bp = Blueprint("api", __name__)
VARIANT_SWITCHES = {
    "new_names": "new_field_names",
    "old_posts_as_errors": "old_posts_as_errors",
    "non_numeric_ids": "non_numeric_ids",
    "endless": "endless_next_token",
}


@bp.get("/2/users/me")
@gate.v2("users_me")
def users_me(caller: dict):
    problems = params.Problems()
    params.check_names(request.args, params.USERS_ME, problems)
    _, user_fields = params.fields(request.args, problems)
    if problems.errors:
        return replies.invalid_request(problems.errors)
    now = _now()
    return jsonify(data=_user(seed.by_id(caller["user_id"]), user_fields, _variant().new_names, now))


@bp.get("/2/users/<user_id>/tweets")
@gate.v2("users_tweets")
def user_posts(caller: dict, user_id: str):
    problems = params.Problems()
    params.check_names(request.args, params.USER_TIMELINE, problems)
    params.check_id("id", user_id, problems)
    post_fields, _ = params.fields(request.args, problems)
    expansions, media_fields, poll_fields = params.includes(request.args, problems)
    query = params.timeline_query(request.args, problems)
    if problems.errors:
        return replies.invalid_request(problems.errors)
    if user_id != caller["user_id"]:  # the sandbox serves only the signed-in user's own timeline
        return replies.not_authorized_for_user(user_id)
    now, variant, anchor = _now(), _variant(), world.anchor()
    # X's documented 30-day rule: asked for private metrics, it serves only the posts of those 30 days.
    too_old = None
    if set(timeline.PRIVATE_METRICS) & post_fields.keys() and not variant.old_posts_as_errors:
        too_old = timeline.past_private_metrics(now)
    shown, meta = timeline.page(asof.posts_as_of(seed.by_id(user_id), anchor, now), query, variant, too_old)
    body, refusals, included = {}, [], {"media": [], "polls": []}
    for post in shown:
        post = asof.post_as_of(post, anchor, now)
        rendered, refused = timeline.render(post, post_fields, user_id, variant, now)
        body.setdefault("data", []).append(rendered)
        refusals.extend(refused)
        if "attachments.media_keys" in expansions:
            included["media"] += media.media_objects(post, media_fields, timeline.private_served(post, now))
        if "attachments.poll_ids" in expansions and post.poll:
            included["polls"].append(media.poll_object(post, poll_fields))
    if any(included.values()):
        body["includes"] = {kind: found for kind, found in included.items() if found}
    if refusals:
        body["errors"] = refusals
    body["meta"] = meta
    # msgspec: a page of 100 posts encodes several times faster than with the json module.
    return Response(msgspec.json.encode(body), mimetype="application/json")


def _now() -> datetime:
    """The moment this request is answered as of: the sandbox's clock, else real time."""
    return datetime.fromtimestamp(clock.now(), UTC)


def _user(account: seed.Account, fields: set[str], new_names: bool, now: datetime) -> dict:
    anchor = world.anchor()
    posts = asof.posts_as_of(account, anchor, now)
    counts = asof.profile_counts(account, anchor, now)
    metrics = {
        "followers_count": counts["followers"],
        "following_count": counts["following"],
        ("post_count" if new_names else "tweet_count"): counts["posts"],
        "listed_count": counts["listed"],
        "like_count": counts["likes"],
        "media_count": counts["media"],
    }
    optional = {
        "created_at": timeline.rfc3339(seed.joined(account, anchor)),
        "description": account.description,
        "location": account.location or None,
        "profile_image_url": avatar_url(account),
        "protected": False,
        "public_metrics": metrics,
        "verified": account.verified,
        "verified_type": "blue" if account.verified else "none",
        "most_recent_tweet_id": posts[0].id if posts else None,
    }
    user = {"id": account.id, "name": account.name, "username": account.username}
    user.update({field: value for field, value in optional.items() if field in fields and value is not None})
    return user


def _variant() -> timeline.Variant:
    """The variant switches set for X (faults.py); all off: X as documented."""
    return timeline.Variant(**{name: faults.variant("x", switch) for name, switch in VARIANT_SWITCHES.items()})
