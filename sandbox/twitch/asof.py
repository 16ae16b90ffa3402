"""A channel as of a moment before the anchor (the sandbox's clock): what existed by then, grown how far.

generate.py builds what a channel holds at the anchor. As of an earlier moment ``at``, whatever was
created later does not exist yet (videos, clips, subscriptions, cheers, goals),
and view counts are the share of today's that an item of that age had gathered: views come fast
after publishing and ever slower after, so a count never falls as the clock moves on, and equals
today's from the anchor on. The follower list is followers.py's business (``followers.total``), and
who is live then is live.py's (``stream`` here is left empty).
"""

from functools import lru_cache

from . import followers, generate
from .generate import TIER_POINTS, Channel
from .seed import Account, by_login
from .timefmt import parse_rfc3339

DAY = 86_400
VIDEO_HALF_LIFE = 2 * DAY  # the age at which a video has half the views it will ever have
CLIP_HALF_LIFE = DAY  # clips are shared in the hours after the moment, and then mostly forgotten


def grown(count: int, born: int, anchor: int, at: int, half_life: int) -> int:
    """``count`` (as at the anchor) as it stood at ``at``, for an item that appeared at ``born``."""
    if at >= anchor:
        return count
    if at <= born:
        return 0
    young, full = at - born, anchor - born
    return int(count * (young / (young + half_life)) / (full / (full + half_life)))


def channel(account: Account, anchor: int, at: int) -> Channel:
    """``account``'s channel as of ``at``; the generated channel itself from the anchor on."""
    if at >= anchor:
        return generate.channel_data(account, anchor)
    return _as_of(account.login, anchor, at)


@lru_cache(maxsize=32)  # one clock's pages of one channel are asked for many times in a row
def _as_of(login: str, anchor: int, at: int) -> Channel:
    account = by_login(login)
    today = generate.channel_data(account, anchor)
    subscribed = [(sub, when) for sub, when in zip(today.subscriptions, today.subscribed_at) if when <= at]
    subscriptions = [sub for sub, _ in subscribed]
    points = sum(TIER_POINTS[sub["tier"]] for sub in subscriptions)
    clips = [_clip(clip, anchor, at) for clip in today.clips if clip["_at"] <= at]
    clips.sort(key=lambda clip: (-clip["view_count"], clip["id"]))
    amounts = {
        "follower": followers.total(account, anchor, at),
        "subscription": points,
        "subscription_count": len(subscriptions),
    }
    return Channel(
        videos=[_video(video, anchor, at) for video in today.videos if video["_at"] <= at],
        clips=clips,
        subscriptions=subscriptions,
        subscribed_at=[when for _, when in subscribed],
        points=points,
        cheers=[cheer for cheer in today.cheers if cheer[0] <= at],
        goals=[
            {**goal, "current_amount": amounts.get(goal["type"], goal["current_amount"])}
            for goal in today.goals
            if parse_rfc3339(goal["created_at"]) <= at
        ],
        stream=None,
    )


def _video(video: dict, anchor: int, at: int) -> dict:
    views = grown(video["view_count"], video["_at"], anchor, at, VIDEO_HALF_LIFE)
    age_days = (at - video["_at"]) / DAY
    return {**video, "view_count": views, "_trending": views / (age_days + 2) ** 1.5}


def _clip(clip: dict, anchor: int, at: int) -> dict:
    return {**clip, "view_count": grown(clip["view_count"], clip["_at"], anchor, at, CLIP_HALF_LIFE)}
