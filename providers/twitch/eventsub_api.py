"""Helix's EventSub endpoints, called with the app's own access token (client-credentials grant): conduits,
their shards, and subscriptions. Where they are is the app's ``api_base``: configuration, never a request's.
"""

import logging
import threading
import time

import requests

from core.errors import NotAvailable, ProviderUnavailable
from providers.http import new_session
from providers.twitch import TwitchApp, oauth

log = logging.getLogger(__name__)

PROVIDER = "twitch"
TIMEOUT = (3.05, 10)
_http = new_session()


class AlreadySubscribed(Exception):
    """Twitch's 409: the same subscription exists."""


class EventSubApi:
    def __init__(self, app: TwitchApp):
        self.app = app
        self._token: dict | None = None
        self._lock = threading.Lock()

    def _access(self, renew: bool = False) -> str:
        with self._lock:
            if renew or not self._token or self._token["expires_at"] - time.time() < 300:
                self._token = oauth.app_access_token(self.app)
            return self._token["access_token"]

    def _call(
        self,
        method: str,
        path: str,
        params: dict | None = None,
        body: dict | None = None,
        user_token: str | None = None,
    ) -> requests.Response:
        """One call with the app's token (renewed once when Twitch no longer takes it), or a user's token."""
        for renew in (False, True) if user_token is None else (False,):
            access = user_token or self._access(renew)
            headers = {"Authorization": f"Bearer {access}", "Client-Id": self.app.client_id}
            try:
                reply = _http.request(
                    method, f"{self.app.api_base}/{path}", params=params, json=body, headers=headers, timeout=TIMEOUT
                )
            except requests.RequestException as error:
                raise ProviderUnavailable(PROVIDER, "Twitch's EventSub API did not answer") from error
            if reply.status_code != 401:
                break
        if reply.status_code >= 500 or reply.status_code in (401, 429):
            raise ProviderUnavailable(PROVIDER, f"Twitch's EventSub API answered {reply.status_code}")
        return reply

    @staticmethod
    def _data(reply: requests.Response) -> list[dict]:
        if reply.status_code not in (200, 202):
            raise NotAvailable(PROVIDER, f"Twitch refused ({reply.status_code}): {_message(reply)}")
        try:
            return list(reply.json().get("data") or [])
        except (ValueError, AttributeError) as error:
            raise ProviderUnavailable(PROVIDER, "Twitch's EventSub reply was not understood") from error

    # Conduits ----------------------------------------------------------------------------------------

    def conduits(self) -> list[dict]:
        return self._data(self._call("GET", "eventsub/conduits"))

    def create_conduit(self, shard_count: int = 1) -> dict:
        return self._data(self._call("POST", "eventsub/conduits", body={"shard_count": shard_count}))[0]

    def shards(self, conduit_id: str) -> list[dict]:
        return self._data(self._call("GET", "eventsub/conduits/shards", {"conduit_id": conduit_id}))

    def point_shard(self, conduit_id: str, shard_id: str, callback: str, secret: str) -> dict:
        """Send shard ``shard_id``'s notifications to the webhook ``callback`` (Twitch challenges it first)."""
        transport = {"method": "webhook", "callback": callback, "secret": secret}
        reply = self._call(
            "PATCH",
            "eventsub/conduits/shards",
            body={"conduit_id": conduit_id, "shards": [{"id": shard_id, "transport": transport}]},
        )
        done = self._data(reply)
        if not done:
            errors = (reply.json().get("errors") or [{}]) if reply.content else [{}]
            raise NotAvailable(
                PROVIDER, f"Twitch did not take the shard: {errors[0].get('message', 'no reason given')}"
            )
        return done[0]

    # Subscriptions -------------------------------------------------------------------------------------

    def subscribe(self, kind: str, version: str, condition: dict, conduit_id: str) -> dict:
        """The new subscription; AlreadySubscribed on 409, NotAvailable when the channel did not authorize it."""
        body = {
            "type": kind,
            "version": version,
            "condition": condition,
            "transport": {"method": "conduit", "conduit_id": conduit_id},
        }
        reply = self._call("POST", "eventsub/subscriptions", body=body)
        if reply.status_code == 409:
            raise AlreadySubscribed(kind)
        return self._data(reply)[0]

    def subscribe_socket(self, kind: str, version: str, condition: dict, session_id: str, user_token: str) -> dict:
        """A subscription on a WebSocket session, made with the user's own token (as Twitch requires)."""
        body = {
            "type": kind,
            "version": version,
            "condition": condition,
            "transport": {"method": "websocket", "session_id": session_id},
        }
        reply = self._call("POST", "eventsub/subscriptions", body=body, user_token=user_token)
        if reply.status_code == 409:
            raise AlreadySubscribed(kind)
        return self._data(reply)[0]

    def subscriptions(self, user_id: str | None = None) -> list[dict]:
        """Every subscription of this app (about ``user_id`` only, when given), walking the pages."""
        found, params = [], {"user_id": user_id} if user_id else {}
        while True:
            reply = self._call("GET", "eventsub/subscriptions", params)
            found += self._data(reply)
            cursor = (reply.json().get("pagination") or {}).get("cursor")
            if not cursor:
                return found
            params = {**params, "after": cursor}

    def unsubscribe(self, subscription_id: str) -> bool:
        """False when Twitch no longer had it."""
        reply = self._call("DELETE", "eventsub/subscriptions", {"id": subscription_id})
        if reply.status_code not in (204, 404):
            raise NotAvailable(PROVIDER, f"Twitch refused to delete a subscription ({reply.status_code})")
        return reply.status_code == 204


def _message(reply: requests.Response) -> str:
    try:
        return str(reply.json().get("message", ""))[:200]
    except ValueError:
        return ""
