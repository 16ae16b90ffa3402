"""Twitch replies parsed into plain records; missing fields get defaults, unknown ones are ignored.

Times are epoch seconds (UTC): compact in the store, cheap to bucket by day, and no time zone
surprises. Every ``from_api`` takes one item of a Helix ``data`` list.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.units import DAY, QUARTER_HOUR
from providers.twitch.parse import duration_seconds, epoch, number, text

TIERS = {"1000": 1, "2000": 2, "3000": 3}


@dataclass(frozen=True)
class TwitchUser:
    id: str
    login: str
    display_name: str
    broadcaster_type: str = ""
    description: str = ""
    profile_image_url: str = ""
    created_at: int = 0

    @property
    def created(self) -> datetime | None:
        return datetime.fromtimestamp(self.created_at, UTC) if self.created_at else None

    @property
    def earns_revenue(self) -> bool:
        """Only affiliates and partners have subscriptions and Bits."""
        return self.broadcaster_type in ("affiliate", "partner")

    @classmethod
    def from_api(cls, item: dict) -> "TwitchUser":
        return cls(
            id=str(item.get("id", "")),
            login=text(item.get("login")),
            display_name=text(item.get("display_name")) or text(item.get("login")),
            broadcaster_type=text(item.get("broadcaster_type")),
            description=text(item.get("description")),
            profile_image_url=text(item.get("profile_image_url")),
            created_at=epoch(item, "created_at", "user"),
        )


@dataclass(frozen=True)
class ChannelInfo:
    title: str = ""
    game_name: str = ""
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_api(cls, item: dict) -> "ChannelInfo":
        return cls(
            title=text(item.get("title")),
            game_name=text(item.get("game_name")),
            tags=[t for t in item.get("tags") or [] if isinstance(t, str)],
        )


@dataclass(frozen=True)
class LiveStream:
    viewer_count: int = 0
    game_name: str = ""
    title: str = ""
    started_at: int = 0

    @classmethod
    def from_api(cls, item: dict) -> "LiveStream":
        return cls(
            viewer_count=number(item.get("viewer_count")),
            game_name=text(item.get("game_name")),
            title=text(item.get("title")),
            started_at=epoch(item, "started_at", "stream"),
        )


@dataclass(frozen=True)
class StreamSample:
    """One look at a live stream (GET /helix/streams): who, which stream, how many watch, what, since when."""

    user_id: str
    stream_id: str
    viewer_count: int
    game_name: str
    title: str
    started_at: int  # epoch seconds

    @classmethod
    def from_api(cls, item: dict) -> "StreamSample":
        return cls(
            user_id=str(item.get("user_id", "")),
            stream_id=str(item.get("id", "")),
            viewer_count=number(item.get("viewer_count")),
            game_name=text(item.get("game_name")),
            title=text(item.get("title")),
            started_at=epoch(item, "started_at", "stream"),
        )


@dataclass(frozen=True)
class Follower:
    user_id: str
    login: str
    followed_at: int

    @classmethod
    def from_api(cls, item: dict) -> "Follower":
        return cls(str(item.get("user_id", "")), text(item.get("user_login")), epoch(item, "followed_at", "follower"))


@dataclass(frozen=True)
class Subscription:
    user_id: str
    tier: int  # 1, 2 or 3; 0 for a tier Twitch has not told us about
    is_gift: bool

    @classmethod
    def from_api(cls, item: dict) -> "Subscription":
        return cls(str(item.get("user_id", "")), TIERS.get(str(item.get("tier")), 0), bool(item.get("is_gift")))


@dataclass(frozen=True)
class Video:
    id: str
    title: str
    url: str
    type: str  # archive, highlight or upload
    created_at: int
    duration: int  # seconds
    view_count: int
    stream_id: str = ""  # the broadcast an archive VOD recorded (Helix: null for highlights and uploads)

    @classmethod
    def from_api(cls, item: dict) -> "Video":
        return cls(
            id=str(item.get("id", "")),
            title=text(item.get("title")),
            url=text(item.get("url")),
            type=text(item.get("type")) or "archive",
            created_at=epoch(item, "created_at", "video"),
            duration=duration_seconds(item.get("duration")),
            view_count=number(item.get("view_count")),
            stream_id=text(item.get("stream_id")),
        )


@dataclass(frozen=True)
class Clip:
    id: str
    title: str
    url: str
    creator_name: str
    created_at: int
    duration: int  # seconds
    view_count: int

    @classmethod
    def from_api(cls, item: dict) -> "Clip":
        return cls(
            id=text(item.get("id")),
            title=text(item.get("title")),
            url=text(item.get("url")),
            creator_name=text(item.get("creator_name")),
            created_at=epoch(item, "created_at", "clip"),
            duration=duration_seconds(item.get("duration")),
            view_count=number(item.get("view_count")),
        )


@dataclass(frozen=True)
class Cheerer:
    rank: int
    user_id: str
    user_name: str
    score: int

    @classmethod
    def from_api(cls, item: dict) -> "Cheerer":
        return cls(
            number(item.get("rank")),
            str(item.get("user_id", "")),
            text(item.get("user_name")) or text(item.get("user_login")),
            number(item.get("score")),
        )


@dataclass(frozen=True)
class ScheduleSegment:
    start: int
    end: int
    title: str
    category: str
    canceled: bool

    @classmethod
    def from_api(cls, item: dict) -> "ScheduleSegment":
        category = item.get("category") or {}
        return cls(
            epoch(item, "start_time", "schedule segment"),
            epoch(item, "end_time", "schedule segment"),
            text(item.get("title")),
            text(category.get("name")) if isinstance(category, dict) else "",
            bool(item.get("canceled_until")),
        )


@dataclass(frozen=True)
class Goal:
    type: str
    description: str
    current: int
    target: int

    @classmethod
    def from_api(cls, item: dict) -> "Goal":
        return cls(
            text(item.get("type")),
            text(item.get("description")),
            number(item.get("current_amount")),
            number(item.get("target_amount")),
        )


# What the sync keeps of a channel, built from the records above -------------------------------------


@dataclass
class Profile:
    user: TwitchUser
    channel: ChannelInfo
    stream: LiveStream | None = None


@dataclass
class FollowerDays:
    """New followers per quarter hour (epoch seconds // 900), aggregated at sync time for the charts,
    which sum them into days on the viewer's clock (every time zone is whole quarter hours from UTC).

    The follower list itself is not kept (50,000 rows for a big channel): a re-sync stops at the
    newest follower of the last one, told by when they followed and, within that second, by id.
    """

    total: int = 0  # Twitch's own count, which includes nobody who unfollowed
    quarters: list[int] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    newest_at: int = 0  # when the newest follower counted followed (epoch seconds); 0: none counted
    newest_ids: list[str] = field(default_factory=list)  # the followers counted who followed in that second
    # When each follower of the last 31 days followed (epoch seconds, newest first): who came during a stream.
    recent: list[int] = field(default_factory=list)
    days: list[int] = field(default_factory=list)  # as kept before quarters: UTC epoch days, read as their noon

    def __post_init__(self):
        if self.days and not self.quarters:  # noon UTC is the same date on almost every clock
            self.quarters = [day * (DAY // QUARTER_HOUR) + DAY // QUARTER_HOUR // 2 for day in self.days]
        self.days = []


@dataclass
class SubscriberSummary:
    total: int = 0
    points: int = 0
    tiers: list[int] = field(default_factory=lambda: [0, 0, 0])  # tier 1, 2, 3
    gifted: int = 0
    paid: int = 0
    first_page: list[str] = field(default_factory=list)  # to tell an unchanged list after one request
    counted: int | None = None  # subscribers counted into tiers and gifts so far; None: all of them

    @property
    def complete(self) -> bool:
        return self.counted is None


@dataclass
class BitsBoards:
    day: str = ""  # UTC day the period boards were fetched: their windows roll over
    boards: dict[str, list[Cheerer]] = field(default_factory=dict)


@dataclass
class StreamStory:
    """What EventSub told of one stream, as kept: its events in order, its chat per minute, its top
    chatters and emotes. Built from the history database (sync/database/stream_story.py); never a message's text."""

    events: list[tuple[str, float, int, str, str]] = field(default_factory=list)  # (kind, at, amount, actor, detail)
    chat: list[tuple[float, int, int, int]] = field(default_factory=list)  # (minute, messages, chatters, first-timers)
    top_chatters: list[tuple[str, int]] = field(default_factory=list)  # (login, messages), most first
    top_emotes: list[tuple[str, int]] = field(default_factory=list)  # (name, uses), most first
    chatters: int = 0  # distinct chatters over the stream

    @property
    def told(self) -> bool:
        return bool(self.events or self.chat)

    def count(self, kind: str) -> int:
        return sum(1 for event in self.events if event[0] == kind)

    def total(self, kind: str) -> int:
        return sum(event[2] for event in self.events if event[0] == kind)
