"""CSV rows of the /twitch panels."""

from collections.abc import Iterable
from datetime import UTC, datetime

from dashboard.figures import twitch as figures
from dashboard.figures.common import in_window
from providers.twitch.records import Follower


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()


def follower_rows(followers: Iterable[Follower], span) -> list[dict]:
    """The followers who followed inside the window, newest first, as Twitch lists them."""
    return [
        {"followed_at": _iso(f.followed_at), "user_id": f.user_id, "login": f.login}
        for f in followers
        if in_window(f.followed_at, span)
    ]


def subscriber_rows(s) -> list[dict]:
    return (
        []
        if s is None
        else [
            {
                "total": s.total,
                "points": s.points,
                "tier_1": s.tiers[0],
                "tier_2": s.tiers[1],
                "tier_3": s.tiers[2],
                "gifted": s.gifted,
                "paid": s.paid,
                # Tiers and gifts of a walk still under way (or cut short) cover only the subscribers counted.
                "counted": s.total if s.complete else s.counted,
            }
        ]
    )


def bits_rows(boards) -> list[dict]:
    return (
        []
        if boards is None
        else [
            {"period": period, "rank": c.rank, "user_name": c.user_name, "score": c.score}
            for period, board in boards.boards.items()
            for c in board
        ]
    )


def video_rows(videos, span) -> list[dict]:
    return [
        {
            "id": v.id,
            "type": v.type,
            "created_at": _iso(v.created_at),
            "title": v.title,
            "duration_seconds": v.duration,
            "view_count": v.view_count,
            "url": v.url,
        }
        for v in videos or []
        if in_window(v.created_at, span)
    ]


def stream_hour_rows(videos, span) -> list[dict]:
    grid = figures.stream_hours(videos or [], span)
    return [
        {"weekday": figures.WEEKDAYS[d], "hour_utc": h, "hours_streamed": round(grid[d][h], 3)}
        for d in range(7)
        for h in range(24)
    ]


def clip_rows(clips, span) -> list[dict]:
    return [
        {
            "id": c.id,
            "created_at": _iso(c.created_at),
            "title": c.title,
            "creator": c.creator_name,
            "view_count": c.view_count,
            "url": c.url,
        }
        for c in clips or []
        if in_window(c.created_at, span)
    ]


def goal_rows(goals) -> list[dict]:
    return [
        {"type": g.type, "description": g.description, "current": g.current, "target": g.target} for g in goals or []
    ]
