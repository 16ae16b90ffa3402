"""What the sandbox's X posts carry: photos, a video, a GIF or a poll, and how X serves them (the
``attachments`` field, and the ``includes.media`` / ``includes.polls`` the expansions ask for).

Chosen per post by a generator seeded with its id, so every process agrees. Posts with media are
engaged with more (MEDIA_LIFT), as on X; a video's playback quartiles (its non-public metrics) are
served, like a post's, for its first 30 days only.
"""

import random
from dataclasses import replace
from datetime import timedelta

# (share of originals and quotes, engagement lift) per kind of attachment; the rest are text alone.
KINDS = (("poll", 0.05, 1.2), ("photo", 0.25, 1.35), ("video", 0.12, 1.7), ("animated_gif", 0.05, 1.1))
ENGAGEMENTS = ("like_count", "reply_count", "retweet_count", "quote_count", "bookmark_count")
MEDIA_FIELDS = frozenset(
    (
        "alt_text",
        "duration_ms",
        "height",
        "media_key",
        "non_public_metrics",
        "organic_metrics",
        "preview_image_url",
        "promoted_metrics",
        "public_metrics",
        "type",
        "url",
        "variants",
        "width",
    )
)
PRIVATE_MEDIA_FIELDS = ("non_public_metrics", "organic_metrics")
POLL_FIELDS = frozenset(("duration_minutes", "end_datetime", "id", "options", "voting_status"))
POLL_OPTIONS = ("Yes", "No", "Show me the data")


def attached(post):
    """``post`` with what it carries, and the engagement that brings; replies and reposts carry nothing."""
    if post.kind not in ("original", "quote"):
        return post
    rng = random.Random(f"sandbox-x-media:{post.id}")
    roll, kind, lift = rng.random(), None, 1.0
    for name, share, gain in KINDS:
        if roll < share:
            kind, lift = name, gain
            break
        roll -= share
    if kind is None:
        return post
    public = {k: int(v * lift) if k in ENGAGEMENTS else v for k, v in post.public_metrics.items()}
    organic = {k: int(v * lift) if k in ENGAGEMENTS else v for k, v in post.organic_metrics.items()}
    seen = post.non_public_metrics.get("impression_count", 0)
    if kind == "poll":
        votes = [int(seen * rng.uniform(0.002, 0.02)) for _ in POLL_OPTIONS]
        poll = {
            "id": str(int(post.id) + 1),
            "options": [
                {"position": n, "label": label, "votes": v} for n, (label, v) in enumerate(zip(POLL_OPTIONS, votes), 1)
            ],
            "duration_minutes": 1440,
            "end_datetime": (post.created_at + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "voting_status": "closed",
        }
        return replace(post, poll=poll, public_metrics=public, organic_metrics=organic)
    if kind == "photo":
        media = tuple(
            {
                "media_key": f"3_{post.id}{n}",
                "type": "photo",
                "width": 1200,
                "height": 675,
                "url": f"https://pbs.twimg.com/media/sandbox_{post.id}_{n}.jpg",
            }
            for n in range(rng.randint(1, 4))
        )
    else:
        views = int(seen * rng.uniform(0.2, 0.6))
        media = (
            {
                "media_key": f"{7 if kind == 'video' else 16}_{post.id}",
                "type": kind,
                "width": 1280,
                "height": 720,
                "duration_ms": rng.randint(6, 180) * 1000 if kind == "video" else None,
                "public_metrics": {"view_count": views},
                "playback": _quartiles(views, rng),
            },
        )
    return replace(post, media=media, public_metrics=public, organic_metrics=organic)


def _quartiles(views: int, rng: random.Random) -> dict:
    """How many viewers made it through 0, 25, 50, 75 and 100 % of it: fewer at every step."""
    counts, left = {}, views
    for part in (0, 25, 50, 75, 100):
        counts[f"playback_{part}_count"] = left
        left = int(left * rng.uniform(0.45, 0.8))
    return counts


def attachments(post) -> dict | None:
    """The post's ``attachments`` field: the keys of its media and the ids of its poll."""
    found = {}
    if post.media:
        found["media_keys"] = [item["media_key"] for item in post.media]
    if post.poll:
        found["poll_ids"] = [post.poll["id"]]
    return found or None


def media_objects(post, fields: set[str], private_served: bool) -> list[dict]:
    """The post's media as ``includes.media`` holds them, with the fields asked for (key and type always)."""
    shown = []
    for item in post.media:
        medium = {"media_key": item["media_key"], "type": item["type"]}
        for field in fields - {"media_key", "type"}:
            if field in PRIVATE_MEDIA_FIELDS:
                if private_served and "playback" in item:
                    medium[field] = dict(
                        item["playback"],
                        **({"view_count": item["public_metrics"]["view_count"]} if field == "organic_metrics" else {}),
                    )
            elif item.get(field) is not None:
                medium[field] = item[field]
        shown.append(medium)
    return shown


def poll_object(post, fields: set[str]) -> dict | None:
    if not post.poll:
        return None
    return {
        "id": post.poll["id"],
        "options": post.poll["options"],
        **{f: post.poll[f] for f in fields if f in post.poll and f not in ("id", "options")},
    }
