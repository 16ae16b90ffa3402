"""The history demo's streams, told whole: what the sandbox's EventSub sent about each sandbox channel over
the demo's days, read with the webhook's own reader and folded as the folder folds.

Past messages are never sent again (EventSub's 10-minute window), so the demo asks the sandbox for
the story instead (``GET /sandbox/twitch/_eventsub/story``), a day at a time. Each message's id is its
happening's key, so running the demo twice counts nothing twice. A channel whose chat is too busy
to fill in seconds (the megastream's, some 7 million messages) is told live only.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import requests

from eventsub.fold import Folded, fold
from providers.twitch import eventsub as protocol
from sync.runtime import Runtime
from sync.upstreams import twitch_app

log = logging.getLogger(__name__)

TIMEOUT = 60
BATCH = 2_000
MOST_A_DAY = 12_000  # happenings: a busier channel-day is not filled


@dataclass
class Backfill:
    folded: Folded = field(default_factory=Folded)
    too_busy: set[str] = field(default_factory=set)


def fill_stories(runtime: Runtime, channel_ids: list[str], start: datetime, end: datetime) -> Backfill:
    """Fold what the sandbox's EventSub told of each channel between ``start`` and ``end``."""
    story_url = twitch_app(runtime.config).api_base.removesuffix("/helix") + "/_eventsub/story"
    result = Backfill()
    http = requests.Session()
    for channel in channel_ids:
        day = start
        while day < end and channel not in result.too_busy:
            until = min(day + timedelta(days=1), end)
            params = {"broadcaster_user_id": channel, "from": day.timestamp(), "to": until.timestamp()}
            reply = http.get(story_url, params={**params, "most": MOST_A_DAY}, timeout=TIMEOUT)
            reply.raise_for_status()
            body = reply.json()
            if body.get("too_busy"):
                result.too_busy.add(channel)
                log.info(
                    "History demo: channel %s's chat is too busy to fill; its live streams are told as they happen",
                    channel,
                )
                break
            _fold(runtime, body["told"], result.folded)
            day += timedelta(days=1)
    return result


def _fold(runtime: Runtime, told: list[dict], total: Folded) -> None:
    batch = []
    for item in told:
        record = protocol.read(item["subscription"], item["event"], item["at"])
        if record is not None:
            batch.append((f"backfill:{item['key']}", record))
    for start in range(0, len(batch), BATCH):
        with runtime.archive.sessions.begin() as session:
            done = fold(session, batch[start : start + BATCH], runtime.redis, runtime.key)
        for name in ("events", "chat", "repeated", "untracked"):
            setattr(total, name, getattr(total, name) + getattr(done, name))
