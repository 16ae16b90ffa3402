"""What a sync job needs outside a request: the app's config, Redis, vault and stores, by app key.

Dash runs background callbacks in another process with no Flask request or session. ``create_app``
registers its runtime here under its key prefix; the local job manager's forked processes inherit
the registry, and a Celery worker builds it by importing ``app`` (as the Procfile says). The
browser never sends any of this: the job manager adds the caller's identity (see background.py).
"""

from dataclasses import dataclass

import redis

from core.config import Config
from core.vault import TokenVault
from sync.snapshots import Snapshots
from sync.store import DataStore

_RUNTIMES: dict[str, "Runtime"] = {}


@dataclass
class Runtime:
    config: Config
    redis: redis.Redis
    vault: TokenVault
    store: DataStore
    snapshots: Snapshots

    @property
    def key(self) -> str:
        return self.config.key_prefix


def register(config: Config, client: redis.Redis, vault: TokenVault) -> Runtime:
    runtime = Runtime(config, client, vault, DataStore(client, config.key_prefix), Snapshots(client, config.key_prefix))
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
