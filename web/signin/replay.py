"""A sign-in written down as it happens, step by step, for the page "How your sign-in worked".

A sign-in spans two browser requests: /login/<provider> and, after the provider's consent page,
/callback/<provider>. The first one's steps travel in the pending sign-in (sealed in the session's vault)
to the second, which adds its own and keeps the whole as the account's latest sign-in
(sync/cache/signin_replays.py). Each provider exchange is captured where the app makes it
(providers/recording.py); the redirects, the browser's return and the app's own checks are written here.
Every value is cut of its secrets before it is kept anywhere, the pending sign-in included.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import redis
import requests
from flask import current_app, request

from providers.recording import exchange, observing
from providers.redaction import redact_known, redact_pairs
from providers.x import signature
from sync.cache.signin_replays import save_sign_in
from web.signin.common import public_base

log = logging.getLogger(__name__)


class Replay:
    """The steps of one sign-in so far, each a plain JSON dict with its ``kind`` (the page explains each kind)."""

    def __init__(self, steps: list[dict] | None = None):
        self.steps = list(steps or [])
        self._began = time.perf_counter()  # this browser request's arrival, for the app's own answer time

    def add(self, kind: str, **fields) -> dict:
        step = {"kind": kind, "at": time.time(), **fields}
        self.steps.append(step)
        return step

    @contextmanager
    def exchanges(self, kind: str, signed_with: tuple[str, str] | None = None) -> Iterator[None]:
        """Each provider exchange in this block becomes a ``kind`` step; ``signed_with`` (OAuth 1.0a's consumer
        and token secrets) adds its signature taken apart."""

        def record(response: requests.Response) -> None:
            step = {"kind": kind, **exchange(response)}
            explained = signature.explain(response.request, *signed_with) if signed_with else None
            if explained:
                step["signature"] = explained
            self.steps.append(step)

        with observing(record):
            yield

    def redirected(self, kind: str, location: str, **fields) -> None:
        """This browser request answered with a redirect to ``location``: the request, the answer and how long
        the app took to give it (the provider calls made meanwhile included)."""
        to = urlsplit(location)
        self.add(
            kind,
            method=request.method,
            address=public_base() + request.path,
            query=redact_pairs(request.args.items(multi=True)),
            status=302,
            reason="Found",
            location={
                "address": urlunsplit(to._replace(query="", fragment="")),
                "query": redact_pairs(parse_qsl(to.query, keep_blank_values=True)),
            },
            ms=self._since_arrival(),
            **fields,
        )

    def returned(self, kind: str, **fields) -> None:
        """The browser came back from the provider: first the time it spent there, then the callback it carried."""
        left = next((step for step in reversed(self.steps) if "location" in step), None)
        if left is not None:
            self.add("consent", ms=round((time.time() - left["at"]) * 1000, 1))
        self.add(
            kind,
            method=request.method,
            address=public_base() + request.path,
            query=redact_pairs(request.args.items(multi=True)),
            **fields,
        )

    def timed(self, kind: str, began: float, **fields) -> None:
        """A step inside the app (making or checking ``state``), which took since ``began`` (perf_counter)."""
        self.add(kind, ms=round((time.perf_counter() - began) * 1000, 3), **fields)

    def _since_arrival(self) -> float:
        return round((time.perf_counter() - self._began) * 1000, 1)

    def keep(self, provider: str, account, secrets: list[str]) -> None:
        """Keep the finished sign-in as ``account``'s latest; ``secrets`` (every whole secret this sign-in
        handled) are cut wherever they might still appear. A failure costs the replay only, never the sign-in."""
        replay = {
            "provider": provider,
            "account": {"username": account.username, "name": account.name, "sandbox": account.sandbox},
            "at": self.steps[0]["at"] if self.steps else time.time(),
            "steps": self.steps,
        }
        runtime = current_app.extensions["runtime"]
        try:
            save_sign_in(runtime.redis, runtime.key, provider, account.id, redact_known(replay, secrets))
        except (redis.RedisError, TypeError, ValueError) as error:  # Redis away, or a value JSON cannot write
            log.warning("%s sign-in replay not kept: %s", provider, type(error).__name__)
