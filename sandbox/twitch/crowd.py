"""A crowd of typical Twitch channels for load benchmarks: ``crowd_0001`` to ``crowd_9999``.

Each is a small affiliate-sized channel (a few hundred to two thousand followers, some VODs and
clips) whose every number comes from a generator seeded with its number, so nothing is stored and
an unused one costs nothing. They sign in through the consent page like the named accounts (the
form's ``account`` field names the login) and are served by the same generators.
"""

import random
import re
from functools import lru_cache

from .seed import GAMES, Account, Slot

SIZE = 9_999
NUMBER_BASE = 1_000  # crowd account n carries number NUMBER_BASE + n in its generated ids
ID_BASE = 650_000_000  # below the viewers' ids (people.VIEWER_BASE), above the named accounts'
_LOGIN = re.compile(r"^crowd_(\d{4})$")
_HOOKS = ("with chat", "chill run", "ranked", "first look", "late night", "community games")
_TAGS = ("Chill", "Competitive", "Cozy", "Funny", "Educational", "Speedrun")


def login(n: int) -> str:
    return f"crowd_{n:04d}"


def account(n: int) -> Account | None:
    return _account(n) if 1 <= n <= SIZE else None


def by_login(text: str) -> Account | None:
    match = _LOGIN.match(text.lower())
    return account(int(match.group(1))) if match else None


def by_id(user_id: str) -> Account | None:
    return account(int(user_id) - ID_BASE) if user_id.isdigit() else None


def by_number(number: int) -> Account | None:
    return account(number - NUMBER_BASE)


@lru_cache(maxsize=1024)
def _account(n: int) -> Account:
    rng = random.Random(f"twitch-sandbox-crowd:{n}")
    affiliate = rng.random() < 0.85
    games = tuple(rng.sample(sorted(GAMES), 3))
    follower_years = round(rng.uniform(0.5, 3.0), 2)
    return Account(
        number=NUMBER_BASE + n,
        id=str(ID_BASE + n),
        login=login(n),
        display_name=f"Crowd_{n:04d}",
        broadcaster_type="affiliate" if affiliate else "",
        description=f"Crowd channel {n} for load benchmarks. Sandbox account: not a real channel.",
        created_days_ago=int(follower_years * 365) + rng.randint(30, 400),
        language="en",
        game_id=games[0],
        title=f"{GAMES[games[0]]} {rng.choice(_HOOKS)}",
        tags=("English", rng.choice(_TAGS)),
        delay=0,
        followers=int(300 * (2_000 / 300) ** rng.random()),  # log-uniform: many small, some bigger
        follower_years=follower_years,
        follower_growth=rng.uniform(0.6, 2.0),
        archives=rng.randint(12, 60),
        highlights=rng.randint(0, 6),
        uploads=rng.randint(0, 3),
        clips=rng.randint(20, 150),
        subscriptions=rng.randint(4, 40) if affiliate else 0,
        cheerers=rng.randint(0, 15) if affiliate else 0,
        live_viewers=0,
        schedule=tuple(
            Slot(day, rng.choice((16, 18, 19, 20)), rng.choice((120, 180, 240)), f"{GAMES[game]} night", game)
            for day, game in zip(sorted(rng.sample(range(7), rng.randint(2, 4))), games * 2)
        ),
        games=games,
    )
