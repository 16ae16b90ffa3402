"""The sandbox's X accounts and their posts: deterministic, generated lazily, dated from an anchor.

Ids, texts and metrics come from a generator seeded per account, so every process and every run
sees the same posts. Their dates hang off the anchor handed in: the sandbox's world.anchor(), a fixed
hour kept for a week, so posts grow older as time (or the sandbox's clock) moves on; the newest are
hours old when the world is made, and the 30-day line of X's private metrics has posts on both sides.
Besides the named ``ACCOUNTS``, a crowd of typical accounts for load benchmarks (crowd.py) answers
to ``by_username`` and ``by_id``. What the accounts held before the anchor is asof.py's business.
"""

import functools
import math
import random
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from . import media


@dataclass(frozen=True)
class Account:
    username: str
    id: str
    name: str
    description: str
    location: str
    joined_days_ago: int
    followers: int
    following: int
    listed: int
    likes: int
    media: int
    verified: bool
    post_count: int  # posts on the timeline
    recent_posts: int  # how many of them fall in roughly the last 29 days
    span_days: int  # how far back the older posts reach
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    id_base: int = 0  # post ids are id_base + n * ID_STEP, oldest first


@dataclass(frozen=True)
class Post:
    id: str
    created_at: datetime
    kind: str  # "original", "reply", "quote" or "retweet"
    text: str
    conversation_id: str
    in_reply_to_user_id: str | None
    referenced: tuple[tuple[str, str], ...]  # (type, post id); type "replied_to", "quoted", "retweeted"
    entities: dict
    public_metrics: dict
    non_public_metrics: dict
    organic_metrics: dict
    # What the post carries (media.py): photos, a video or a GIF (X's media objects), or a poll.
    media: tuple[dict, ...] = ()
    poll: dict | None = None


ACCOUNTS = (
    Account(
        username="sandbox_creator",
        id="1468734592018432001",
        name="Sandbox Creator",
        description="Videos about data, design and the creator grind. Dashboards are my love language 📊",
        location="Lisbon, Portugal",
        joined_days_ago=1460,
        followers=1_834,
        following=412,
        listed=23,
        likes=5_210,
        media=96,
        verified=False,
        post_count=400,
        recent_posts=24,
        span_days=540,
        topics=(
            "chart design",
            "YouTube analytics",
            "editing workflows",
            "thumbnail tests",
            "posting schedules",
            "audience retention",
        ),
        tags=("dataviz", "buildinpublic", "creatortips", "analytics"),
        id_base=1_650_000_000_000_000_000,
    ),
    Account(
        username="sandbox_heavy",
        id="1129384756102938475",
        name="Sandbox Heavy",
        description="Tech news, hot takes and long threads, all day, every day. Opinions my own.",
        location="San Francisco, CA",
        joined_days_ago=3650,
        followers=251_730,
        following=1_208,
        listed=3_412,
        likes=48_903,
        media=1_877,
        verified=True,
        post_count=5_000,
        recent_posts=420,
        span_days=1460,
        topics=(
            "open-source AI",
            "chip supply chains",
            "browser engines",
            "remote work",
            "startup funding",
            "Rust adoption",
            "privacy law",
        ),
        tags=("tech", "AI", "startups", "opensource", "news"),
        id_base=1_520_000_000_000_000_000,
    ),
    Account(
        username="sandbox_new",
        id="1862051937465102336",
        name="Sandbox Newcomer",
        description="Just getting started 👋",
        location="",
        joined_days_ago=6,
        followers=3,
        following=41,
        listed=0,
        likes=2,
        media=0,
        verified=False,
        post_count=0,
        recent_posts=0,
        span_days=0,
    ),
)

ID_STEP = 4_194_304_001  # ~1 s of snowflake ids apart, so ids grow with time like X's
KIND_WEIGHTS = {"original": 55, "reply": 25, "quote": 10, "retweet": 10}
REACH = {"original": 1.0, "reply": 0.08, "quote": 0.6}  # replies are seen mostly in-thread

OTHER_USERS = {
    "chart_crafter": "1304711912234201088",
    "metrics_maven": "987654321098765432",
    "indie_ana": "1187000000000000017",
    "streamweekly": "1420593820193847296",
    "devrel_dan": "2983745612",
    "open_data_lab": "1099887766554433221",
}
REACTIONS = (
    "Love this!",
    "So true 😂",
    "Great point.",
    "Saving this for later.",
    "This is the way.",
    "Couldn't agree more.",
    "Hard disagree, respectfully.",
    "Wait, really?",
)
LESSONS = (
    "consistency beats intensity",
    "hooks matter more than thumbnails",
    "reply to every comment in the first hour",
    "post when your audience is awake",
    "batch the boring parts",
    "ship it, then polish",
)
ORIGINALS = (
    "New video is up: {topic}. Took me {n} hours to edit 🎬 {link}",
    "Thread on {topic} 🧵 1/{n}",
    "Hot take: {topic} is underrated. #{tag}",
    "Going live in {n} minutes to talk about {topic}! {link}",
    "What should I cover next: {topic} or {topic2}? #{tag}",
    "Day {n} of posting daily. Biggest lesson so far: {lesson}. #{tag}",
    "Wrote up everything I know about {topic} {link} #{tag} #{tag2}",
    "Quick tip: {lesson}.",
)
REPLIES = (
    "@{user} {reaction}",
    "@{user} {reaction} Honestly, {lesson}.",
    "@{user} Thanks for sharing! Trying this with {topic} next week.",
)
QUOTES = ("{reaction} {link}", "This is exactly what I meant about {topic} {link}", "Adding to this: {lesson}. {link}")
TCO_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

HASHTAG = re.compile(r"(?<!\w)#(\w+)")
MENTION = re.compile(r"(?<!\w)@(\w+)")
TCO = re.compile(r"https://t\.co/\w+")
THREAD = re.compile(r"^Thread on .* 1/(\d+)$")
THREAD_DROP = 0.62  # each part of a thread is read by this share of the readers of the part before


def by_username(username: str | None) -> Account | None:
    from . import crowd  # built from this module's types, so imported when first needed

    named = next((a for a in ACCOUNTS if a.username == username), None)
    return named or (crowd.by_username(username) if username else None)


def by_id(user_id: str | None) -> Account | None:
    from . import crowd

    named = next((a for a in ACCOUNTS if a.id == user_id), None)
    return named or (crowd.by_id(user_id) if user_id else None)


def now() -> datetime:
    return datetime.now(UTC)


def joined(account: Account, anchor: datetime | None = None) -> datetime:
    return (anchor or hour_anchor()) - timedelta(days=account.joined_days_ago)


def posts(account: Account, anchor: datetime | None = None) -> tuple[Post, ...]:
    """The account's posts, newest first."""
    return _posts(account.username, anchor or hour_anchor())


def hour_anchor() -> datetime:
    # The hour, not the instant: every worker process then dates the posts identically.
    return now().replace(minute=0, second=0, microsecond=0)


@functools.lru_cache(maxsize=8 + 128)  # the named accounts, and a window of crowd accounts
def _posts(username: str, anchor: datetime) -> tuple[Post, ...]:
    account = by_username(username)
    rng = random.Random(f"sandbox-x:{username}")
    ages = _ages(account, rng)
    kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=len(ages))
    return _threaded(
        account,
        [
            media.attached(post)
            for post in [
                _post(account, rng, account.id_base + (len(ages) - 1 - k) * ID_STEP, kind, anchor, age)
                for k, (kind, age) in enumerate(zip(kinds, ages))
            ]
        ],
    )


def _threaded(account: Account, posts: list[Post]) -> tuple[Post, ...]:
    """Each "Thread on ... 1/n" goes on in the posts right after it (newer, so earlier in the list): parts 2 to
    n, a minute apart, each replying to the one before and read by fewer (THREAD_DROP a part), as threads are."""
    taken: set[int] = set()
    for root_at in range(len(posts) - 1, -1, -1):
        root = posts[root_at]
        length = THREAD.match(root.text)
        if root_at in taken or root.kind != "original" or not length:
            continue
        before = root
        for part in range(2, int(length.group(1)) + 1):
            at = root_at - part + 1
            if at < 0 or posts[at].kind == "retweet":
                break
            text = f"{part}/{length.group(1)} {LESSONS[(int(root.id) + part) % len(LESSONS)].capitalize()}."
            share = THREAD_DROP ** (part - 1)
            posts[at] = replace(
                posts[at],
                created_at=root.created_at + timedelta(minutes=part - 1),
                kind="reply",
                text=text,
                conversation_id=root.id,
                in_reply_to_user_id=account.id,
                referenced=(("replied_to", before.id),),
                entities={},
                public_metrics=_share_of(root.public_metrics, share),
                non_public_metrics=_share_of(root.non_public_metrics, share),
                organic_metrics=_share_of(root.organic_metrics, share),
                media=(),
                poll=None,
            )
            taken.add(at)
            before = posts[at]
    return tuple(posts)


def _share_of(metrics: dict, share: float) -> dict:
    return {name: int(value * share) for name, value in metrics.items() if name != "url_link_clicks"}


def _ages(account: Account, rng: random.Random) -> list[float]:
    """Hours before the anchor at which each post was made, newest first."""
    recent_gap = 29 * 24 / max(account.recent_posts, 1)
    older_gap = account.span_days * 24 / max(account.post_count - account.recent_posts, 1)
    ages, age = [], rng.uniform(1.5, 6.0)
    for k in range(account.post_count):
        ages.append(age)
        age += (recent_gap if k < account.recent_posts else older_gap) * rng.uniform(0.2, 1.8)
    return ages


def _post(account: Account, rng: random.Random, post_id: int, kind: str, anchor: datetime, age_hours: float) -> Post:
    links: dict[str, str] = {}
    other = rng.choice(list(OTHER_USERS))
    ref_id = str(post_id - rng.randrange(1_000_000, ID_STEP // 2))  # someone else's older post

    def link(expanded: str) -> str:
        short = "https://t.co/" + "".join(rng.choices(TCO_ALPHABET, k=10))
        links[short] = expanded
        return short

    words = {
        "topic": rng.choice(account.topics),
        "topic2": rng.choice(account.topics),
        "tag": rng.choice(account.tags),
        "tag2": rng.choice(account.tags),
        "n": rng.randint(2, 12),
        "lesson": rng.choice(LESSONS),
        "reaction": rng.choice(REACTIONS),
        "user": other,
    }
    conversation, reply_to, referenced = str(post_id), None, ()
    if kind == "reply":
        text = rng.choice(REPLIES).format(**words)
        conversation = str(int(ref_id) - rng.choice((0, rng.randrange(1, 10**9))))
        reply_to, referenced = OTHER_USERS[other], (("replied_to", ref_id),)
    elif kind == "quote":
        words["link"] = link(f"https://twitter.com/{other}/status/{ref_id}")
        text = rng.choice(QUOTES).format(**words)
        referenced = (("quoted", ref_id),)
    elif kind == "retweet":
        words["link"] = link(f"https://example.com/{other}/{rng.randrange(10**6)}")
        text = f"RT @{other}: " + rng.choice(ORIGINALS).format(**words)
        referenced = (("retweeted", ref_id),)
    else:
        words["link"] = link(f"https://example.com/{account.username}/{rng.randrange(10**6)}")
        text = rng.choice(ORIGINALS).format(**words)
    links = {short: expanded for short, expanded in links.items() if short in text}
    public, private, organic = _metrics(account, rng, kind, age_hours, has_link=bool(links))
    return Post(
        id=str(post_id),
        created_at=(anchor - timedelta(hours=age_hours)).replace(microsecond=0),
        kind=kind,
        text=text,
        conversation_id=conversation,
        in_reply_to_user_id=reply_to,
        referenced=referenced,
        entities=_entities(text, links),
        public_metrics=public,
        non_public_metrics=private,
        organic_metrics=organic,
    )


def _metrics(
    account: Account, rng: random.Random, kind: str, age_hours: float, has_link: bool
) -> tuple[dict, dict, dict]:
    """Public, non-public and organic metrics; impressions dwarf likes, young posts are still growing."""
    if kind == "retweet":
        # X reports a retweet's own counts as zero, except how often the original was retweeted.
        public = {
            "retweet_count": rng.randint(1, 300),
            "reply_count": 0,
            "like_count": 0,
            "quote_count": 0,
            "bookmark_count": 0,
            "impression_count": 0,
        }
        zeros = {"impression_count": 0, "user_profile_clicks": 0}
        return public, zeros, {**zeros, "like_count": 0, "reply_count": 0, "retweet_count": 0}
    reach = account.followers * rng.lognormvariate(-0.9, 0.7) * REACH[kind]
    impressions = int(reach * (1 - math.exp(-age_hours / 20))) + rng.randint(3, 40)
    likes = int(impressions * rng.uniform(0.006, 0.04))
    retweets = int(likes * rng.uniform(0.05, 0.3))
    replies = int(likes * rng.uniform(0.03, 0.25))
    quotes = int(retweets * rng.uniform(0.0, 0.3))
    bookmarks = int(likes * rng.uniform(0.02, 0.15))
    profile_clicks = int(impressions * rng.uniform(0.002, 0.012))
    public = {
        "retweet_count": retweets,
        "reply_count": replies,
        "like_count": likes,
        "quote_count": quotes,
        "bookmark_count": bookmarks,
        "impression_count": impressions,
    }
    private = {"impression_count": impressions, "user_profile_clicks": profile_clicks}
    organic = {
        "impression_count": impressions,
        "like_count": likes,
        "reply_count": replies,
        "retweet_count": retweets,
        "user_profile_clicks": profile_clicks,
    }
    if has_link:  # X sends url_link_clicks only for posts that carry a link
        private["url_link_clicks"] = organic["url_link_clicks"] = int(impressions * rng.uniform(0.004, 0.03))
    return public, private, organic


def _entities(text: str, links: dict[str, str]) -> dict:
    """Hashtags, mentions and links with X's indices: code points, start inclusive, end exclusive."""
    entities = {
        "hashtags": [{"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in HASHTAG.finditer(text)],
        "mentions": [
            {
                "start": m.start(),
                "end": m.end(),
                "username": m.group(1),
                **({"id": OTHER_USERS[m.group(1)]} if m.group(1) in OTHER_USERS else {}),
            }
            for m in MENTION.finditer(text)
        ],
        "urls": [_url_entity(m, links[m.group()]) for m in TCO.finditer(text)],
    }
    return {kind: found for kind, found in entities.items() if found}


def _url_entity(match: re.Match, expanded: str) -> dict:
    display = expanded.split("://", 1)[1]
    return {
        "start": match.start(),
        "end": match.end(),
        "url": match.group(),
        "expanded_url": expanded,
        "display_url": display if len(display) <= 26 else display[:25] + "…",
    }
