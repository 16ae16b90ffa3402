"""The unavoidable chain of a first sync: the pages that must follow one another (each needs the cursor of the
one before), fetched back to back by the barest client there is: one kept-alive http.client connection, the
provider's auth header, a JSON parse to find the cursor, nothing else. No retries, no rate-limit reading, no
records, no store. What the sync takes beyond this is ours to cut.

Twitch: the channel's follower pages (/channels/followers). X: the user timeline's pages (public fields, as the
walk asks them); the private metrics' pages need no timeline cursor, so they are not part of the chain.
"""

import http.client
import json
import time
from urllib.parse import urlencode, urlsplit

from oauthlib.oauth1 import Client as OAuth1Signer


class _Connection:
    """GETs on one kept-alive connection to ``base``'s host."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.prefix = parts.path.rstrip("/")
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.base = f"{parts.scheme}://{parts.netloc}"

    def get(self, path: str, params: dict, headers: dict) -> dict:
        target = f"{self.prefix}/{path}?{urlencode(params)}"
        self.connection.request("GET", target, headers=headers)
        reply = self.connection.getresponse()
        body = reply.read()
        if reply.status != 200:
            raise RuntimeError(f"{path} answered {reply.status}")
        return json.loads(body)

    def close(self) -> None:
        self.connection.close()


def _walk(api_base: str, path: str, params: dict, headers_for, cursor_of, cursor_param: str, max_pages: int):
    """(seconds, pages) to follow ``path``'s cursor from page to page; ``headers_for(url)`` authorises each."""
    connection = _Connection(api_base)
    pages = 0
    started = time.perf_counter()
    while pages < max_pages:
        url = f"{connection.base}{connection.prefix}/{path}?{urlencode(params)}"
        body = connection.get(path, params, headers_for(url))
        pages += 1
        cursor = cursor_of(body)
        if not cursor:
            break
        params = {**params, cursor_param: cursor}
    took = time.perf_counter() - started
    connection.close()
    return took, pages


def twitch_followers(api_base: str, client_id: str, access_token: str, broadcaster_id: str) -> tuple[float, int]:
    """(seconds, pages) to walk every follower page of ``broadcaster_id``."""
    headers = {"Authorization": f"Bearer {access_token}", "Client-Id": client_id}
    params = {"broadcaster_id": broadcaster_id, "first": 100}
    cursor = lambda body: (body.get("pagination") or {}).get("cursor")  # noqa: E731
    return _walk(api_base, "channels/followers", params, lambda _url: headers, cursor, "after", 10**6)


def x_timeline(api_base: str, app, token: dict, user_id: str, fields: str, max_pages: int) -> tuple[float, int]:
    """(seconds, pages) to walk ``user_id``'s timeline with ``fields``, each request signed (OAuth 1.0a)."""
    signer = OAuth1Signer(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=token["oauth_token"],
        resource_owner_secret=token["oauth_token_secret"],
    )
    params = {"max_results": 100, "tweet.fields": fields}
    cursor = lambda body: (body.get("meta") or {}).get("next_token")  # noqa: E731
    return _walk(
        api_base,
        f"2/users/{user_id}/tweets",
        params,
        lambda url: signer.sign(url, "GET")[1],
        cursor,
        "pagination_token",
        max_pages,
    )
