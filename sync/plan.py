"""What every provider's sync plan shares: run its datasets concurrently, record each one's outcome,
report progress to the job, and read and write the store."""
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from core.errors import NotAvailable, ProviderError, SignInExpired
from core.labels import provider_label

from sync.claims import SyncJob
from sync.snapshots import Snapshots
from sync.store import DataStore

log = logging.getLogger(__name__)


class DatasetSync:
    """Subclasses name their ``PROVIDER``, ``DATASETS`` and ``TYPES``, and define ``_sync_<dataset>``."""
    PROVIDER = ""
    DATASETS: tuple[str, ...] = ()
    TYPES: dict[str, object] = {}

    def __init__(self, client, store: DataStore, snapshots: Snapshots, account: str, job: SyncJob | None = None):
        self.client, self.store, self.snapshots, self.account, self.job = client, store, snapshots, account, job
        self._stop = threading.Event()

    def before_run(self) -> None:
        """Checks due before any request (Twitch's hourly token validation)."""

    def run(self, datasets=None) -> dict[str, str]:
        """Sync ``datasets`` concurrently; returns each one's outcome: ok, unavailable or error."""
        datasets = tuple(datasets or self.DATASETS)
        self.before_run()
        outcomes, expired = {}, None
        with ThreadPoolExecutor(max_workers=len(datasets), thread_name_prefix=f"{self.PROVIDER}-sync") as pool:
            futures = {name: pool.submit(getattr(self, f"_sync_{name}")) for name in datasets}
            for name, future in futures.items():
                try:
                    future.result()
                    outcomes[name] = "ok"
                except SignInExpired as error:
                    expired, outcomes[name] = error, "error"
                    self._stop.set()
                except NotAvailable as error:
                    self.store.mark_unavailable(self.PROVIDER, self.account, name, str(error))
                    outcomes[name] = "unavailable"
                except ProviderError as error:
                    log.warning("%s sync of %s failed: %s", self.PROVIDER, name, type(error).__name__)
                    self.store.note(self.PROVIDER, self.account, name, str(error), "error")
                    outcomes[name] = "error"
                except Exception:  # noqa: BLE001 - one broken dataset must not sink the others
                    log.exception("%s sync of %s crashed", self.PROVIDER, name)
                    self.store.note(self.PROVIDER, self.account, name,
                                    "This could not be refreshed; try again later.", "error")
                    outcomes[name] = "error"
        if expired:
            raise expired
        return outcomes

    def _report(self, dataset: str, done: int, total: int) -> None:
        if self._stop.is_set():  # another dataset found the sign-in dead: stop spending requests
            raise SignInExpired(self.PROVIDER, f"Your {provider_label(self.PROVIDER)} sign-in has ended; "
                                               "please sign in again.")
        if self.job:
            self.job.report(dataset, done, total)

    def _get(self, dataset: str):
        return self.store.get(self.PROVIDER, self.account, dataset, type=self.TYPES[dataset])

    def _put(self, dataset: str, value) -> None:
        self.store.put(self.PROVIDER, self.account, dataset, value)
