"""Compressed responses (Dash's ``compress=True``: Flask-Compress), with the script bundles compressed once.

Flask-Compress compresses every response as it leaves, the 1.5 MB plotly.js bundle included: on a
cold load a web process spent a few hundred milliseconds compressing the page's scripts again before
the browser could run any. The bundles Dash serves are fingerprinted (their address changes with
their content), so their compressed bytes are kept per process, per encoding; everything else
(layouts, callback replies) is compressed afresh.

The cache is bounded: Dash answers a bundle's address with any fingerprint and any query string, so
a client could otherwise fill a process's memory with copies of one bundle under made-up addresses.
"""

import threading
from collections import OrderedDict

from flask import Flask, Request

DASH_BUNDLES = "/_dash-component-suites/"  # Dash's fingerprinted scripts: the same bytes until they change
_FRESH = "fresh:"  # the key of a response never kept


KEPT_BYTES = 16 * 1024 * 1024  # a page's bundles in three encodings take about 3 MB


class BundleCache:
    """Compressed bundles by encoding and address, the least recently used dropped past ``limit`` bytes."""

    def __init__(self, limit: int = KEPT_BYTES):
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._bytes, self._limit = 0, limit
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        if key.endswith(_FRESH):
            return None
        with self._lock:
            value = self._kept.get(key)
            if value is not None:
                self._kept.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(_FRESH) or len(value) > self._limit:
            return
        with self._lock:
            previous = self._kept.pop(key, None)
            self._bytes += len(value) - (len(previous) if previous is not None else 0)
            self._kept[key] = value
            while self._bytes > self._limit:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped)


def configure_compression(server: Flask, fingerprinted: tuple[str, ...]) -> None:
    """Settings Flask-Compress reads when Dash starts it (call before making the Dash app). Responses under
    the ``fingerprinted`` prefixes are compressed once: their addresses change with their content."""

    def key(request: Request) -> str:
        return request.path if request.path.startswith(fingerprinted) else _FRESH  # a query changes nothing sent

    server.config.update(COMPRESS_CACHE_KEY=key, COMPRESS_CACHE_BACKEND=BundleCache)
