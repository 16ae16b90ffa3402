"""Reading stored datasets for pages: decoded once per sync, not once per panel.

A page's panels each load the same datasets; the decoded records are kept in this process by the
time they were fetched, so 3,200 posts are decoded once per sync rather than once per panel.
Callers must not change what they get.
"""

import threading
from collections import OrderedDict

from sync.cache.store import DatasetStatus, DataStore

KEPT = 64  # datasets kept decoded per provider and process: a few accounts' worth


class StoredRecords:
    """One provider's stored datasets, by account, through a small per-process cache of decoded records."""

    def __init__(self, provider: str, types: dict):
        self.provider, self.types = provider, types
        self._decoded: OrderedDict = OrderedDict()  # (account, dataset) -> (fetched_at, records), oldest out first
        self._lock = threading.Lock()  # callbacks run in threads

    def load(
        self, store: DataStore, account_id: str, datasets: list[str], status: dict[str, DatasetStatus] | None = None
    ) -> tuple[dict, dict[str, DatasetStatus]]:
        """(records by dataset, status by dataset) in at most two Redis round trips (one when ``status`` is given)."""
        status = store.status(self.provider, account_id) if status is None else status
        records, missing = {}, {}
        for dataset in datasets:
            fetched = status[dataset].fetched_at if dataset in status else None
            kept = self._decoded.get((account_id, dataset))
            if kept and fetched is not None and kept[0] == fetched:
                records[dataset] = kept[1]
            else:
                missing[dataset] = self.types[dataset]
        if missing:
            for dataset, value in store.get_many(self.provider, account_id, missing).items():
                records[dataset] = value
                fetched = status[dataset].fetched_at if dataset in status else None
                if value is not None and fetched is not None:
                    self._keep(account_id, dataset, fetched, value)
        return records, status

    def _keep(self, account_id: str, dataset: str, fetched: float, value) -> None:
        with self._lock:
            self._decoded[(account_id, dataset)] = (fetched, value)
            while len(self._decoded) > KEPT:
                self._decoded.popitem(last=False)
