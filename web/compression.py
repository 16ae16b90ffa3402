"""Compressed responses (Dash's ``compress=True``: Flask-Compress), with the script bundles compressed once.

Flask-Compress compresses every response as it leaves, the 1.5 MB plotly.js bundle included: on a
cold load a web process spent a few hundred milliseconds compressing the page's scripts again before
the browser could run any. The bundles Dash serves are fingerprinted (their address changes with
their content), so their compressed bytes are kept per process, per encoding; everything else
(layouts, callback replies) is compressed afresh.
"""

import threading

from flask import Flask, Request

DASH_BUNDLES = "/_dash-component-suites/"  # Dash's fingerprinted scripts: the same bytes until they change
_FRESH = "fresh:"  # the key of a response never kept


class BundleCache:
    """Compressed bundles by encoding and address; a few dozen per process, kept while it runs."""

    def __init__(self):
        self._kept: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        return None if key.endswith(_FRESH) else self._kept.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(_FRESH):
            with self._lock:
                self._kept[key] = value


def configure_compression(server: Flask, fingerprinted: tuple[str, ...] = (DASH_BUNDLES,)) -> None:
    """Settings Flask-Compress reads when Dash starts it (call before making the Dash app). Responses under
    the ``fingerprinted`` prefixes are compressed once: their addresses change with their content."""

    def key(request: Request) -> str:
        return request.full_path if request.path.startswith(fingerprinted) else _FRESH

    server.config.update(COMPRESS_CACHE_KEY=key, COMPRESS_CACHE_BACKEND=BundleCache)
