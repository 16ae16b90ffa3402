"""What one provider's page borrows from the other's: the creator's X posts, for the Twitch timeline.

Only for a person signed in to both in this browser session: that is what ties an X account to a
Twitch channel. Posts come from the X page's store (the same decoded records its panels use).
"""

from datetime import datetime

from callbacks.common import per_request
from callbacks.x import board as x_board
from web import accounts

TEXT_SHOWN = 120  # characters of a post shown on a Twitch chart's hover


def x_posts_of_this_person() -> list[tuple[datetime, str]]:
    """(time, text) of every stored X post of the X account signed in beside Twitch; [] when none is."""
    account = accounts.account("twitter")
    if account is None:
        return []
    records, _status = x_board.load(account.id, ["posts"])
    archive = records.get("posts")
    if not archive:
        return []
    return [(post.created_at, post.text[:TEXT_SHOWN]) for post in archive.posts if post.created_at is not None]


def x_posts_version() -> float | None:
    """When the X posts shown on Twitch charts were fetched: a kept Twitch panel showing them changes with it.
    Read once per request: seven Twitch panels are keyed by it."""
    return per_request("x posts version", _x_posts_version)


def _x_posts_version() -> float | None:
    account = accounts.account("twitter")
    status = x_board.status(account.id).get("posts") if account else None
    return status.fetched_at if status else None
