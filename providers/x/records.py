"""X's user and posts as plain records that round-trip through plain dicts (JSON or msgpack)."""

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime

from providers.x.parse import count, parse_time, post_kind, spelled, withheld_post_ids

log = logging.getLogger(__name__)

# How many viewers of a post's video made it through 0, 25, 50, 75 and 100 % of it (the video's private metrics).
PLAYBACK_FIELDS = ("playback_0", "playback_25", "playback_50", "playback_75", "playback_100")
# What a post carries, as X names its media types, in our words.
MEDIA_TYPES = {"photo": "image", "video": "video", "animated_gif": "gif"}

# The metrics X serves only for the user's own posts of the last 30 days; kept once fetched.
PRIVATE_FIELDS = (
    "private_impressions",
    "profile_clicks",
    "link_clicks",
    "organic_impressions",
    "organic_likes",
    "organic_replies",
    "organic_reposts",
    "organic_profile_clicks",
    "organic_link_clicks",
    *PLAYBACK_FIELDS,
)


@dataclass(frozen=True)
class XUser:
    id: str
    username: str
    name: str
    profile_image_url: str = ""
    description: str = ""
    created_at: datetime | None = None
    followers: int = 0
    following: int = 0
    posts: int = 0
    listed: int = 0

    @classmethod
    def from_api(cls, item: dict) -> "XUser":
        metrics = item.get("public_metrics") or {}
        return cls(
            id=str(item.get("id", "")),
            username=item.get("username", ""),
            name=item.get("name") or item.get("username", ""),
            profile_image_url=item.get("profile_image_url") or "",
            description=item.get("description") or "",
            created_at=parse_time(item.get("created_at")),
            followers=count(metrics, "followers_count"),
            following=count(metrics, "following_count"),
            posts=count(metrics, "tweet_count", "post_count"),
            listed=count(metrics, "listed_count"),
        )


@dataclass(frozen=True)
class XPost:
    """One post; the private metrics are None when X did not serve them (older than 30 days)."""

    id: str
    created_at: datetime | None = None
    text: str = ""
    kind: str = "original"  # original, reply, quote or repost
    url: str = ""
    conversation_id: str = ""
    likes: int = 0
    replies: int = 0
    reposts: int = 0
    quotes: int = 0
    bookmarks: int = 0
    impressions: int | None = None
    private_impressions: int | None = None
    profile_clicks: int | None = None
    link_clicks: int | None = None  # X sends link clicks only for posts that carry a link
    organic_impressions: int | None = None
    organic_likes: int | None = None
    organic_replies: int | None = None
    organic_reposts: int | None = None
    organic_profile_clicks: int | None = None
    organic_link_clicks: int | None = None
    media_type: str = "text"  # text, image, video, gif or poll
    video_views: int | None = None
    playback_0: int | None = None
    playback_25: int | None = None
    playback_50: int | None = None
    playback_75: int | None = None
    playback_100: int | None = None

    @classmethod
    def from_api(cls, item: dict, username: str, media: dict | None = None) -> "XPost":
        """``media``: the reply's ``includes.media`` by media key (what the post's attachments name)."""
        public = item.get("public_metrics") or {}
        private = item.get("non_public_metrics") or {}
        organic = item.get("organic_metrics") or {}
        post_id = str(item.get("id", ""))
        return cls(
            id=post_id,
            created_at=parse_time(item.get("created_at")),
            text=item.get("text") or "",
            kind=post_kind(spelled(item, "referenced_tweets", "referenced_posts")),
            url=f"https://x.com/{username}/status/{post_id}",
            conversation_id=str(item.get("conversation_id") or post_id),
            likes=count(public, "like_count"),
            replies=count(public, "reply_count"),
            reposts=count(public, "retweet_count", "repost_count"),
            quotes=count(public, "quote_count"),
            bookmarks=count(public, "bookmark_count"),
            impressions=count(public, "impression_count", default=count(private, "impression_count", default=None)),
            private_impressions=count(private, "impression_count", default=None),
            profile_clicks=count(private, "user_profile_clicks", default=None),
            link_clicks=count(private, "url_link_clicks", default=None),
            organic_impressions=count(organic, "impression_count", default=None),
            organic_likes=count(organic, "like_count", default=None),
            organic_replies=count(organic, "reply_count", default=None),
            organic_reposts=count(organic, "retweet_count", "repost_count", default=None),
            organic_profile_clicks=count(organic, "user_profile_clicks", default=None),
            organic_link_clicks=count(organic, "url_link_clicks", default=None),
            **_attached(item.get("attachments"), media or {}),
        )

    @property
    def engagements(self) -> int:
        """Public interactions only, so posts on both sides of the 30-day line compare fairly."""
        return self.likes + self.replies + self.reposts + self.quotes + self.bookmarks

    @property
    def engagement_rate(self) -> float | None:
        return self.engagements / self.impressions if self.impressions else None

    @property
    def profile_ctr(self) -> float | None:
        """Profile clicks per impression, over the impressions counted alongside the clicks when known."""
        clicks = self.profile_clicks if self.profile_clicks is not None else self.organic_profile_clicks
        seen = self.private_impressions if self.private_impressions is not None else self.impressions
        return clicks / seen if clicks is not None and seen else None

    def keeping_private_from(self, earlier: "XPost") -> "XPost":
        """This fetch, with an earlier fetch's private metrics wherever X no longer serves them."""
        kept = {
            name: getattr(earlier, name)
            for name in PRIVATE_FIELDS
            if getattr(self, name) is None and getattr(earlier, name) is not None
        }
        return replace(self, **kept) if kept else self


@dataclass(frozen=True)
class TimelinePage:
    """One page of the user's timeline; ``withheld`` counts posts X served without their private metrics."""

    posts: tuple[XPost, ...]
    next_token: str | None = None
    withheld: int = 0

    @classmethod
    def from_api(cls, body: dict, username: str) -> "TimelinePage":
        # A 200 holding both data and errors is X's 30-day rule at work, not a failure.
        included = (body.get("includes") or {}).get("media") or ()
        media = {item.get("media_key"): item for item in included if isinstance(item, dict)}
        return cls(
            posts=tuple(filter(None, (_readable_post(item, username, media) for item in body.get("data") or ()))),
            next_token=(body.get("meta") or {}).get("next_token"),
            withheld=len(withheld_post_ids(body.get("errors"))),
        )


def _attached(attachments, media: dict) -> dict:
    """The post's media type, and its video's views and playback quartiles where X gave them."""
    if not isinstance(attachments, dict):
        return {}
    if attachments.get("poll_ids"):
        return {"media_type": "poll"}
    carried = [media[key] for key in attachments.get("media_keys") or () if isinstance(media.get(key), dict)]
    if not carried:
        return {}
    first = carried[0]
    found = {"media_type": MEDIA_TYPES.get(first.get("type"), "image")}
    if first.get("type") in ("video", "animated_gif"):
        found["video_views"] = count(first.get("public_metrics") or {}, "view_count", default=None)
        playback = first.get("non_public_metrics") or first.get("organic_metrics") or {}
        found |= {name: count(playback, f"{name}_count", default=None) for name in PLAYBACK_FIELDS}
    return found


def _readable_post(item, username: str, media: dict | None = None) -> XPost | None:
    """The post, or None (logged) when it has no usable id or date: one odd record must not sink the page."""
    try:
        post = XPost.from_api(item, username, media)
    except (AttributeError, TypeError, ValueError):
        post = None
    if post is None or not isinstance(item.get("id"), (str, int)) or not post.id or post.created_at is None:
        log.warning("X post skipped, not understood: %.300r", item)
        return None
    return post


# What the sync keeps of an account, built from the records above ------------------------------------------


@dataclass
class PostArchive:
    """Every post ever fetched, newest first; posts past X's cap or window stay with what was fetched."""

    posts: list[XPost] = field(default_factory=list)
    walked_at: float | None = None  # when the timeline was last walked to its end; None: never finished
