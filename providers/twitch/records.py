"""Twitch replies parsed into plain records; missing fields get defaults, unknown ones are ignored."""
from dataclasses import dataclass
from datetime import datetime


def parse_time(value: str | None) -> datetime | None:
    """Twitch's RFC 3339 times ('2016-12-14T20:32:28Z', sometimes with fractions)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class TwitchUser:
    id: str
    login: str
    display_name: str
    broadcaster_type: str = ""
    description: str = ""
    profile_image_url: str = ""
    created_at: datetime | None = None

    @classmethod
    def from_api(cls, item: dict) -> "TwitchUser":
        return cls(
            id=str(item.get("id", "")),
            login=item.get("login", ""),
            display_name=item.get("display_name") or item.get("login", ""),
            broadcaster_type=item.get("broadcaster_type") or "",
            description=item.get("description") or "",
            profile_image_url=item.get("profile_image_url") or "",
            created_at=parse_time(item.get("created_at")),
        )
