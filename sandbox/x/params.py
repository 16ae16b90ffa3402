"""Query parameters of the emulated /2 endpoints, checked and worded the way X checks them."""

import re
from datetime import UTC, datetime

from .media import MEDIA_FIELDS, POLL_FIELDS
from .timeline import Query, decode_token

# Both spec generations' field names; the sandbox fills the ones it models and skips the rest.
TWEET_FIELDS = frozenset(
    (
        "article",
        "article_title",
        "attachments",
        "author_id",
        "card_uri",
        "community_id",
        "context_annotations",
        "conversation_id",
        "created_at",
        "display_text_range",
        "edit_controls",
        "edit_history_tweet_ids",
        "entities",
        "geo",
        "id",
        "in_reply_to_user_id",
        "lang",
        "matched_media_notes",
        "media_metadata",
        "non_public_metrics",
        "note_post",
        "note_request_suggestions",
        "note_tweet",
        "organic_metrics",
        "paid_partnership",
        "possibly_sensitive",
        "promoted_metrics",
        "public_metrics",
        "referenced_tweets",
        "reply_settings",
        "scopes",
        "source",
        "suggested_source_links",
        "suggested_source_links_with_counts",
        "text",
        "withheld",
    )
)
USER_FIELDS = frozenset(
    (
        "affiliation",
        "confirmed_email",
        "connection_status",
        "created_at",
        "description",
        "entities",
        "id",
        "is_identity_verified",
        "location",
        "most_recent_tweet_id",
        "name",
        "parody",
        "pinned_tweet_id",
        "profile_banner_url",
        "profile_image_url",
        "protected",
        "public_metrics",
        "receives_your_dm",
        "subscribes_to_you",
        "subscription",
        "subscription_type",
        "url",
        "username",
        "verified",
        "verified_followers_count",
        "verified_type",
        "withheld",
    )
)
POST_FIELD_PARAMETERS = ("tweet.fields", "post.fields")  # 2.167 renamed the first; X accepts both
EXCLUDES = frozenset(("replies", "retweets"))
# The post expansions of both spec generations; the sandbox fills the attachments' and skips the rest.
EXPANSIONS = frozenset(
    (
        "article.cover_media",
        "article.media_entities",
        "attachments.media_keys",
        "attachments.media_source_tweet",
        "attachments.poll_ids",
        "author_id",
        "edit_history_tweet_ids",
        "entities.mentions.username",
        "geo.place_id",
        "in_reply_to_user_id",
        "entities.note.mentions.username",
        "referenced_tweets.id",
        "referenced_tweets.id.attachments.media_keys",
        "referenced_tweets.id.author_id",
    )
)
USERS_ME = frozenset(("expansions", "tweet.fields", "post.fields", "user.fields"))
USER_TIMELINE = USERS_ME | {
    "max_results",
    "pagination_token",
    "since_id",
    "until_id",
    "start_time",
    "end_time",
    "exclude",
    "media.fields",
    "poll.fields",
    "place.fields",
}
ID = re.compile(r"^[0-9]{1,19}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
EARLIEST = datetime(2010, 11, 6, tzinfo=UTC)


class Problems:
    """The per-parameter complaints of one request, in the ``errors`` shape of X's invalid-request."""

    def __init__(self):
        self.errors: list[dict] = []

    def add(self, parameter: str, value: str, message: str) -> None:
        self.errors.append({"parameters": {parameter: [value]}, "message": message})


def check_names(args, allowed: frozenset[str], problems: Problems) -> None:
    for name in args:
        if name not in allowed and not name.startswith("oauth_"):  # OAuth may ride in the query
            problems.add(name, args[name], f"The query parameter [{name}] is not one of [{_listing(allowed)}]")


def check_id(name: str, value: str, problems: Problems) -> None:
    if not ID.match(value):
        problems.add(name, value, f"The `{name}` query parameter value [{value}] does not match {ID.pattern}")


def fields(args, problems: Problems) -> tuple[dict[str, str], set[str]]:
    """Requested post fields (each mapped to the parameter that named it) and user fields."""
    post_fields: dict[str, str] = {}
    for parameter in POST_FIELD_PARAMETERS:
        for field in _items(args, parameter, TWEET_FIELDS, problems):
            post_fields.setdefault(field, parameter)
    return post_fields, set(_items(args, "user.fields", USER_FIELDS, problems))


def includes(args, problems: Problems) -> tuple[set[str], set[str], set[str]]:
    """The expansions asked for, and the media and poll fields they are shown with."""
    return (
        set(_items(args, "expansions", EXPANSIONS, problems)),
        set(_items(args, "media.fields", MEDIA_FIELDS, problems)),
        set(_items(args, "poll.fields", POLL_FIELDS, problems)),
    )


def timeline_query(args, problems: Problems) -> Query:
    token = args.get("pagination_token")
    cursor = decode_token(token) if token is not None else None
    if token is not None and cursor is None:
        problems.add("pagination_token", token, f"The `pagination_token` query parameter value [{token}] is not valid")
    return Query(
        max_results=_max_results(args.get("max_results"), problems),
        cursor=cursor,
        since_id=_id(args, "since_id", problems),
        until_id=_id(args, "until_id", problems),
        start_time=_time(args, "start_time", problems),
        end_time=_time(args, "end_time", problems),
        exclude=frozenset(_items(args, "exclude", EXCLUDES, problems)),
    )


def _max_results(value: str | None, problems: Problems) -> int:
    if value is None:
        return 10
    if not value.isdigit() or not 5 <= int(value) <= 100:
        problems.add(
            "max_results", value, f"The `max_results` query parameter value [{value}] is not between 5 and 100"
        )
        return 10
    return int(value)


def _id(args, name: str, problems: Problems) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    check_id(name, value, problems)
    return int(value) if ID.match(value) else None


def _time(args, name: str, problems: Problems) -> datetime | None:
    value = args.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if RFC3339.match(value) else None
    except ValueError:  # shaped right, but no such day or hour
        moment = None
    if moment and moment >= EARLIEST:
        return moment
    problems.add(
        name,
        value,
        f"Invalid '{name}':'{value}'. '{name}' must be an RFC 3339 date-time on or after 2010-11-06T00:00:00Z",
    )
    return None


def _items(args, name: str, allowed: frozenset[str], problems: Problems) -> list[str]:
    value = args.get(name)
    if value is None:
        return []
    unknown = [item for item in value.split(",") if item not in allowed]
    if unknown:
        problems.add(
            name, value, f"The `{name}` query parameter value [{unknown[0]}] is not one of [{_listing(allowed)}]"
        )
        return []
    return value.split(",")


def _listing(names: frozenset[str]) -> str:
    return ",".join(sorted(names))
