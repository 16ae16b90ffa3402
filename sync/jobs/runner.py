"""Running a sync as a job: claim the datasets, relay progress to the page, wait for other tabs' jobs
(taking over the datasets of one that died), and keep the job's heartbeat going."""

import logging
import threading
import time
from collections.abc import Callable

import redis

from core.errors import ProviderError, SignInExpired
from providers.http import Deadline
from sync.cache.claims import Progress, SyncJob
from sync.jobs.clients import job_client
from sync.jobs.heartbeat import Heartbeat
from sync.plans.twitch import TwitchSync
from sync.plans.x import XSync
from sync.runtime import Runtime, lookup

log = logging.getLogger(__name__)

JOB_TIMEOUT_SECONDS = 600  # a job waiting on another tab's job gives up after this
RELAY_SECONDS = 0.2
JOB_RATE_WAIT_SECONDS = 30.0  # off the request path a job may wait out a near rate-limit reset
WAITING = "Another tab is syncing this data…"


class Relay:
    """While a job runs: renew its locks and heartbeat, and tell the page its progress, in a thread of its own."""

    def __init__(self, job: SyncJob, datasets: list[str], on_progress: Progress, heartbeat: Heartbeat, label: str):
        self.job, self.datasets, self.on_progress, self.heartbeat, self.label = (
            job,
            datasets,
            on_progress,
            heartbeat,
            label,
        )
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "Relay":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._done.set()
        self.job.landed.set()
        self._thread.join(2)

    def _run(self) -> None:
        # At once (a head start may have landed datasets before this job began), then every RELAY_SECONDS and
        # whenever a dataset lands here: its panel is drawn a poll later.
        while not self._done.is_set():
            try:
                self.job.renew()
                self.heartbeat.beat()
                self.on_progress(*self.job.progress(self.datasets), self.label, self.job.finished(self.datasets))
            except redis.RedisError as error:  # Redis away for a moment: keep trying, the job goes on
                log.warning("Sync job could not reach Redis: %s", type(error).__name__)
            self.job.landed.wait(RELAY_SECONDS)
            self.job.landed.clear()


def run_job(
    runtime: Runtime,
    provider: str,
    account: str,
    datasets: list[str],
    work: Callable[[SyncJob, list[str]], dict],
    on_progress: Progress,
    heartbeat: Heartbeat,
    since: float | None = None,
    wait: bool = True,
) -> dict:
    """Sync what no other job is syncing, then wait for the rest (unless ``wait`` is off); progress covers all
    ``datasets``. Those some job finished since ``since`` (the page's request) are done already."""
    job = SyncJob(runtime.redis, runtime.key, provider, account, since)
    outcomes: dict = {}
    with Relay(job, datasets, on_progress, heartbeat, "Fetching from " + provider.title()) as relay:
        try:
            done = set(job.finished(datasets)) if since else set()
            busy = job.claim([dataset for dataset in datasets if dataset not in done])
            if job.claimed:
                outcomes.update(work(job, list(job.claimed)))
            if not wait:
                return outcomes
            relay.label = WAITING
            deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
            while busy and time.monotonic() < deadline:
                taken, busy = job.wait_for(busy, deadline - time.monotonic())
                if taken:  # their job died: sync them here
                    outcomes.update(work(job, taken))
        finally:
            job.release()
    return outcomes


def _plan(provider: str, client, runtime: Runtime, identity: dict, job: SyncJob):
    """The provider's sync plan for the account ``identity`` names."""
    account = identity["accounts"][provider]
    if provider == "twitch":
        return TwitchSync(client, runtime.store, runtime.archive, account, job)
    username = (identity.get("usernames") or {}).get(provider, "")
    return XSync(
        client, runtime.store, runtime.archive, account, username, job, read_cap=runtime.config.x_monthly_read_cap
    )


def _sent_token(client) -> dict | None:
    """The token the provider refused: the one the client spoke with (Twitch's, after its refresh failed)."""
    return client.token if client is not None else None


def sync_job(
    provider: str,
    identity: dict,
    datasets: list[str],
    on_progress: Progress,
    since: float | None = None,
    head_start: bool = False,
) -> dict:
    """The ``provider`` sync of the person ``identity`` names; the result says what the page should show.

    ``finished``: the datasets whose stored state this sync changed (data or a notice), for their panels.
    ``since``: when the page asked (datasets finished after it are not synced again). A ``head_start``
    is begun by the page's server before the page is sent: it syncs what nobody else is syncing and
    never waits; the page's own job, begun once it is shown, waits for it and relays its progress.
    """
    runtime = lookup(identity["app"])
    heartbeat = Heartbeat(runtime.redis, runtime.key, identity.get("job"))
    heartbeat.beat()
    account = (identity.get("accounts") or {}).get(provider)
    if not account:
        return {"at": time.time(), "expired": True, "finished": datasets}
    client = None
    try:
        client = job_client(provider, runtime, identity, max_wait=JOB_RATE_WAIT_SECONDS)
        client.deadline = Deadline(runtime.config.sync_deadline_seconds)  # one for the whole sync
        outcomes = run_job(
            runtime,
            provider,
            account,
            datasets,
            lambda job, mine: _plan(provider, client, runtime, identity, job).run(mine),
            on_progress,
            heartbeat,
            since,
            wait=not head_start,
        )
    except SignInExpired:  # ended here, in the vault, so no page's concurrent callbacks can bring it back
        runtime.vault.end(identity.get("vault"), provider, refused=_sent_token(client))
        return {"at": time.time(), "expired": True, "finished": datasets}
    except ProviderError as error:
        log.warning("%s sync could not start: %s", provider, type(error).__name__)
        for dataset in datasets:  # each panel (and the profile) says what failed, not "Fetching…"
            runtime.store.note(provider, account, dataset, str(error), "error")
        return {"at": time.time(), "error": str(error), "finished": datasets}
    return {"at": time.time(), "outcomes": outcomes, "finished": datasets}
