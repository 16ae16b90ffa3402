"""Twitch's other users: a large fixed pool of viewers, computed from their number and never stored.

Followers, subscribers, gifters, cheerers and clip creators are all drawn from this pool, so that
``/helix/users`` can answer for any of them without the sandbox keeping 50,000 records around.
"""

import re

VIEWER_BASE = 700_000_000
POOL = 1_000_003  # prime, so any stride walks the whole pool without repeats

ADJECTIVES = (
    "sleepy",
    "brave",
    "lucky",
    "quiet",
    "rapid",
    "cosmic",
    "fuzzy",
    "golden",
    "hidden",
    "jolly",
    "mellow",
    "nimble",
    "odd",
    "pixel",
    "rusty",
    "salty",
    "tiny",
    "witty",
    "zesty",
    "frosty",
    "gentle",
    "happy",
    "lazy",
    "mighty",
    "noisy",
    "proud",
    "silly",
    "sunny",
    "wild",
    "dusty",
)
NOUNS = (
    "otter",
    "panda",
    "falcon",
    "comet",
    "goblin",
    "wizard",
    "turtle",
    "ninja",
    "pirate",
    "robot",
    "badger",
    "koala",
    "dragon",
    "potato",
    "waffle",
    "cactus",
    "llama",
    "moose",
    "raven",
    "tiger",
    "walrus",
    "yeti",
    "ferret",
    "gecko",
    "heron",
    "lemur",
    "narwhal",
    "pigeon",
    "squid",
    "beaver",
)
_LOGIN = re.compile(r"^[a-z]+_(\d{1,7})$")


def viewer_id(n: int) -> str:
    return str(VIEWER_BASE + n)


def viewer_number(user_id: str) -> int | None:
    """The pool number behind a viewer's id, or None when the id is not a viewer's."""
    if not user_id.isdigit():
        return None
    n = int(user_id) - VIEWER_BASE
    return n if 0 <= n < POOL else None


def _words(n: int) -> tuple[str, str]:
    return ADJECTIVES[n % len(ADJECTIVES)], NOUNS[(n // len(ADJECTIVES)) % len(NOUNS)]


def viewer_login(n: int) -> str:
    adjective, noun = _words(n)
    return f"{adjective}{noun}_{n}"


def viewer_name(n: int) -> str:
    """Display name: Twitch only lets it differ from the login in letter case."""
    adjective, noun = _words(n)
    return f"{adjective.capitalize()}{noun.capitalize()}_{n}"


def viewer_by_login(login: str) -> int | None:
    match = _LOGIN.match(login.lower())
    if not match:
        return None
    n = int(match.group(1))
    return n if n < POOL and viewer_login(n) == login.lower() else None


def viewer_created_at(n: int, anchor: int) -> int:
    """Account creation: spread over the ten years before ``anchor``, fixed per viewer."""
    ten_years = 10 * 365 * 86_400
    return anchor - ten_years + (n * 7_919_993) % (ten_years - 86_400 * 30)


def viewer_ref(n: int, prefix: str = "user") -> dict:
    """The ``<prefix>_id``, ``<prefix>_login``, ``<prefix>_name`` triple Helix puts on every item."""
    return {f"{prefix}_id": viewer_id(n), f"{prefix}_login": viewer_login(n), f"{prefix}_name": viewer_name(n)}
