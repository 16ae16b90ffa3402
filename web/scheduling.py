"""Who starts the collection rounds (sync/collection/collect.py): Celery beat in production, a thread of the web
process locally. Either way the same two steps run: find the accounts whose round is due, run each.

Production: the Procfile's worker runs with ``-B`` (one embedded beat; keep the worker dyno at one, or
move beat to a process of its own, see README). Every ``COLLECT_EVERY_SECONDS`` beat sends
``collect.dispatch``, which queues a ``collect.round`` per due account; workers run them. Locally
(``BACKGROUND_JOBS=local``) ``LocalScheduler`` does the same in a daemon thread, one round at a time.
Rounds claim their slot in Redis, so a round queued twice, or dispatched by two processes, runs once.
Live streams are sampled the same way every ``STREAM_SAMPLE_SECONDS`` (``streams.sample``; sync/collection/sampling.py).
Mail (digests due, after-stream mail, the outbox's retries) goes out every ``MAIL_EVERY_SECONDS`` (``mail.round``): the
round itself lives above this layer (digest/dispatch.py), so the composition root hands it in as ``mail_round``.
"""

import logging
import secrets
import tempfile
import threading
import time
from pathlib import Path

import redis

from core.errors import ProviderError
from sync.collection.collect import Rounds
from sync.collection.demo import demo_running_key
from sync.collection.sampling import StreamSampler
from sync.database.archive import HistoryUnavailable
from sync.runtime import Runtime, lookup

log = logging.getLogger(__name__)

QUEUED_SECONDS = 30 * 60  # a round queued and not yet run is not queued again for this long


def dispatch_due(runtime: Runtime, send) -> int:
    """Hand each due account's round to ``send(provider, account_id)``; returns how many were sent."""
    if runtime.redis.exists(demo_running_key(runtime.key)):
        return 0  # the sandbox answers as of the past for a while: rounds now would file it under today
    rounds = Rounds(runtime)
    try:
        due = rounds.due_accounts()
    except HistoryUnavailable:
        log.warning("Collection skipped this time: the history database is away")
        return 0
    sent = 0
    for account in due:
        queued = f"{runtime.key}round:queued:{account.provider}:{account.account_id}"
        if runtime.redis.set(queued, "1", nx=True, ex=QUEUED_SECONDS):
            send(account.provider, account.account_id)
            sent += 1
    return sent


def run_queued(runtime: Runtime, provider: str, account_id: str):
    try:
        return Rounds(runtime).run_round(provider, account_id)
    finally:
        runtime.redis.delete(f"{runtime.key}round:queued:{provider}:{account_id}")


def sample_streams(runtime: Runtime) -> None:
    """One poll of the live tracked channels; a provider or database away costs this poll only."""
    try:
        report = StreamSampler(runtime).poll()
        if report.live:
            log.info("Sampled %d live channels of %d (%d requests)", report.live, report.channels, report.requests)
    except (ProviderError, HistoryUnavailable) as error:
        log.warning("Stream sampling skipped this time: %s", error)


def run_mail_round(runtime: Runtime, mail_round) -> None:
    """One mail round; whatever goes wrong costs this round only (the outbox keeps what was not sent)."""
    try:
        report = mail_round(runtime)
        delivered = report.delivered
        if delivered and (delivered.sent or delivered.waiting or delivered.failed):
            log.info("Mail: %d sent, %d to try again, %d given up", delivered.sent, delivered.waiting, delivered.failed)
    except Exception:  # noqa: BLE001 - the scheduler outlives one bad round
        log.exception("Mail round failed")


def register_celery_tasks(
    celery_app, app_key: str, every_seconds: int, sample_seconds: int = 0, mail_seconds: int = 0, mail_round=None
) -> None:
    """The collection tasks on the app's Celery, and beat's schedule for the dispatcher, the sampler and mail."""

    @celery_app.task(name="collect.round", ignore_result=True)
    def collect_round(provider: str, account_id: str) -> None:
        run_queued(lookup(app_key), provider, account_id)

    @celery_app.task(name="collect.dispatch", ignore_result=True)
    def collect_dispatch() -> None:
        sent = dispatch_due(lookup(app_key), lambda provider, account: collect_round.delay(provider, account))
        if sent:
            log.info("Queued %d collection rounds", sent)

    @celery_app.task(name="streams.sample", ignore_result=True, expires=60)
    def streams_sample() -> None:
        sample_streams(lookup(app_key))

    @celery_app.task(name="mail.round", ignore_result=True, expires=max(mail_seconds, 60))
    def mail_task() -> None:
        if mail_round is not None:
            run_mail_round(lookup(app_key), mail_round)

    schedule = {}
    if mail_seconds > 0 and mail_round is not None:
        schedule["send-mail"] = {"task": "mail.round", "schedule": float(mail_seconds)}
    if every_seconds > 0:
        schedule["collect-due-rounds"] = {"task": "collect.dispatch", "schedule": float(every_seconds)}
    if sample_seconds > 0:
        schedule["sample-live-streams"] = {"task": "streams.sample", "schedule": float(sample_seconds)}
    if schedule:
        celery_app.conf.beat_schedule = schedule
        # Beat's own bookkeeping file: somewhere writable that is not the checkout.
        celery_app.conf.beat_schedule_filename = str(
            Path(tempfile.gettempdir()) / f"celerybeat-{app_key.strip(':') or 'app'}"
        )


class LocalScheduler:
    """The in-process scheduler of ``python app.py``: dispatches and runs due rounds in one daemon thread."""

    def __init__(
        self, runtime: Runtime, every_seconds: int, sample_seconds: int = 0, mail_seconds: int = 0, mail_round=None
    ):
        self.runtime, self.every, self.sample_every = runtime, every_seconds, sample_seconds
        self.mail_every, self.mail_round = (mail_seconds if mail_round else 0), mail_round
        self._next_sample = self._next_mail = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="collection-scheduler", daemon=True)
        # Several local processes (gunicorn with local jobs) take turns: one dispatches per period.
        self._lock_key, self._owner = f"{runtime.key}round:scheduler", secrets.token_hex(8)

    def _sample_if_due(self) -> None:
        """Poll live streams every ``sample_every`` seconds; one process of several polls (a Redis lock)."""
        if not self.sample_every or time.monotonic() < self._next_sample:
            return
        self._next_sample = time.monotonic() + self.sample_every
        lock = f"{self.runtime.key}streams:sampler"
        if self.runtime.redis.set(lock, self._owner, nx=True, ex=max(self.sample_every - 5, 1)):
            sample_streams(self.runtime)

    def _mail_if_due(self) -> None:
        """A mail round every ``mail_every`` seconds; one process of several runs it (a Redis lock)."""
        if not self.mail_every or time.monotonic() < self._next_mail:
            return
        self._next_mail = time.monotonic() + self.mail_every
        lock = f"{self.runtime.key}mail:round"
        if self.runtime.redis.set(lock, self._owner, nx=True, ex=max(self.mail_every - 5, 1)):
            run_mail_round(self.runtime, self.mail_round)

    def start(self) -> "LocalScheduler":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(min(self.every or 30, self.sample_every or 30, self.mail_every or 30, 30)):
            try:
                self._sample_if_due()
                self._mail_if_due()
                if self.every and self.runtime.redis.set(
                    self._lock_key, self._owner, nx=True, ex=max(self.every - 1, 1)
                ):
                    dispatch_due(self.runtime, lambda provider, account: run_queued(self.runtime, provider, account))
            except redis.RedisError as error:
                log.warning("Collection scheduler could not reach Redis: %s", type(error).__name__)
            except Exception:  # noqa: BLE001 - the scheduler thread must outlive one bad round
                log.exception("Collection round failed")


def start_local_scheduler(server) -> LocalScheduler | None:
    """Start the in-process scheduler of a serving process, when jobs are local and collection or sampling is on."""
    config = server.extensions["app_config"]
    mail_round = server.extensions.get("mail_round")
    mail_seconds = config.mail_every_seconds if mail_round else 0
    wanted = config.collect_every_seconds > 0 or config.stream_sample_seconds > 0 or mail_seconds > 0
    if config.background_jobs == "celery" or not wanted or "scheduler" in server.extensions:
        return None
    scheduler = LocalScheduler(
        server.extensions["runtime"],
        config.collect_every_seconds,
        config.stream_sample_seconds,
        mail_seconds,
        mail_round,
    ).start()
    server.extensions["scheduler"] = scheduler
    log.info("Collection: tracked accounts' daily rounds run in this process")
    return scheduler
