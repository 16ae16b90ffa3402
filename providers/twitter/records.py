"""X replies parsed into plain records; both field spellings (2.159 and 2.167) are understood."""
from dataclasses import dataclass
from datetime import datetime


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def first_of(mapping: dict, *names: str, default=0):
    """The first of ``names`` present: X renamed tweet_count to post_count, retweet to repost."""
    for name in names:
        if mapping.get(name) is not None:
            return mapping[name]
    return default


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
            followers=int(first_of(metrics, "followers_count")),
            following=int(first_of(metrics, "following_count")),
            posts=int(first_of(metrics, "tweet_count", "post_count")),
            listed=int(first_of(metrics, "listed_count")),
        )
