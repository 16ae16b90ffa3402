"""What a sync job needs outside a request: the app's config, Redis, vault and stores, by app key.

Dash runs background callbacks in another process with no Flask request or session. ``create_app``
registers its runtime here under its key prefix; the local job manager's forked processes inherit
the registry, and a Celery worker builds it by importing ``app`` (as the Procfile says). The
browser never sends any of this: the job manager adds the caller's identity (see background.py).
"""

import os
from dataclasses import dataclass

import redis
from sqlalchemy import Engine

from core.config import Config
from core.database import create_database_engine, session_factory
from core.vault import TokenVault
from sync.cache.store import DataStore
from sync.cache.view_memo import ViewMemo
from sync.database.archive import Archive

_RUNTIMES: dict[str, "Runtime"] = {}


@dataclass
class Runtime:
    config: Config
    redis: redis.Redis
    vault: TokenVault
    store: DataStore
    archive: Archive
    engine: Engine

    @property
    def key(self) -> str:
        return self.config.key_prefix


def register(config: Config, client: redis.Redis, vault: TokenVault) -> Runtime:
    engine = create_database_engine(config.database_url)
    # Forked job processes must not share the parent's database connections: they open their own.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    archive = Archive(session_factory(engine), vault.fernet, ViewMemo(client, config.key_prefix))
    runtime = Runtime(config, client, vault, DataStore(client, config.key_prefix), archive, engine)
    _RUNTIMES[runtime.key] = runtime
    return runtime


def lookup(key: str) -> Runtime:
    try:
        return _RUNTIMES[key]
    except KeyError:
        raise RuntimeError(
            "This job process has no app for its key; start workers with the Procfile's "
            "command so that they import app.py"
        ) from None
