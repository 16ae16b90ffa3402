"""A channel's followers, computed by arithmetic instead of stored, so 50,000 of them cost nothing.

Follower ``k`` (0 = the first ever, ``total - 1`` = the newest) is pool viewer
``(offset + k * STRIDE) % POOL``; the pool size is prime, so followers never repeat. Follow dates
trace an exponential growth curve across ``follower_years`` up to the anchor: few early on,
more every month, the way real channels grow. As of a moment before the anchor (the sandbox's
clock), the channel has only the followers who had arrived by then: the first ``total`` of them.
"""

import math
from bisect import bisect_right

from . import people
from .seed import Account
from .timefmt import rfc3339

STRIDE = 7_654_321
_INVERSE_STRIDE = pow(STRIDE, -1, people.POOL)
YEAR = 365 * 86_400


def _offset(account: Account) -> int:
    return account.number * 104_729


def follower_number(account: Account, k: int) -> int:
    return (_offset(account) + k * STRIDE) % people.POOL


def followed_at(account: Account, k: int, anchor: int) -> int:
    """Inverse of the growth curve's cumulative share: the moment the (k+1)-th follower arrived."""
    share = (k + 0.5) / account.followers
    growth = account.follower_growth
    position = math.log1p(share * math.expm1(growth)) / growth if growth else share
    return anchor - int(account.follower_years * YEAR * (1 - position))


def total(account: Account, anchor: int, at: int) -> int:
    """How many followers the channel had at ``at``: those with followed_at <= at (follow dates rise with k)."""
    if at >= anchor:
        return account.followers
    return bisect_right(range(account.followers), at, key=lambda k: followed_at(account, k, anchor))


def follower(account: Account, k: int, anchor: int) -> dict:
    return {"followed_at": rfc3339(followed_at(account, k, anchor)), **people.viewer_ref(follower_number(account, k))}


def newest_first(account: Account, start: int, stop: int, anchor: int, count: int | None = None) -> list[dict]:
    """Followers at positions ``start``..``stop - 1`` of the newest-first list of the first ``count``."""
    newest = (account.followers if count is None else count) - 1
    return [follower(account, newest - position, anchor) for position in range(start, stop)]


def find(account: Account, user_id: str, count: int | None = None) -> int | None:
    """``k`` of the follower with this user id, or None when they are not among the first ``count``."""
    n = people.viewer_number(user_id)
    if n is None:
        return None
    k = (n - _offset(account)) * _INVERSE_STRIDE % people.POOL
    return k if k < (account.followers if count is None else count) else None
