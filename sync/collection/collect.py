"""Collection rounds: every tracked account's numbers once a day, whether or not anyone looks.

A round is one account's full sync (every dataset of its provider's plan) with the account's own
stored credentials; its counters, posts and view counts land in the history database as the plans
write them. Rounds are spread over the day: each account has a fixed slot (a hash of its id), and
a round is due once the latest slot has passed since the account's last round. A dispatcher (Celery
beat every few minutes, or the in-process scheduler) asks ``due_accounts`` and runs ``run_round``
for each.

Exactly once per slot, whatever runs them: a round first claims its slot in Redis (SET NX), and
keeps the claim when it finished; two workers handed the same round run it once. A round that
meets a rate limit lets its claim go and waits in Redis until the reset (``deferred``), so the next
dispatch after it resumes the round: later, never in a loop. A refresh that fails, or a token the
provider revoked, marks the account "needs sign-in": collection pauses until the person signs in.

A round asks the provider nothing when a sync since the slot already did its work (the first sign-in's
sync is that day's round, so the next comes at the account's own time), nor when a sync has just seen
the provider fail (it waits RETRY_SECONDS from that failure). It is marked done only once its rows are in
the history database; a round whose rows or mark did not land is due again.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.errors import ProviderError, RateLimited, SignInExpired
from core.labels import provider_label
from core.units import DAY
from sync.cache.claims import SyncJob
from sync.cache.store import DataStore
from sync.database.archive import HistoryUnavailable
from sync.database.history import Account
from sync.jobs.budgets import Budgets
from sync.jobs.clients import tracked_client
from sync.plans.twitch import TwitchSync
from sync.plans.x import XSync
from sync.runtime import Runtime
from sync.upstreams import as_of

log = logging.getLogger(__name__)

CLAIM_SECONDS = 20 * 60  # a round still claimed after this died with its worker: the slot is free again
DONE_SECONDS = 2 * DAY  # a finished round's claim outlives its slot, so no worker runs it again
RETRY_SECONDS = 15 * 60  # a provider that is away: try the round again after this
RATE_WAIT_SECONDS = 30.0  # off the request path a round may wait out a near rate-limit reset
# What a round collects: the history (counters, posts, VOD and clip views). Bits boards, the schedule
# and goals are the present only: a page's own sync fetches them when someone looks.
ROUND_DATASETS = {
    "twitch": ("profile", "followers", "subscriptions", "videos", "clips"),
    "twitter": ("profile", "posts"),
}
NEEDS_SIGN_IN = "Collection is paused: {label} no longer accepts this sign-in. Sign in again to resume it."
HISTORY_AWAY = "the history database is away; the round runs again"
FAILED_JUST_NOW = "a sync has just seen the provider fail; the round waits out its backoff"
SYNCED_SINCE_SLOT = "by a sync since the slot, with no request of its own"
SIMULATED = "simulated:"  # the key space of simulated rounds' cache and claims (history-demo)


@dataclass(frozen=True)
class RoundResult:
    provider: str
    account_id: str
    outcome: str  # collected, partial, deferred, needs sign-in, skipped, failed
    detail: str = ""
    requests: int = 0
    seconds: float = 0.0
    posts_read: int = 0  # X posts returned (X's monthly volume cap counts them)


def slot_seconds(provider: str, account_id: str) -> int:
    """The account's fixed time of day for its round, in seconds after 00:00 UTC: spread evenly over accounts."""
    digest = hashlib.sha256(f"{provider}:{account_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % DAY


def latest_slot(provider: str, account_id: str, now: datetime) -> datetime:
    """The last time the account's slot came round, at or before ``now``."""
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    slot = midnight + timedelta(seconds=slot_seconds(provider, account_id))
    return slot if slot <= now else slot - timedelta(days=1)


def is_due(account: Account, last_collected_at: datetime | None, now: datetime) -> bool:
    return last_collected_at is None or last_collected_at < latest_slot(account.provider, account.account_id, now)


class Rounds:
    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.redis, self.prefix = runtime.redis, runtime.key + "round:"
        self.budgets = Budgets(runtime.redis, runtime.key)

    def due_accounts(self, now: datetime | None = None) -> list[Account]:
        """Accounts whose round is due now: collecting, signed in, past their slot, not waiting out a limit."""
        now = now or datetime.now(UTC)
        due = [account for account, last in self.runtime.archive.collecting_accounts() if is_due(account, last, now)]
        if not due:
            return []
        waiting = self.redis.mget([self._deferred_key(a.provider, a.account_id) for a in due])
        return [account for account, until in zip(due, waiting, strict=True) if until is None]

    def run_round(
        self, provider: str, account_id: str, now: datetime | None = None, *, on_demand: bool = False
    ) -> RoundResult:
        """One round for one account, at most once per slot (``now``: a simulated time, for history-demo).

        ``on_demand``: asked for now (``flask collect``), whatever the slot: at most once a minute instead.
        """
        simulated, now = now, now or datetime.now(UTC)
        started = time.monotonic()
        claim = self._claim_key(provider, account_id, now, on_demand)
        if not self.redis.set(claim, "running", nx=True, ex=CLAIM_SECONDS):
            return RoundResult(provider, account_id, "skipped", "this slot's round is running or done")
        client = None
        try:
            account = self.runtime.archive.account(provider, account_id)
            if account is None or not account.collecting:
                self.redis.delete(claim)
                return RoundResult(provider, account_id, "skipped", "not tracked, or collection is off")
            if simulated is None and not on_demand:
                spared = self._spared(claim, account, now, started)
                if spared is not None:
                    return spared
            client = tracked_client(self.runtime, provider, account_id, max_wait=RATE_WAIT_SECONDS)
            # A round of a simulated time (history-demo) counts in that time's windows, as the sandbox does.
            at = None if simulated is None else simulated.timestamp()
            budget = self.budgets.twitch if provider == "twitch" else self.budgets.x
            client.budget = budget(account_id, at)
            if at is not None:  # its requests carry their time; everyone else's are answered as of now
                client.extra_headers = as_of(client.app, at)
            plan = self._plan(client, account, now, simulated=at is not None)
            outcomes = self._run_claimed(plan, provider, account_id, simulated=at is not None)
        except SignInExpired:
            self.redis.delete(claim)
            self._pause(provider, account_id)
            return self._result(provider, account_id, "needs sign-in", "", client, started)
        except RateLimited as error:
            return self._defer(claim, provider, account_id, error, client, started)
        except (ProviderError, HistoryUnavailable) as error:
            self.redis.delete(claim)
            self._defer_for(provider, account_id, RETRY_SECONDS)
            return self._result(provider, account_id, "failed", str(error), client, started)
        if plan.rate_limited is not None:
            return self._defer(claim, provider, account_id, plan.rate_limited, client, started)
        if plan.history_missed or not self._mark(claim, provider, account_id, now):
            # Its rows are not all in: the slot stays open, and the round runs again after RETRY_SECONDS.
            self.redis.delete(claim)
            self._defer_for(provider, account_id, RETRY_SECONDS)
            return self._result(provider, account_id, "failed", HISTORY_AWAY, client, started)
        self._store(simulated is not None).history_whole(provider, account_id)
        failed = [name for name, outcome in outcomes.items() if outcome == "error"]
        outcome = "partial" if failed else "collected"
        return self._result(provider, account_id, outcome, ", ".join(failed), client, started)

    def forget_done(self, provider: str, account_id: str, now: datetime) -> bool:
        """Let the slot at ``now`` run again though a round marked it done (the history demo filling a new
        database: the claims of an earlier one, kept in Redis, do not say what this one holds)."""
        claim = self._claim_key(provider, account_id, now, on_demand=False)
        return bool(self.redis.delete(claim)) if self.redis.get(claim) == b"done" else False

    # Steps -----------------------------------------------------------------------------------------

    def _mark(self, claim: str, provider: str, account_id: str, now: datetime) -> bool:
        """Record the slot's round as done, in the database and then in its claim; False when the database is away."""
        try:
            self.runtime.archive.collected(provider, account_id, now)
        except HistoryUnavailable:
            log.warning("Round of %s %s not marked: the database is away; it runs again", provider, account_id)
            return False
        self.redis.set(claim, "done", ex=DONE_SECONDS)
        return True

    def _spared(self, claim: str, account: Account, now: datetime, started: float) -> RoundResult | None:
        """A round that need not call the provider: a sync since the slot (a dashboard's, the first sign-in's
        above all) fetched all of its datasets and kept their history, so it counts as the slot's round; or
        a sync has just seen the provider fail, and the round waits out RETRY_SECONDS from then. None: run it."""
        provider, account_id = account.provider, account.account_id
        statuses = self.runtime.store.status(provider, account_id)
        mine = [statuses.get(dataset) for dataset in ROUND_DATASETS[provider]]
        failed_at = max((s.noted_at or 0 for s in mine if s and s.kind == "error"), default=0)
        if failed_at > time.time() - RETRY_SECONDS:
            self.redis.delete(claim)
            self._defer_for(provider, account_id, failed_at + RETRY_SECONDS - time.time())
            return self._result(provider, account_id, "deferred", FAILED_JUST_NOW, None, started)
        slot = latest_slot(provider, account_id, now).timestamp()
        if not all(s and s.kind != "error" and (s.fetched_at or 0) >= slot for s in mine):
            return None
        if self.runtime.store.history_missed_at(provider, account_id):
            return None  # a sync could not write all of its history: the round fetches and writes it whole
        day = datetime.fromtimestamp(min(s.fetched_at for s in mine), UTC).date()
        if not self.runtime.archive.counters_by_day(provider, account_id, day, day):
            return None  # fetched, but the history of that day is not in: the round fetches it again
        if not self._mark(claim, provider, account_id, now):
            self.redis.delete(claim)
            self._defer_for(provider, account_id, RETRY_SECONDS)
            return self._result(provider, account_id, "failed", HISTORY_AWAY, None, started)
        return self._result(provider, account_id, "collected", SYNCED_SINCE_SLOT, None, started)

    def _plan(self, client, account: Account, now: datetime, simulated: bool = False):
        store, archive = self._store(simulated), self.runtime.archive
        if account.provider == "twitch":
            plan = TwitchSync(client, store, archive, account.account_id, now=now)
            plan.economical = True
            return plan
        cap = self.runtime.config.x_monthly_read_cap
        return XSync(client, store, archive, account.account_id, account.username, now=now, read_cap=cap)

    def _store(self, simulated: bool) -> DataStore:
        return self.simulated_store() if simulated else self.runtime.store

    def simulated_store(self) -> DataStore:
        """Where simulated rounds keep what they fetch between their days: apart from the pages' cache, which must
        never show the past as fetched just now (``forget_simulated`` drops it)."""
        return DataStore(self.redis, self.runtime.key + SIMULATED)

    def forget_simulated(self) -> None:
        keys = list(self.redis.scan_iter(match=self.runtime.key + SIMULATED + "*", count=1000))
        for start in range(0, len(keys), 1000):
            self.redis.delete(*keys[start : start + 1000])

    def _run_claimed(self, plan, provider: str, account_id: str, simulated: bool = False) -> dict[str, str]:
        """Sync the datasets no browser's job is syncing now (that job writes the same history). Simulated rounds
        claim apart: a page's job must not wait for them, nor take their past for its own data."""
        job = SyncJob(self.redis, self.runtime.key + (SIMULATED if simulated else ""), provider, account_id)
        try:
            job.claim(list(ROUND_DATASETS[provider]))
            return plan.run(list(job.claimed)) if job.claimed else {}
        finally:
            job.release()

    def _pause(self, provider: str, account_id: str) -> None:
        message = NEEDS_SIGN_IN.format(label=provider_label(provider))
        try:
            self.runtime.archive.needs_sign_in(provider, account_id, message)
            log.info("Collection of %s %s paused: the sign-in ended", provider, account_id)
        except HistoryUnavailable:
            log.warning("Could not pause %s %s: the database is away", provider, account_id)

    def _defer(self, claim, provider, account_id, error: RateLimited, client, started) -> RoundResult:
        self.redis.delete(claim)
        wait = (error.reset_at.timestamp() - time.time()) if error.reset_at else RETRY_SECONDS
        self._defer_for(provider, account_id, max(wait, 1.0))
        return self._result(provider, account_id, "deferred", str(error), client, started)

    def _defer_for(self, provider: str, account_id: str, seconds: float) -> None:
        self.redis.set(self._deferred_key(provider, account_id), "1", px=max(int(seconds * 1000), 1000))

    def _result(self, provider, account_id, outcome, detail, client, started) -> RoundResult:
        requests = getattr(client, "requests", 0) if client else 0
        posts_read = getattr(client, "posts_read", 0) if client else 0
        result = RoundResult(provider, account_id, outcome, detail, requests, time.monotonic() - started, posts_read)
        log.info(
            "Round %s %s: %s%s (%d requests, %.1f s)",
            provider,
            account_id,
            outcome,
            f" {detail}" if detail else "",
            requests,
            result.seconds,
        )
        return result

    def _claim_key(self, provider: str, account_id: str, now: datetime, on_demand: bool) -> str:
        if on_demand:
            return f"{self.prefix}{provider}:{account_id}:now:{now:%Y%m%dT%H%M}"
        slot = latest_slot(provider, account_id, now)
        return f"{self.prefix}{provider}:{account_id}:{slot:%Y%m%dT%H%M%S}"

    def _deferred_key(self, provider: str, account_id: str) -> str:
        return f"{self.prefix}deferred:{provider}:{account_id}"
