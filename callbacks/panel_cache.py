"""Rendered panels kept per process, so that a page view on unchanged data builds no figure.

Kept here, in this process, not in Redis: a hit then costs no round trip and no decoding of a
pickle, and rendered panels add nothing to the Redis every account's data lives in. Each web
process renders a panel once per sync, which is cheap (a few web processes, one sync every
quarter of an hour at most). A panel is keyed by what it is drawn from: the provider, the
panel, the account, the data's version (when each of its datasets was fetched: a new sync
changes it), the date range and the panel's options. Old versions are never looked up again and
fall out oldest first; the bound is on the panels' JSON size, so a few big panels cannot grow the
process without limit.

A panel is kept as its JSON text and handed out decoded afresh, so no caller can change what
another will get.
"""

import json
import threading
from collections import OrderedDict
from collections.abc import Callable

import plotly.io.json

BOUND_BYTES = 32 * 2**20  # per process: a few hundred heavy panels


class PanelCache:
    def __init__(self, bound_bytes: int = BOUND_BYTES):
        self.bound_bytes = bound_bytes
        self.size = 0
        self._kept: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()  # callbacks run in threads

    def get_or_render(self, key: tuple, render: Callable[[], object]):
        """The panel kept under ``key``, else ``render()``'s, kept for the next view."""
        with self._lock:
            text = self._kept.get(key)
            if text is not None:
                self._kept.move_to_end(key)
        if text is None:
            text = plotly.io.json.to_json_plotly(render())
            self._keep(key, text)
        return json.loads(text)

    def _keep(self, key: tuple, text: str) -> None:
        if len(text) > self.bound_bytes:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            self.size += len(text) - (len(old) if old else 0)
            self._kept[key] = text
            while self.size > self.bound_bytes:
                _, dropped = self._kept.popitem(last=False)
                self.size -= len(dropped)

    def __len__(self) -> int:
        return len(self._kept)


def version(status: dict, datasets) -> tuple:
    """When each of ``datasets`` was fetched: any new sync of one of them makes a new version."""
    return tuple(status[d].fetched_at if d in status else None for d in datasets)


PANELS = PanelCache()
