"""What every provider's sync plan shares: run its datasets concurrently, record each one's outcome,
report progress to the job, and read and write the store."""

import contextlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import redis

from core.errors import NotAvailable, ProviderError, RateLimited, SignInExpired
from core.labels import provider_label
from sync.cache.checkpoint import TallyCheckpoint, WalkCheckpoint
from sync.cache.claims import SyncJob, early
from sync.cache.store import DataStore
from sync.database.archive import Archive, HistoryUnavailable
from sync.database.history import UnknownAccount

log = logging.getLogger(__name__)

# The page polls progress twice a second, and a follower page takes a tenth of that: telling the job
# every step would cost two Redis writes per page for a bar nobody sees move that finely.
REPORT_EVERY_STEPS = 5


class DatasetSync:
    """Subclasses name their ``PROVIDER``, ``DATASETS`` and ``TYPES``, and define ``_sync_<dataset>``."""

    PROVIDER = ""
    DATASETS: tuple[str, ...] = ()
    TYPES: dict[str, object] = {}

    def __init__(
        self,
        client,
        store: DataStore,
        archive: Archive,
        account: str,
        job: SyncJob | None = None,
        now: datetime | None = None,
    ):
        self.client, self.store, self.archive, self.account, self.job = client, store, archive, account, job
        # The moment a run stands for: now, or a simulated time (history-demo); its UTC day is the day recorded.
        self._given_now = now
        self.now = now or datetime.now(UTC)
        self.day = self.now.date()
        self._stop = threading.Event()
        self._expired: SignInExpired | None = None  # the sign-in ended: the whole run says so
        self.rate_limited: RateLimited | None = None  # a dataset met a rate limit (the last one met)
        self.history_missed = False  # a write to the history database failed: a round must not count as done
        self._reported: dict[str, int] = {}  # dataset -> the step last told to the job
        self._reported_lock = threading.Lock()

    def before_run(self) -> None:
        """Checks due before any request (Twitch's hourly token validation)."""

    def run(self, datasets=None) -> dict[str, str]:
        """Sync ``datasets`` concurrently; returns each one's outcome: ok, unavailable or error."""
        datasets = tuple(datasets or self.DATASETS)
        self.now = self._given_now or datetime.now(UTC)
        self.day = self.now.date()
        self.before_run()
        with ThreadPoolExecutor(max_workers=len(datasets), thread_name_prefix=f"{self.PROVIDER}-sync") as pool:
            futures = {name: pool.submit(self._run_one, name) for name in datasets}
        outcomes = {name: future.result() for name, future in futures.items()}
        if self._expired:
            raise self._expired
        return outcomes

    def _run_one(self, name: str) -> str:
        """Sync one dataset and record its outcome; the job hears at once that it is done, so its panels redraw."""
        try:
            getattr(self, f"_sync_{name}")()
            return "ok"
        except SignInExpired as error:
            self._expired = error
            self._stop.set()
            return "error"
        except NotAvailable as error:
            self.store.mark_unavailable(self.PROVIDER, self.account, name, str(error))
            return "unavailable"
        except ProviderError as error:
            if isinstance(error, RateLimited):
                self.rate_limited = error  # a collection round resumes after its reset
            log.warning("%s sync of %s failed: %s", self.PROVIDER, name, type(error).__name__)
            self.store.note(self.PROVIDER, self.account, name, str(error), "error")
            return "error"
        except Exception:  # noqa: BLE001 - one broken dataset must not sink the others
            log.exception("%s sync of %s crashed", self.PROVIDER, name)
            self.store.note(self.PROVIDER, self.account, name, "This could not be refreshed; try again later.", "error")
            return "error"
        finally:
            if self.job:
                self.job.finish(name)

    def _checkpoint(self, dataset: str) -> WalkCheckpoint:
        """Where a long walk of ``dataset`` got to, so that a walk cut short resumes there."""
        return WalkCheckpoint(self.store.client, f"{self.store.prefix}{self.PROVIDER}:{self.account}:{dataset}:walk")

    def _tally_checkpoint(self, dataset: str) -> TallyCheckpoint:
        """Where a long walk of ``dataset`` that keeps only counts got to."""
        return TallyCheckpoint(self.store.client, f"{self.store.prefix}{self.PROVIDER}:{self.account}:{dataset}:walk")

    def _report(self, dataset: str, done: int, total: int) -> None:
        """Checked at every step (a dead sign-in stops the walk); told to the job every few steps and at the end."""
        if self._stop.is_set():  # another dataset found the sign-in dead: stop spending requests
            raise SignInExpired(
                self.PROVIDER, f"Your {provider_label(self.PROVIDER)} sign-in has ended; please sign in again."
            )
        if not self.job:
            return
        with self._reported_lock:
            last = self._reported.get(dataset)
            due = last is None or done >= total or done < last or done - last >= REPORT_EVERY_STEPS
            if due:
                self._reported[dataset] = done
        if due:
            self.job.report(dataset, done, total)

    def _keep(self, what: str, write, *args, **kwargs) -> bool:
        """Write to the history database; one that is away costs the history point, never the sync. True: kept."""
        try:
            write(*args, **kwargs)
            return True
        except HistoryUnavailable:
            self.history_missed = True
            with contextlib.suppress(redis.RedisError):  # the round that ran this plan sees history_missed itself
                self.store.history_missed(self.PROVIDER, self.account)
            log.warning("%s %s not kept in the history: the database is away", self.PROVIDER, what)
        except UnknownAccount:  # not tracked, or its data was just deleted: nothing may bring it back
            log.info("%s %s not kept: the account is not tracked", self.PROVIDER, what)
        return False

    def _keep_counters(self, **counters: int | None) -> None:
        self._keep("counters", self.archive.record_counters, self.PROVIDER, self.account, self.now, **counters)

    def _get(self, dataset: str):
        return self.store.get(self.PROVIDER, self.account, dataset, type=self.TYPES[dataset])

    def _land_early(self, dataset: str) -> None:
        """What is stored of ``dataset`` so far is worth drawing (the totals of a long walk): the page redraws it
        now, and again when the dataset is finished."""
        if self.job:
            self.job.finish(early(dataset))

    def _put(self, dataset: str, value) -> None:
        self.store.put(self.PROVIDER, self.account, dataset, value)
