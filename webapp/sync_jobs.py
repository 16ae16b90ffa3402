"""Running a sync as a job: claim the datasets, relay progress to the page, wait for other tabs' jobs."""
import logging
import threading
import time
from typing import Callable

from providers.errors import ProviderError, SignInExpired
from providers.http import Deadline
from sync.jobs import Progress, SyncJob
from sync.twitch import TwitchSync
from sync.twitter import TwitterSync

from .clients import job_client
from .runtime import Runtime, lookup

log = logging.getLogger(__name__)

JOB_TIMEOUT_SECONDS = 600  # a job waiting on another tab's job gives up after this
RELAY_SECONDS = 0.4
JOB_RATE_WAIT_SECONDS = 30.0  # off the request path a job may wait out a near rate-limit reset


def run_job(runtime: Runtime, provider: str, account: str, datasets: list[str],
            work: Callable[[SyncJob, list[str]], dict], on_progress: Progress) -> dict:
    """Sync what no other job is syncing, then wait for the rest; progress covers all ``datasets``."""
    job = SyncJob(runtime.redis, runtime.key, provider, account)
    busy = job.claim(datasets)
    done = threading.Event()

    def relay():
        while not done.wait(RELAY_SECONDS):
            job.renew()
            on_progress(*job.progress(datasets), "Fetching from " + provider.title())

    relay_thread = threading.Thread(target=relay, daemon=True)
    relay_thread.start()
    try:
        outcomes = work(job, job.claimed) if job.claimed else {}
    finally:
        job.release()
        done.set()
        relay_thread.join(2)
    if busy:
        job.wait_for(busy, on_progress, JOB_TIMEOUT_SECONDS)
    return outcomes


def _plan(provider: str, client, runtime: Runtime, identity: dict, job: SyncJob):
    """The provider's sync plan for the account ``identity`` names."""
    account = identity["accounts"][provider]
    if provider == "twitch":
        return TwitchSync(client, runtime.store, runtime.snapshots, account, job)
    return TwitterSync(client, runtime.store, runtime.snapshots, account,
                       (identity.get("usernames") or {}).get(provider, ""), job)


def sync_job(provider: str, identity: dict, datasets: list[str], on_progress: Progress) -> dict:
    """The ``provider`` sync of the person ``identity`` names; the result says what the page should show."""
    runtime = lookup(identity["app"])
    account = (identity.get("accounts") or {}).get(provider)
    if not account:
        return {"at": time.time(), "expired": True}
    try:
        client = job_client(provider, runtime, identity, max_wait=JOB_RATE_WAIT_SECONDS)
        client.deadline = Deadline(runtime.config.sync_deadline_seconds)  # one for the whole sync
        outcomes = run_job(runtime, provider, account, datasets,
                           lambda job, mine: _plan(provider, client, runtime, identity, job).run(mine),
                           on_progress)
    except SignInExpired:  # ended here, in the vault, so no page's concurrent callbacks can bring it back
        runtime.vault.remove(identity.get("vault"), provider)
        return {"at": time.time(), "expired": True}
    except ProviderError as error:
        log.warning("%s sync could not start: %s", provider, type(error).__name__)
        return {"at": time.time(), "error": str(error)}
    return {"at": time.time(), "outcomes": outcomes}
