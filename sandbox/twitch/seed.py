"""The sandbox's Twitch accounts: who they are, and (generated on first use) what their channels hold.

Three accounts cover the cases a dashboard meets: a typical affiliate, a heavy partner whose lists
need many pages, and a brand-new channel with nothing at all. Their data comes from fixed-seed
generators, so it is the same in every process and run except that dates hang off the current
hour (``anchor()``): "followers this week" stays meaningful whenever the app runs, and all web
workers agree on every date.

Tests import ``ACCOUNTS`` for logins, ids and the totals the API must report. Besides these, a
crowd of typical channels for load benchmarks (crowd.py) answers to ``by_login`` and ``by_id``.
"""

import time
from dataclasses import dataclass

DAY = 86_400

GAMES = {
    "509658": "Just Chatting",
    "27471": "Minecraft",
    "33214": "Fortnite",
    "21779": "League of Legends",
    "516575": "VALORANT",
    "32982": "Grand Theft Auto V",
    "512953": "Elden Ring",
    "490744": "Stardew Valley",
    "26936": "Music",
    "509670": "Science & Technology",
}


@dataclass(frozen=True)
class Slot:
    """One weekly slot of a streaming schedule (UTC)."""

    weekday: int  # 0 = Monday
    hour: int
    minutes: int
    title: str
    game_id: str


@dataclass(frozen=True)
class Goal:
    type: str
    target: int
    description: str


@dataclass(frozen=True)
class Account:
    number: int  # keeps each account's generated ids apart
    id: str
    login: str
    display_name: str
    broadcaster_type: str
    description: str
    created_days_ago: int
    language: str
    game_id: str
    title: str
    tags: tuple[str, ...]
    delay: int
    followers: int
    follower_years: float
    follower_growth: float  # steepness of the follower growth curve; higher = more recent growth
    archives: int
    highlights: int
    uploads: int
    clips: int
    subscriptions: int
    cheerers: int  # size of the all-time Bits leaderboard
    live_viewers: int  # 0 = offline
    schedule: tuple[Slot, ...] = ()
    broadcasts: tuple[Slot, ...] = ()  # when a channel without a public schedule goes live anyway (live.py)
    vacation: bool = False
    goals: tuple[Goal, ...] = ()
    games: tuple[str, ...] = ()  # what the channel plays besides its current game

    @property
    def videos(self) -> int:
        return self.archives + self.highlights + self.uploads

    @property
    def is_live(self) -> bool:
        return self.live_viewers > 0

    @property
    def has_schedule(self) -> bool:
        return bool(self.schedule)

    @property
    def game_name(self) -> str:
        return GAMES.get(self.game_id, "")


STREAMER = Account(
    number=1,
    id="641975201",
    login="sandbox_streamer",
    display_name="SandboxStreamer",
    broadcaster_type="affiliate",
    description="Cozy variety streams three evenings a week. Sandbox account: not a real channel.",
    created_days_ago=3 * 365,
    language="en",
    game_id="27471",
    title="Building a castle, chill vibes | !discord",
    tags=("English", "Chill", "Cozy"),
    delay=0,
    followers=2_400,
    follower_years=2.0,
    follower_growth=1.2,
    archives=48,
    highlights=8,
    uploads=4,
    clips=150,
    subscriptions=40,
    cheerers=20,
    live_viewers=37,
    schedule=(
        Slot(0, 19, 180, "Minecraft Monday", "27471"),
        Slot(2, 19, 180, "Stardew Wednesday", "490744"),
        Slot(4, 20, 240, "Friday variety night", "509658"),
        Slot(5, 16, 120, "Weekend chat", "509658"),
    ),
    goals=(Goal("follower", 2_500, "Road to 2.5k followers!"), Goal("subscription", 60, "Sub goal: new emotes")),
    games=("27471", "490744", "509658", "512953"),
)
MEGASTREAM = Account(
    number=2,
    id="641975202",
    login="sandbox_megastream",
    display_name="SandboxMegastream",
    broadcaster_type="partner",
    description="Daily competitive streams and big events. Sandbox account: not a real channel.",
    created_days_ago=6 * 365,
    language="en",
    game_id="516575",
    title="RANKED GRIND to Radiant | day 412 | !merch",
    tags=("English", "Competitive", "FPS"),
    delay=5,
    followers=52_340,
    follower_years=5.0,
    follower_growth=2.6,
    archives=420,
    highlights=60,
    uploads=20,
    clips=1_000,
    subscriptions=3_000,
    cheerers=240,
    live_viewers=4_812,
    schedule=tuple(Slot(day, 17, 300, "Daily ranked grind", "516575") for day in range(6))
    + (Slot(6, 18, 240, "Sunday community games", "33214"),),
    vacation=True,
    goals=(
        Goal("follower", 60_000, "60k followers = charity marathon"),
        Goal("new_subscription_count", 500, "500 new subs this month"),
    ),
    games=("516575", "33214", "21779", "32982"),
)
NEWBIE = Account(
    number=3,
    id="641975203",
    login="sandbox_newbie",
    display_name="SandboxNewbie",
    broadcaster_type="",
    description="",
    created_days_ago=5,
    language="en",
    game_id="",
    title="",
    tags=(),
    delay=0,
    followers=0,
    follower_years=0.0,
    follower_growth=0.0,
    archives=0,
    highlights=0,
    uploads=0,
    clips=0,
    subscriptions=0,
    cheerers=0,
    live_viewers=0,
    # Streaming daily since it opened, to a couple of viewers: on its way to Affiliate, not there yet.
    broadcasts=tuple(Slot(day, 18, 72, "First streams! Learning the ropes", "490744") for day in range(7)),
)

ACCOUNTS: dict[str, Account] = {account.login: account for account in (STREAMER, MEGASTREAM, NEWBIE)}
_BY_ID = {account.id: account for account in ACCOUNTS.values()}


def anchor() -> int:
    """The current hour, as epoch seconds: generated dates move forward an hour at a time."""
    now = int(time.time())
    return now - now % 3600


def created_at(account: Account, anchor: int) -> int:
    """When the account was made: fixed days before the anchor, a little apart per account."""
    return anchor - account.created_days_ago * DAY - account.number * 3_607


def by_id(user_id: str) -> Account | None:
    from . import crowd  # built from this module's types, so imported when first needed

    return _BY_ID.get(user_id) or crowd.by_id(user_id)


def by_login(login: str) -> Account | None:
    from . import crowd

    return ACCOUNTS.get(login.lower()) or crowd.by_login(login)


def by_number(number: int) -> Account | None:
    """The account whose generated ids carry ``number`` (see ``Account.number``)."""
    from . import crowd

    return next((account for account in ACCOUNTS.values() if account.number == number), None) or crowd.by_number(number)
