"""Test helpers: a real Redis for the tests, and a real HTTP server for a WSGI app."""

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid

import redis
from werkzeug.serving import make_server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


class ThrowawayRedis:
    """A redis-server of our own on a free port: used when no Redis answers, and by tests that restart Redis.

    ``appendonly`` keeps the data on disk across a restart, as production's AOF does.
    """

    def __init__(self, appendonly: bool = False):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            raise RuntimeError(
                "The tests need Redis: set REDIS_URL, run one on 127.0.0.1:6379, "
                "or install redis-server (Debian: apt-get install redis-server)."
            )
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="test-redis-")
        self.appendonly = appendonly
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.appendonly else "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _answers(self.url):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start within 10 s")
            time.sleep(0.05)

    def halt(self):
        """Stop the server and keep its data (for a restart)."""
        self.process.terminate()
        self.process.wait(5)

    def stop(self):
        self.halt()
        shutil.rmtree(self.dir, ignore_errors=True)


def test_redis_url() -> tuple[str, ThrowawayRedis | None]:
    """REDIS_URL when set, else the local default, else a throwaway server."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    if _answers(url):
        return url, None
    if os.environ.get("REDIS_URL"):
        raise RuntimeError("REDIS_URL is set but no Redis answers there")
    throwaway = ThrowawayRedis()
    return throwaway.url, throwaway


def unique_prefix() -> str:
    """Every test run writes only under its own key prefix and deletes only those keys."""
    return f"test-{uuid.uuid4().hex[:12]}:"


def delete_prefixed(client: redis.Redis, prefix: str) -> None:
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


class LiveServer:
    """Serve a WSGI app on a free loopback port in a background thread (threaded, like prod)."""

    def __init__(self, wsgi_app, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, wsgi_app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._thread.join(5)


def age_stored_data(client: redis.Redis, prefix: str, provider: str, account: str, seconds: float = 86_400) -> None:
    """Make an account's stored datasets look fetched ``seconds`` ago, so that opening the page syncs them all."""
    import msgspec

    from sync.cache.store import DatasetStatus

    key = f"{prefix}data:{provider}:{account}:_status"
    for dataset, raw in client.hgetall(key).items():
        status = msgspec.msgpack.decode(raw, type=DatasetStatus)
        aged = DatasetStatus(status.fetched_at - seconds if status.fetched_at else None, status.notice, status.kind)
        client.hset(key, dataset, msgspec.msgpack.encode(aged))


def forget_stored(client: redis.Redis, prefix: str, provider: str, account: str, datasets: list[str]) -> None:
    """Drop what the app stored of ``datasets``, so that the next sync is the account's first."""
    client.delete(*(f"{prefix}data:{provider}:{account}:{dataset}" for dataset in datasets))
    client.hdel(f"{prefix}data:{provider}:{account}:_status", *datasets)


def sandbox_requests(client: redis.Redis, prefix: str, bucket: str) -> int:
    """How many requests the sandbox has served from its rate-limit ``bucket`` (e.g. "x:users_tweets")."""
    return sum(int(client.get(key) or 0) for key in client.scan_iter(match=f"{prefix}sandbox:ratelimit:{bucket}:*"))
