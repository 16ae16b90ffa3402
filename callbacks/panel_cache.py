"""Rendered panels kept per process, so that a page view on unchanged data builds no figure.

Kept here, in this process, not in Redis: a hit then costs no round trip and no decoding, and
rendered panels add nothing to the Redis every account's data lives in. Each web process renders a
panel once per sync, which is cheap (a few web processes, one sync every quarter of an hour at
most). A panel is keyed by what it is drawn from: the provider, the panel, the account, the data's
version (when each of its datasets was fetched: a new sync changes it), the date range and the
panel's options. Old versions are never looked up again and fall out oldest first; the bound is on
the panels' JSON size, so a few big panels cannot grow the process without limit.

A panel is kept as the JSON Dash sends, in orjson fragments: a page made of kept panels is written
out by copying their text (Dash encodes with orjson when it is installed), never decoding and
encoding a figure again. Fragments cannot be changed, so no caller can change what another will get.
A list or tuple of parts (a body of several components, the profile with its cards) keeps one
fragment per part, so that Dash still sees the parts.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable

import orjson
import plotly.io.json

BOUND_BYTES = 32 * 2**20  # per process: a few hundred heavy panels


def encoded(drawing) -> tuple[object, int]:
    """(``drawing`` as fragments of its JSON, one per part of a list or tuple, None staying None; their bytes)."""
    if drawing is None:
        return None, 0
    if isinstance(drawing, list | tuple):
        parts = [encoded(part) for part in drawing]
        return type(drawing)(part for part, _ in parts), sum(size for _, size in parts)
    text = plotly.io.json.to_json_plotly(drawing)
    return orjson.Fragment(text), len(text)


class PanelCache:
    def __init__(self, bound_bytes: int = BOUND_BYTES):
        self.bound_bytes = bound_bytes
        self.size = 0
        self._kept: OrderedDict[tuple, tuple[object, int]] = OrderedDict()  # key -> (fragments, bytes)
        self._lock = threading.Lock()  # callbacks run in threads

    def get_or_render(self, key: tuple, render: Callable[[], object]):
        """The panel kept under ``key``, else ``render()``'s, kept for the next view: as fragments either way,
        to be read, never changed."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return _handed_out(kept[0])
        drawing, size = encoded(render())
        self._keep(key, drawing, size)
        return _handed_out(drawing)

    def _keep(self, key: tuple, drawing, size: int) -> None:
        if size > self.bound_bytes:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            self.size += size - (old[1] if old else 0)
            self._kept[key] = (drawing, size)
            while self.size > self.bound_bytes:
                _, (_, dropped) = self._kept.popitem(last=False)
                self.size -= dropped

    def __contains__(self, key: tuple) -> bool:
        with self._lock:
            return key in self._kept

    def __len__(self) -> int:
        return len(self._kept)


def _handed_out(drawing):
    """A list of parts is the caller's own to extend (a notice goes in front); the fragments are shared."""
    return list(drawing) if isinstance(drawing, list) else drawing


def version(status: dict, datasets) -> tuple:
    """When each of ``datasets`` was fetched: any new sync of one of them makes a new version."""
    return tuple(status[d].fetched_at if d in status else None for d in datasets)


PANELS = PanelCache()
