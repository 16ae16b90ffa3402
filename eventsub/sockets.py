"""The WebSocket transport's channels: a connection each (eventsub/websocket.py), subscribed on its welcome
with the channel's own user token, as Twitch requires of WebSocket subscriptions."""

import logging
import threading
from collections.abc import Callable

from core.errors import NotAvailable, ProviderError, SignInExpired
from eventsub.inbox import Inbox
from eventsub.intake import take_many
from eventsub.subscriptions import Subscriptions
from eventsub.websocket import GiveUp, SocketShard
from providers.twitch.eventsub import WANTED, condition
from providers.twitch.eventsub_api import AlreadySubscribed, EventSubApi

log = logging.getLogger(__name__)


class ChannelSockets:
    def __init__(self, api: EventSubApi, inbox: Inbox, subscriptions: Subscriptions, url: str):
        self.api, self.inbox, self.subscriptions, self.url = api, inbox, subscriptions, url
        self.shards: dict[str, SocketShard] = {}
        self._lock = threading.Lock()

    def open(self, channel_id: str, user_token: Callable[[], str]) -> SocketShard:
        """The channel's connection (a new one replaces the old: a new sign-in brings a new token)."""
        shard = SocketShard(
            self.url,
            lambda session_id: self._subscribe(channel_id, session_id, user_token, shard),
            lambda messages: take_many(self.inbox, self.subscriptions, messages),
            name=f"eventsub-socket-{channel_id}",
        )
        with self._lock:
            old, self.shards[channel_id] = self.shards.get(channel_id), shard
        if old:
            old.stop(wait=False)  # a sign-in does not wait for the old connection's goodbye
        return shard.start()

    def keep(self, channels: list[str], user_token: Callable[[str], Callable[[], str]]) -> tuple[list[str], list[str]]:
        """A connection for each of ``channels`` that has none, and none for any other (a channel deleted
        elsewhere); returns (opened, closed)."""
        with self._lock:
            missing = [channel for channel in channels if channel not in self.shards]
            gone = [channel for channel in self.shards if channel not in channels]
        for channel in missing:
            self.open(channel, user_token(channel))
        for channel in gone:
            self.close(channel)
        return missing, gone

    def close(self, channel_id: str, wait: bool = True) -> None:
        with self._lock:
            shard = self.shards.pop(channel_id, None)
        if shard:
            shard.stop(wait)

    def _subscribe(self, channel_id: str, session_id: str, user_token: Callable[[], str], shard: SocketShard) -> None:
        try:
            token = user_token()
        except SignInExpired as expired:  # the channel is heard again once it signs in again
            with self._lock:
                if self.shards.get(channel_id) is shard:
                    del self.shards[channel_id]
            raise GiveUp(f"channel {channel_id}: {expired}") from expired
        refused = []
        for wanted in WANTED:
            try:
                self.api.subscribe_socket(wanted.type, wanted.version, condition(wanted, channel_id), session_id, token)
            except AlreadySubscribed:
                pass
            except NotAvailable:
                refused.append(wanted.type)
            except ProviderError as error:
                log.warning("EventSub socket: subscribing %s failed: %s", wanted.type, error)
        self.subscriptions.note_refused(channel_id, refused)
