"""Reading X's JSON: times, fields and counts under either spelling, post kinds and the 30-day refusals."""

from datetime import UTC, datetime

FIELD_REFUSED = "https://api.twitter.com/2/problems/not-authorized-for-field"
# A post can both reply and quote; X calls it a reply. A repost is a repost whatever else it holds.
KIND_BY_REFERENCE = (("retweeted", "repost"), ("replied_to", "reply"), ("quoted", "quote"))


def parse_time(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)  # X's times are UTC


def spelled(item: dict, *names: str):
    """The first of ``names`` present: 2.167 renamed fields (referenced_tweets to referenced_posts)."""
    return next((item[name] for name in names if item.get(name) is not None), None)


def count(metrics: dict, *names: str, default: int | None = 0) -> int | None:
    """The first of ``names`` present as a number: X renamed tweet_count to post_count, retweet to repost."""
    if not isinstance(metrics, dict):
        return default
    for name in names:
        value = metrics.get(name)  # .get, not [] and KeyError: most private fields are absent on old posts
        if value is None:
            continue
        if type(value) is int:  # X's usual case, without int()'s conversion
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            continue
    return default


def post_kind(references) -> str:
    types = {ref.get("type") for ref in references or () if isinstance(ref, dict)}
    return next((kind for ref_type, kind in KIND_BY_REFERENCE if ref_type in types), "original")


def withheld_post_ids(errors) -> set[str]:
    """Posts whose private metrics X refused (older than 30 days): the reply still succeeded."""
    return {
        str(error.get("resource_id") or error.get("value"))
        for error in errors or ()
        if isinstance(error, dict) and error.get("type") == FIELD_REFUSED
    }
