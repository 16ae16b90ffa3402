"""Fixed-seed generators for a sandbox channel: videos, clips, subscriptions, Bits and goals.

Items are stored ready to serve, plus a few internal keys starting with "_" (sort and filter
keys) that Helix strips. Thumbnail URLs start with ``STATIC``, which Helix replaces with the
absolute address of the sandbox's own image routes, since nothing here can reach Twitch's CDN.
Followers are not generated here: see followers.py.
"""

import hashlib
import random
import string
import threading
from dataclasses import dataclass
from functools import lru_cache

from . import people
from .seed import ACCOUNTS, GAMES, Account, by_login
from .timefmt import rfc3339, video_duration

DAY = 86_400
STATIC = "{static}"
TIER_POINTS = {"1000": 1, "2000": 2, "3000": 6}

_TITLE_HOOKS = (
    "first try",
    "no deaths run",
    "viewer games",
    "chill stream",
    "late night",
    "new patch",
    "community day",
    "speedrun attempts",
    "collab with friends",
    "road to top 500",
    "build session",
    "blind playthrough",
    "ranked grind",
    "chat decides",
    "marathon",
)
_CLIP_TITLES = (
    "that was insane",
    "clutch 1v4",
    "chat goes wild",
    "no way that worked",
    "perfect timing",
    "rage quit incoming",
    "GG",
    "the reveal",
    "how did that hit",
    "unbelievable save",
    "oops",
    "best moment of the stream",
    "he really did that",
    "jump scare",
    "victory screech",
)
_CLIP_WORDS = (
    "Awkward",
    "Helpless",
    "Salamander",
    "Swift",
    "Rage",
    "Zealous",
    "Bad",
    "Mink",
    "Brave",
    "Otter",
    "Tiny",
    "Noodle",
    "Happy",
    "Cactus",
    "Sneaky",
    "Pigeon",
    "Golden",
    "Kappa",
    "Lazy",
    "Panda",
)


@dataclass(frozen=True)
class Channel:
    videos: list[dict]  # newest first
    clips: list[dict]  # most viewed first
    subscriptions: list[dict]
    subscribed_at: list[int]  # when each subscription began, in the order of ``subscriptions``
    points: int
    cheers: list[tuple[int, int, int]]  # (epoch, viewer number, bits)
    goals: list[dict]
    stream: dict | None


def build_channel(account: Account, anchor: int) -> Channel:
    # A string seed is hashed with SHA-512 by random.Random, so it is stable across processes.
    rng = random.Random(f"twitch-sandbox:{account.login}")
    videos = _videos(account, rng, anchor)
    subscriptions = _subscriptions(account, rng)
    points = sum(TIER_POINTS[sub["tier"]] for sub in subscriptions)
    return Channel(
        videos=videos,
        clips=_clips(account, rng, anchor, videos),
        subscriptions=subscriptions,
        subscribed_at=_subscribed_at(account, subscriptions, anchor),
        points=points,
        cheers=_cheers(account, rng, anchor),
        goals=_goals(account, rng, anchor, len(subscriptions), points),
        stream=_stream(account, rng, anchor),
    )


def _broadcaster(account: Account, prefix: str) -> dict:
    return {f"{prefix}_id": account.id, f"{prefix}_login": account.login, f"{prefix}_name": account.display_name}


def _game(account: Account, rng: random.Random) -> str:
    """Mostly the channel's current game, sometimes another of its games."""
    if account.games and rng.random() < 0.4:
        return rng.choice(account.games)
    return account.game_id


VIDEO_ID_BASE = 2_100_000_000
VIDEO_ID_ACCOUNT_STEP = 10_000_000  # a channel's video ids stay below the next channel's


def video_owner(video_id: str) -> int | None:
    """The ``Account.number`` a generated video id carries, or None for an id that is not one."""
    if not video_id.isdigit() or int(video_id) < VIDEO_ID_BASE:
        return None
    return (int(video_id) - VIDEO_ID_BASE) // VIDEO_ID_ACCOUNT_STEP


def _videos(account: Account, rng: random.Random, anchor: int) -> list[dict]:
    if not account.videos:
        return []
    spacing = min(2.5, account.follower_years * 365 * 0.35 / account.archives) * DAY
    view_base = 40 + account.followers // 8
    raw = []
    t = anchor - DAY // 2
    for _ in range(account.archives):
        length = rng.randint(75, 360) * 60
        t -= length + int(rng.uniform(0.4, 1.6) * spacing)
        muted = None
        if rng.random() < 0.15:
            muted = [{"duration": rng.randint(30, 360), "offset": rng.randint(0, length - 400)}]
        raw.append(
            dict(
                type="archive",
                _at=t,
                _published=t,
                _length=length,
                _game_id=_game(account, rng),
                _views=int(view_base * rng.lognormvariate(0, 0.7)),
                muted_segments=muted,
            )
        )
    archives = list(raw)
    for _ in range(account.highlights):
        source = rng.choice(archives)
        at = min(source["_at"] + source["_length"] + rng.randint(1, 48) * 3600, anchor - 3600)
        raw.append(
            dict(
                type="highlight",
                _at=at,
                _published=at + rng.randint(60, 900),
                _length=rng.randint(30, 1200),
                _game_id=source["_game_id"],
                _views=int(view_base * 1.5 * rng.lognormvariate(0, 0.8)),
                muted_segments=None,
            )
        )
    for _ in range(account.uploads):
        at = anchor - rng.randint(3, int(account.follower_years * 365)) * DAY + rng.randint(0, DAY)
        raw.append(
            dict(
                type="upload",
                _at=at,
                _published=at + rng.randint(300, 3600),
                _length=rng.randint(120, 1800),
                _game_id=_game(account, rng),
                _views=int(view_base * 2 * rng.lognormvariate(0, 0.9)),
                muted_segments=None,
            )
        )
    raw.sort(key=lambda item: item["_at"])
    videos = []
    for index, item in enumerate(raw):
        video_id = str(VIDEO_ID_BASE + account.number * VIDEO_ID_ACCOUNT_STEP + index * 97 + rng.randint(0, 90))
        age_days = (anchor - item["_published"]) / DAY
        stream_id = None
        if item["type"] == "archive":  # only VODs of past broadcasts come from a stream
            stream_id = str(40_100_000_000 + account.number * 100_000_000 + index * 311)
        game = item["_game_id"]
        hook, game_name = rng.choice(_TITLE_HOOKS), GAMES.get(game, "Stream")
        title = {
            "archive": f"{game_name} | {hook}",
            "highlight": f"Highlight: {hook}",
            "upload": f"{game_name} montage: {hook}",
        }[item["type"]]
        videos.append(
            {
                "id": video_id,
                "stream_id": stream_id,
                **_broadcaster(account, "user"),
                "title": title,
                "description": "" if rng.random() < 0.6 else f"{hook.capitalize()} with chat.",
                "created_at": rfc3339(item["_at"]),
                "published_at": rfc3339(item["_published"]),
                "url": f"https://www.twitch.tv/videos/{video_id}",
                "thumbnail_url": f"{STATIC}/thumb/video/{video_id}-%{{width}}x%{{height}}.svg",
                "viewable": "public",
                "view_count": item["_views"],
                "language": account.language,
                "type": item["type"],
                "duration": video_duration(item["_length"]),
                "muted_segments": item["muted_segments"],
                "_at": item["_published"],
                "_length": item["_length"],
                "_game_id": game,
                "_trending": item["_views"] / (age_days + 2) ** 1.5,
            }
        )
    videos.reverse()
    return videos


def _clips(account: Account, rng: random.Random, anchor: int, videos: list[dict]) -> list[dict]:
    archives = [video for video in videos if video["type"] == "archive"]
    base = 5 + account.followers // 60
    span_days = max(1, int(account.follower_years * 365))
    clips = []
    for _ in range(account.clips):
        if archives and rng.random() < 0.8:
            vod = rng.choice(archives)
            offset = rng.randint(0, vod["_length"] - 60)
            at, video_id, vod_offset, game = vod["_at"] + offset + 60, vod["id"], offset, vod["_game_id"]
        else:  # clipped from a stream whose VOD is gone
            at = anchor - rng.randint(1, span_days) * DAY - rng.randint(0, DAY)
            video_id, vod_offset, game = "", None, _game(account, rng)
        clip_id = (
            "".join(rng.choice(_CLIP_WORDS) for _ in range(4))
            + "-"
            + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(16))
        )
        creator = rng.randrange(people.POOL)
        clips.append(
            {
                "id": clip_id,
                "url": f"https://clips.twitch.tv/{clip_id}",
                "embed_url": f"https://clips.twitch.tv/embed?clip={clip_id}",
                "broadcaster_id": account.id,
                "broadcaster_name": account.display_name,
                "creator_id": people.viewer_id(creator),
                "creator_name": people.viewer_name(creator),
                "video_id": video_id,
                "game_id": game,
                "language": account.language,
                "title": rng.choice(_CLIP_TITLES),
                "view_count": int(base * min(rng.paretovariate(1.5), 300)),  # capped: one viral clip, not fifty
                "created_at": rfc3339(at),
                "thumbnail_url": f"{STATIC}/thumb/clip/{clip_id}-480x272.svg",
                "duration": round(rng.uniform(5, 60), 1),
                "vod_offset": vod_offset,
                "is_featured": rng.random() < 0.05,
                "_at": at,
            }
        )
    clips.sort(key=lambda clip: (-clip["view_count"], clip["id"]))
    return clips


def _subscriptions(account: Account, rng: random.Random) -> list[dict]:
    if not account.subscriptions:
        return []
    gifter_count = max(2, account.subscriptions // 40)
    picked = rng.sample(range(people.POOL), account.subscriptions + gifter_count)
    gifters, subscribers = picked[:gifter_count], picked[gifter_count:]
    plans = {"1000": "", "2000": ": $9.99 Sub", "3000": ": $24.99 Sub"}
    subscriptions = []
    for index, n in enumerate(subscribers):
        # The first few are pinned so that even a small channel shows every tier and a gift.
        tier = ("3000", "2000")[index] if index < 2 else rng.choices(("1000", "2000", "3000"), (85, 10, 5))[0]
        is_gift = index in (2, 3) or (index > 3 and rng.random() < 0.22)
        gifter = (
            people.viewer_ref(rng.choice(gifters), "gifter")
            if is_gift
            else {"gifter_id": "", "gifter_login": "", "gifter_name": ""}
        )
        subscriptions.append(
            {
                **_broadcaster(account, "broadcaster"),
                **gifter,
                "is_gift": is_gift,
                "plan_name": f"Channel Subscription ({account.login}){plans[tier]}",
                "tier": tier,
                **people.viewer_ref(n),
            }
        )
    rng.shuffle(subscriptions)
    return subscriptions


def _subscribed_at(account: Account, subscriptions: list[dict], anchor: int) -> list[int]:
    """When each subscription began: over up to two years, most of them lately.

    Hashed from the ids rather than drawn from the channel's generator, so that everything the
    generator drew before these dates existed stays exactly as it was.
    """
    span = int(max(min(account.follower_years, 2.0), 0.1) * 365 * DAY)
    starts = []
    for sub in subscriptions:
        digest = hashlib.sha256(f"{account.login}:{sub['user_id']}".encode()).digest()
        share = int.from_bytes(digest[:8], "big") / 2**64
        starts.append(anchor - DAY // 4 - int(span * share**1.5))
    return starts


def _cheers(account: Account, rng: random.Random, anchor: int) -> list[tuple[int, int, int]]:
    span = int(min(account.follower_years, 2.0) * 365 * DAY)
    scale = 1 + account.followers // 20_000  # bigger channels draw bigger cheers
    events = []
    for rank, n in enumerate(rng.sample(range(people.POOL), account.cheerers)):
        generosity = 1 / (rank + 1) ** 0.8
        for _ in range(rng.randint(1, 3 + int(30 * generosity))):
            at = anchor - int(span * rng.random() ** 1.8)  # skewed towards recent cheers
            bits = rng.choice((100, 100, 100, 200, 250, 500, 1000)) * scale * (1 + int(generosity * 2))
            events.append((at, n, bits))
    return events


def _goals(account: Account, rng: random.Random, anchor: int, subscribers: int, points: int) -> list[dict]:
    goals = []
    for goal in account.goals:
        current = {
            "follower": account.followers,
            "subscription": points,
            "subscription_count": subscribers,
        }.get(goal.type, rng.randint(goal.target // 4, goal.target * 3 // 4))
        goals.append(
            {
                "id": "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(27)),
                **_broadcaster(account, "broadcaster"),
                "type": goal.type,
                "description": goal.description,
                "current_amount": current,
                "target_amount": goal.target,
                "created_at": rfc3339(anchor - rng.randint(3, 40) * DAY),
            }
        )
    return goals


def _stream(account: Account, rng: random.Random, anchor: int) -> dict | None:
    if not account.is_live:
        return None
    return {
        "id": str(40_100_000_000 + account.number * 100_000_000 + 99_000_000),
        **_broadcaster(account, "user"),
        "game_id": account.game_id,
        "game_name": account.game_name,
        "type": "live",
        "title": account.title,
        "viewer_count": account.live_viewers,
        "started_at": rfc3339(anchor - rng.randint(40, 240) * 60),
        "language": account.language,
        "thumbnail_url": f"{STATIC}/thumb/live/{account.login}-{{width}}x{{height}}.svg",
        "tag_ids": [],
        "tags": list(account.tags),
        "is_mature": False,
    }


_build_lock = threading.Lock()


def channel_data(account: Account, at: int) -> Channel:
    """The generated contents of ``account``'s channel as of anchor ``at``, built once per process and hour."""
    with _build_lock:  # so that concurrent first requests do not build the heavy channel twice
        return _build(account.login, at)


@lru_cache(maxsize=2 * len(ACCOUNTS) + 128)  # the named accounts, and a window of crowd accounts
def _build(login: str, at: int) -> Channel:
    return build_channel(by_login(login), at)
