"""Normalised records per provider account in Redis, one msgpack blob per dataset, with when each was fetched.

Keyed by the provider's account id, not the browser session, so every browser and every web
process of one person sees the same data. Each dataset also has a small status: when it was
fetched, and a notice for its panel when the last sync could not refresh it.
"""

import time
from dataclasses import dataclass

import msgspec
import redis

_encoder = msgspec.msgpack.Encoder()
# A status (and, given a data key, the dataset) written unless the account was deleted: one atomic step, so no
# sync still running can write between a deletion's check and its write.
_NO_VALUE = object()  # a status written alone, no dataset beside it
_WRITE_UNLESS_DELETED = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[3]) end
return 1
"""
DELETED_SECONDS = 3600  # longer than any sync runs: one started before a deletion cannot store after it
HISTORY_MISSED_SECONDS = 2 * 86_400  # longer than a slot: the next round sees it


@dataclass(frozen=True)
class DatasetStatus:
    fetched_at: float | None = None  # None: never fetched
    notice: str = ""  # why the last sync did not refresh it (rate limit, outage) or why it is empty
    kind: str = ""  # "", "unavailable" (explained absence) or "error" (stale data, try later)
    noted_at: float | None = None  # when the notice was given: a collection round backs off from a recent error


class DataStore:
    def __init__(self, client: redis.Redis, key_prefix: str):
        self.client = client
        self.prefix = key_prefix + "data:"
        self._write = client.register_script(_WRITE_UNLESS_DELETED)

    def _write_status(self, provider: str, account: str, dataset: str, status: DatasetStatus, value=_NO_VALUE) -> None:
        keys = [self._deleted_key(provider, account), self._status_key(provider, account)]
        args = [dataset, _encoder.encode(status)]
        if value is not _NO_VALUE:
            keys.append(self._key(provider, account, dataset))
            args.append(_encoder.encode(value))
        self._write(keys=keys, args=args)

    def _key(self, provider: str, account: str, dataset: str) -> str:
        return f"{self.prefix}{provider}:{account}:{dataset}"

    def _status_key(self, provider: str, account: str) -> str:
        return f"{self.prefix}{provider}:{account}:_status"

    def _history_missed_key(self, provider: str, account: str) -> str:
        return f"{self.prefix}{provider}:{account}:_history_missed"

    def history_missed(self, provider: str, account: str) -> None:
        """A sync of the account could not write some of its history (the database was away): until a round
        of the account lands whole, no sync counts as one (sync/collection/collect.py)."""
        self.client.set(self._history_missed_key(provider, account), time.time(), ex=HISTORY_MISSED_SECONDS)

    def history_missed_at(self, provider: str, account: str) -> float:
        raw = self.client.get(self._history_missed_key(provider, account))
        return float(raw) if raw else 0.0

    def history_whole(self, provider: str, account: str) -> None:
        self.client.delete(self._history_missed_key(provider, account))

    def _deleted_key(self, provider: str, account: str) -> str:
        return f"{self.prefix}deleted:{provider}:{account}"

    def forget(self, provider: str, account: str) -> int:
        """Delete every dataset and status of the account; returns the keys deleted."""
        keys = list(self.client.scan_iter(match=f"{self.prefix}{provider}:{account}:*", count=500))
        return self.client.delete(*keys) if keys else 0

    def delete_account(self, provider: str, account: str) -> int:
        """ "Delete my data": ``forget``, and for DELETED_SECONDS after, no write of a sync still running brings
        any of it back (``welcome_back`` ends that at a new sign-in)."""
        self.client.set(self._deleted_key(provider, account), "1", ex=DELETED_SECONDS)
        return self.forget(provider, account)

    def welcome_back(self, provider: str, account: str) -> None:
        """The person signed in again after deleting their data: their syncs may store again."""
        self.client.delete(self._deleted_key(provider, account))

    def put(self, provider: str, account: str, dataset: str, value) -> None:
        """Store a dataset (anything msgpack can hold, dataclasses included) and mark it fetched now."""
        self._write_status(provider, account, dataset, DatasetStatus(fetched_at=time.time()), value)

    def get(self, provider: str, account: str, dataset: str, type=None, default=None):
        """The stored dataset decoded (into ``type`` when given), or ``default`` when there is none."""
        raw = self.client.get(self._key(provider, account, dataset))
        if raw is None:
            return default
        return msgspec.msgpack.decode(raw, type=type) if type is not None else msgspec.msgpack.decode(raw)

    def get_many(self, provider: str, account: str, datasets: dict[str, object]) -> dict:
        """Several datasets in one round trip: ``{name: type or None}`` in, ``{name: value or None}`` out."""
        raws = self.client.mget([self._key(provider, account, name) for name in datasets])
        return {
            name: None
            if raw is None
            else (msgspec.msgpack.decode(raw, type=kind) if kind is not None else msgspec.msgpack.decode(raw))
            for (name, kind), raw in zip(datasets.items(), raws)
        }

    def delete(self, provider: str, account: str, dataset: str) -> None:
        """Forget a dataset no longer kept (its status stays: it says when the data was last fetched)."""
        self.client.delete(self._key(provider, account, dataset))

    def touch(self, provider: str, account: str, dataset: str) -> None:
        """Mark a dataset fetched now without rewriting it: the sync found nothing new."""
        self._write_status(provider, account, dataset, DatasetStatus(fetched_at=time.time()))

    def note(self, provider: str, account: str, dataset: str, notice: str, kind: str) -> None:
        """Keep the dataset (and its fetched time); record why this sync did not refresh it."""
        old = self.status(provider, account).get(dataset, DatasetStatus())
        self._write_status(provider, account, dataset, DatasetStatus(old.fetched_at, notice, kind, time.time()))

    def mark_unavailable(self, provider: str, account: str, dataset: str, notice: str) -> None:
        """The data does not exist for this account (scope, channel type): fetched now, and explained."""
        self._write_status(provider, account, dataset, DatasetStatus(time.time(), notice, "unavailable", time.time()))

    def status(self, provider: str, account: str) -> dict[str, DatasetStatus]:
        raw = self.client.hgetall(self._status_key(provider, account))
        return {name.decode(): msgspec.msgpack.decode(value, type=DatasetStatus) for name, value in raw.items()}
