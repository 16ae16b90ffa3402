"""The folder: a thread that takes the inbox's messages in batches and folds each batch in one transaction.

It runs in the Celery worker in production (a bootstep starts it, web/celery_jobs.py) and in the
serving process locally (app.py). Several may run: the inbox's consumer group gives each entry to one.
A batch is acknowledged only once its fold committed; the database away means the batch waits (and
is taken again, by this folder or another, once STALE_MS passed), never that it is lost.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

import redis
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from eventsub.compact import sweep
from eventsub.fold import Folded, fold, prune_ledger
from eventsub.inbox import Inbox

log = logging.getLogger(__name__)

BATCH = 2000  # a busy chat folds in batches this large: 10,000 messages a second, against 5,000 in 500s
PAUSE_AFTER_FAILURE = 2.0
PRUNE_EVERY_SECONDS = 3600


class Folder:
    def __init__(
        self,
        inbox: Inbox,
        sessions: sessionmaker[Session],
        client: redis.Redis,
        key_prefix: str,
        went_live: Callable[[list[str]], None] = lambda channels: None,
    ):
        self.inbox, self.sessions, self.client, self.prefix = inbox, sessions, client, key_prefix
        self.went_live = went_live  # told, after the commit, of channels whose stream just began
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="eventsub-folder", daemon=True)
        self._pruned = 0.0
        self.folded = Folded()

    def start(self) -> "Folder":
        self._thread.start()
        return self

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self, wait: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(wait)

    def step(self, block_ms: int = 1000) -> int:
        """Fold one batch; returns how many messages it held (0: the inbox was empty)."""
        entries = self.inbox.take(self.name, BATCH, block_ms)
        if not entries:
            return 0
        with self.sessions.begin() as session:
            result = fold(
                session, [(message_id, record) for _, message_id, record in entries], self.client, self.prefix
            )
            if time.monotonic() - self._pruned > PRUNE_EVERY_SECONDS:
                prune_ledger(session)
                sweep(session)
                self._pruned = time.monotonic()
        self.inbox.done([entry_id for entry_id, _, _ in entries])
        if result.went_live:
            self.went_live(result.went_live)
        for name in ("events", "chat", "repeated", "untracked"):
            setattr(self.folded, name, getattr(self.folded, name) + getattr(result, name))
        return len(entries)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except (SQLAlchemyError, redis.RedisError) as error:
                log.warning("EventSub folder: %s; the batch waits and is taken again", type(error).__name__)
                self._stop.wait(PAUSE_AFTER_FAILURE)
            except Exception:  # noqa: BLE001 - the folder must outlive one bad batch
                log.exception("EventSub folder: a batch could not be folded")
                self._stop.wait(PAUSE_AFTER_FAILURE)
