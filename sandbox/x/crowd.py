"""A crowd of typical X accounts for load benchmarks: ``crowd_0001`` to ``crowd_9999``.

Each is a modest account (a few hundred to two thousand followers, a couple of hundred posts)
whose numbers come from a generator seeded with its number, so nothing is stored and an unused one
costs nothing. They sign in through the consent page like the named accounts (the form's
``account`` field names the username); their posts come from seed.py's generator.
"""

import random
import re
from functools import lru_cache

from .seed import Account

SIZE = 9_999
ID_BASE = 1_900_000_000_000_000_000  # user ids: ID_BASE + n
POST_ID_BASE = 1_600_000_000_000_000_000
POST_ID_SPAN = 2 * 10**12  # room for 400 posts' ids (seed.ID_STEP apart) per account
_USERNAME = re.compile(r"^crowd_(\d{4})$", re.IGNORECASE)
TOPICS = (
    "chart design",
    "editing workflows",
    "thumbnail tests",
    "posting schedules",
    "audience retention",
    "open-source AI",
    "browser engines",
    "remote work",
    "indie games",
    "home cooking",
    "city cycling",
    "film photography",
)
TAGS = ("dataviz", "buildinpublic", "creatortips", "tech", "indiedev", "photography", "cooking")


def username(n: int) -> str:
    return f"crowd_{n:04d}"


def account(n: int) -> Account | None:
    return _account(n) if 1 <= n <= SIZE else None


def by_username(text: str) -> Account | None:
    match = _USERNAME.match(text)
    return account(int(match.group(1))) if match else None


def by_id(user_id: str) -> Account | None:
    return account(int(user_id) - ID_BASE) if user_id.isdigit() else None


@lru_cache(maxsize=1024)
def _account(n: int) -> Account:
    rng = random.Random(f"x-sandbox-crowd:{n}")
    span_days = rng.randint(200, 900)
    return Account(
        username=username(n),
        id=str(ID_BASE + n),
        name=f"Crowd {n:04d}",
        description=f"Crowd account {n} for load benchmarks. Sandbox account: not a real person.",
        location="",
        joined_days_ago=span_days + rng.randint(30, 600),
        followers=int(300 * (2_000 / 300) ** rng.random()),  # log-uniform: many small, some bigger
        following=rng.randint(80, 900),
        listed=rng.randint(0, 25),
        likes=rng.randint(200, 6_000),
        media=rng.randint(5, 80),
        verified=False,
        post_count=rng.randint(150, 260),
        recent_posts=rng.randint(8, 30),
        span_days=span_days,
        topics=tuple(rng.sample(TOPICS, 4)),
        tags=tuple(rng.sample(TAGS, 3)),
        id_base=POST_ID_BASE + n * POST_ID_SPAN,
    )
