"""The Celery side of the job engine (BACKGROUND_JOBS=celery): the app's Celery, and how a web process hands it
work without ever waiting unbounded on its small broker pool.

A web process keeps two broker connections (Heroku's Redis plans count connections). Celery's own ways of using
them can wait for ever: a producer from its pool waits for a connection with no timeout (kombu's ProducerPool),
and every broadcast (a ping, a revoke) holds one connection while it waits for a producer on another, so two at
once deadlock the pool. Here a send takes a connection itself, for BROKER_WAIT_SECONDS at most, and the web
process broadcasts nothing: /healthz reads the workers' own notes (web/worker_presence.py), and a finished or
superseded job is left to end by itself instead of being revoked.
"""

import contextlib
import logging
import ssl

import redis
from celery import Celery
from dash import CeleryManager
from kombu.exceptions import KombuError

from core.config import Config
from core.connections import Store
from sync.jobs.heartbeat import Heartbeat
from web.background import HEAD_START_TASK, Identified, run_head_start
from web.worker_presence import WorkerPresence, announce_workers

log = logging.getLogger(__name__)

# Longest a request waits for one of the process's broker connections: past it the sync is not sent, and the
# page's own job, or the page's next try, starts it.
BROKER_WAIT_SECONDS = 2.0
UNSENT_JOB = "unsent"  # the job id of a sync the broker did not take: it reads as a job that died


@contextlib.contextmanager
def bounded_producer(celery_app: Celery):
    """A producer on one of the process's pooled broker connections, had within BROKER_WAIT_SECONDS (else
    kombu's LimitExceeded, a KombuError)."""
    connection = celery_app.pool.acquire(block=True, timeout=BROKER_WAIT_SECONDS)
    try:
        yield celery_app.amqp.Producer(connection)
    finally:
        connection.release()


class _BoundedCeleryManager(CeleryManager):
    """Dash's CeleryManager, sending within the bound and broadcasting nothing."""

    app_key: str
    redis: redis.Redis

    def call_job_fn(self, key, job_fn, args, context):
        try:
            with bounded_producer(self.handle) as producer:
                return job_fn.apply_async(args=[key, self._make_progress_key(key), args, context], producer=producer).id
        except (KombuError, redis.RedisError) as error:
            # The page is answered LOST_JOB at its next poll and asks again (a few times, then it says so).
            log.warning("A sync was not handed to the worker: %s", type(error).__name__)
            Heartbeat(self.redis, self.app_key, key).forget()
            return UNSENT_JOB

    def terminate_job(self, job):
        """Dash revokes a job whose result it read, or whose page asked again: a broadcast, which could deadlock
        the pool (above). A sync ends by itself within its deadline, and a second one finds its datasets claimed."""


class CeleryJobs(Identified, _BoundedCeleryManager):
    pass


def celery_manager(config: Config, store: Store) -> CeleryJobs:
    celery_app = Celery(__name__, broker=store.url, backend=store.url)
    # Late acknowledgement (below): a head start whose worker died is run again, and finds the datasets done.
    celery_app.task(name=HEAD_START_TASK, ignore_result=True)(run_head_start)
    # Queues, results and Dash's progress entries under the app's own prefix, like every other key.
    prefixed = {"global_keyprefix": config.key_prefix + "celery:"}
    celery_app.conf.broker_transport_options = prefixed
    celery_app.conf.result_backend_transport_options = prefixed
    celery_app.conf.update(
        # Keep reconnecting for as long as Redis is away, at start-up too (Celery 6 stops that by default).
        broker_connection_retry=True,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        # Syncs are idempotent: acknowledge one when it ends, and requeue it when its process dies mid-way.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # With late acknowledgement a worker holds only the sync it runs; queued ones stay free for others.
        worker_prefetch_multiplier=1,
        # Redis keeps an unacknowledged message until its visibility timeout, so cancelling running syncs on a
        # lost connection would only hold them back that long: they finish or fail, and the page re-runs them.
        worker_cancel_long_running_tasks_on_connection_loss=False,
        # Connections count on Heroku's Redis plans: a web process only sends a sync now and then and polls
        # its result, so it keeps two connections for sending and two for results (see README).
        broker_pool_limit=2,
        redis_max_connections=2,
        # Whatever of Celery still takes from its pools (the worker's own sends) waits this long at most.
        broker_pool_acquire_timeout=BROKER_WAIT_SECONDS,
    )
    if store.ssl_insecure:  # Heroku Redis's self-signed certificate, as for the session store
        celery_app.conf.broker_use_ssl = {"ssl_cert_reqs": ssl.CERT_NONE}
        celery_app.conf.redis_backend_use_ssl = {"ssl_cert_reqs": ssl.CERT_NONE}
    announce_workers(celery_app, WorkerPresence(store.client, config.key_prefix))  # what /healthz reads
    manager = CeleryJobs(celery_app, expire=3600)
    manager.app_key, manager.redis = config.key_prefix, store.client
    return manager
