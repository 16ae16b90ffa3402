"""A provider exchange captured where the app makes it, with its secrets cut, for the sign-in replay.

The OAuth sessions (providers/x/oauth.py, providers/twitch/oauth.py) carry ``observe`` as a requests
response hook. It does nothing unless a caller is ``observing`` in this thread: then each reply is handed
to the caller's observer, which keeps what ``exchange`` makes of it. Nothing captured holds a whole
secret: every parameter, header and reply field goes through providers/redaction.py first.
"""

import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import requests

from providers.redaction import SECRET_NAMES, redact, redact_authorization, redact_pairs

log = logging.getLogger(__name__)

Observer = Callable[[requests.Response], None]
_observer: ContextVar[Observer | None] = ContextVar("provider_exchange_observer", default=None)

# What a reader learns from; the rest (User-Agent, Accept-Encoding, Connection...) is the HTTP library's.
REQUEST_HEADERS = ("Authorization", "Content-Type", "Client-Id")
REPLY_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Ratelimit-Limit",
    "Ratelimit-Remaining",
    "Ratelimit-Reset",
    "x-rate-limit-limit",
    "x-rate-limit-remaining",
    "x-rate-limit-reset",
)
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # of a form answer; anything else is a page, not a form
MAX_FIELDS = 16  # of a reply: a profile answer has dozens, the token answers fewer than this


@contextmanager
def observing(observer: Observer | None) -> Iterator[None]:
    """Within this block, in this thread, hand every provider reply to ``observer`` (None: to nobody)."""
    token = _observer.set(observer)
    try:
        yield
    finally:
        _observer.reset(token)


def observe(response: requests.Response, *_args, **_kwargs) -> None:
    """requests' response hook: the observer in force sees the reply. A failure to record is logged, and
    never fails the sign-in or the refresh it watches."""
    observer = _observer.get()
    if observer is None:
        return
    try:
        observer(response)
    except Exception as error:  # noqa: BLE001 - the replay is a bonus; the exchange itself must go on
        log.warning("A sign-in step was not recorded: %s", type(error).__name__)


def exchange(response: requests.Response) -> dict:
    """The request as sent and the provider's answer, as plain JSON, every secret cut; ``ms`` is how long the
    provider took to answer (from sending the request to reading the answer's headers)."""
    request = response.request
    address = urlsplit(request.url)
    elapsed = response.elapsed.total_seconds()
    return {
        "method": request.method,
        "address": urlunsplit(address._replace(query="", fragment="")),
        "query": redact_pairs(parse_qsl(address.query, keep_blank_values=True)),
        "headers": _headers(request.headers, REQUEST_HEADERS),
        "form": redact_pairs(form_pairs(request)),
        "status": response.status_code,
        "reason": response.reason or "",
        "reply_headers": _headers(response.headers, REPLY_HEADERS),
        "reply": _reply_fields(response),
        "ms": round(elapsed * 1000, 1),
        "at": time.time() - elapsed,
    }


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _headers(headers, wanted: tuple[str, ...]) -> list[list[str]]:
    kept = []
    for name in wanted:
        if name in headers:
            value = _text(headers[name])
            kept.append([name, redact_authorization(value) if name == "Authorization" else value])
    return kept


def form_pairs(request: requests.PreparedRequest) -> list[tuple[str, str]]:
    """The (name, value) pairs of a form-encoded request body, as sent (none for any other body)."""
    if not request.body or "form-urlencoded" not in _text(request.headers.get("Content-Type", "")):
        return []
    return parse_qsl(_text(request.body), keep_blank_values=True)


def _reply_fields(response: requests.Response) -> list:
    """The answer's fields, flattened (``data[0].login``), secrets cut; a body that is neither JSON nor a
    form is described, never kept (an error page may hold anything)."""
    text = response.text
    try:
        return _flatten(json.loads(text), "", [])[:MAX_FIELDS]
    except ValueError:
        pass
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        pairs = []
    if pairs and all(FIELD_NAME.fullmatch(name) for name, _value in pairs):  # X's token answers: a form
        return redact_pairs(pairs)[:MAX_FIELDS]
    kind = response.headers.get("Content-Type", "no type").split(";")[0]
    return [["(body)", f"{len(response.content)} bytes of {kind}"]] if text else []


def _flatten(node, name: str, found: list) -> list:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, f"{name}.{key}" if name else str(key), found)
    elif isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
        for index, item in enumerate(node[:2]):  # a list of records: the first two show its shape
            _flatten(item, f"{name}[{index}]", found)
    else:
        last = name.rsplit(".", 1)[-1]
        if last in SECRET_NAMES and node:
            node = redact(str(node))
        found.append([name, node])
    return found
