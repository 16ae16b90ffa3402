"""The subscriptions that tell a tracked channel's story: one conduit for the app, its shard pointed at
this app's /eventsub webhook, and per channel the types of providers/twitch/eventsub.py's WANTED.

Made at enrolment (a Twitch sign-in), checked and re-made at start-up, deleted at "Disconnect and
delete". What each channel has, lacks and lost (a revocation, and why) is kept in Redis, for the
dashboard to say.
"""

import json
import logging
from dataclasses import dataclass, field

import redis

from core.errors import NotAvailable, ProviderError
from providers.twitch.eventsub import WANTED, channel_of, condition
from providers.twitch.eventsub_api import AlreadySubscribed, EventSubApi

log = logging.getLogger(__name__)

REVOKED = {
    "authorization_revoked": "you removed this app's access on Twitch",
    "user_removed": "the Twitch account no longer exists",
    "version_removed": "Twitch retired the version of this event the app asked for",
    "notification_failures_exceeded": "this app did not answer Twitch in time too often",
}


@dataclass
class Enrolment:
    made: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # there already
    refused: list[str] = field(default_factory=list)  # the channel has not granted what they need


class Subscriptions:
    def __init__(self, api: EventSubApi, client: redis.Redis, key_prefix: str, callback: str, secret: str):
        self.api, self.client, self.prefix = api, client, key_prefix
        self.callback, self.secret = callback, secret

    def conduit(self) -> str:
        """The app's conduit, made (with one webhook shard pointed here) when there is none."""
        key = f"{self.prefix}eventsub:conduit"
        known = self.client.get(key)
        conduits = {c["id"] for c in self.api.conduits()}
        conduit_id = known.decode() if known and known.decode() in conduits else next(iter(sorted(conduits)), None)
        if conduit_id is None:
            conduit_id = self.api.create_conduit(1)["id"]
        shard = next((s for s in self.api.shards(conduit_id) if s["id"] == "0"), None)
        if not shard or shard["transport"].get("callback") != self.callback or shard["status"] != "enabled":
            self.api.point_shard(conduit_id, "0", self.callback, self.secret)
        self.client.set(key, conduit_id)
        return conduit_id

    def enrol(self, channel_id: str, existing: list[dict] | None = None) -> Enrolment:
        """Subscribe the channel to every wanted type it has granted; what exists stays."""
        conduit_id = self.conduit()
        have = existing if existing is not None else self.api.subscriptions(channel_id)
        have_keys = {(s["type"], json.dumps(s["condition"], sort_keys=True)) for s in have if s["status"] == "enabled"}
        enrolment = Enrolment()
        for wanted in WANTED:
            wanted_condition = condition(wanted, channel_id)
            name = f"{wanted.type} ({wanted.condition})" if wanted.type == "channel.raid" else wanted.type
            if (wanted.type, json.dumps(wanted_condition, sort_keys=True)) in have_keys:
                enrolment.kept.append(name)
                continue
            try:
                self.api.subscribe(wanted.type, wanted.version, wanted_condition, conduit_id)
                enrolment.made.append(name)
            except AlreadySubscribed:
                enrolment.kept.append(name)
            except NotAvailable:
                enrolment.refused.append(name)
        self.note_refused(channel_id, enrolment.refused)
        log.info(
            "EventSub: channel %s: %d subscribed, %d kept, %d not granted",
            channel_id,
            len(enrolment.made),
            len(enrolment.kept),
            len(enrolment.refused),
        )
        return enrolment

    def mend(self, channel_ids: list[str]) -> dict[str, Enrolment]:
        """At start-up: every tracked channel gets back what it lacks (one listing, then only the missing)."""
        every = self.api.subscriptions()
        by_channel: dict[str, list[dict]] = {}
        for sub in every:
            by_channel.setdefault(channel_of(sub) or "", []).append(sub)
        return {channel: self.enrol(channel, by_channel.get(channel, [])) for channel in channel_ids}

    def drop(self, channel_id: str) -> int:
        """Delete every subscription about the channel; returns how many went."""
        gone = 0
        for sub in self.api.subscriptions(channel_id):
            gone += self.api.unsubscribe(sub["id"])
        self.client.delete(self._status_key(channel_id))
        return gone

    def note_refused(self, channel_id: str, refused: list[str]) -> None:
        """What the channel has not granted, after a (re)subscription; earlier revocations are answered by it."""
        self._note(channel_id, {"refused": refused, "revoked": {}})

    def revoked(self, subscription: dict) -> None:
        """Twitch stopped a subscription: say which and why, for the channel's page."""
        channel = channel_of(subscription)
        if not channel:
            return
        status = self.status(channel)
        reason = REVOKED.get(subscription.get("status", ""), subscription.get("status", "unknown reason"))
        status.setdefault("revoked", {})[subscription.get("type", "?")] = reason
        self._note(channel, status)

    def status(self, channel_id: str) -> dict:
        raw = self.client.get(self._status_key(channel_id))
        return json.loads(raw) if raw else {}

    def _note(self, channel_id: str, status: dict) -> None:
        self.client.set(self._status_key(channel_id), json.dumps(status))

    def _status_key(self, channel_id: str) -> str:
        return f"{self.prefix}eventsub:status:{channel_id}"


def safely(action, what: str):
    """Run a subscriptions chore whose failure must not stop the caller (a sign-in, a start-up)."""
    try:
        return action()
    except (ProviderError, redis.RedisError) as error:
        log.warning("EventSub: %s failed: %s", what, error)
        return None
