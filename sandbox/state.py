"""Redis-backed memory of the sandbox: issued codes and tokens, rate-limit counters, fault switches.

Kept in Redis rather than in process memory so that every web worker of one deployment sees the
same tokens, and so that tests and benchmarks can flip fault switches over HTTP.
"""

import json
import time

import redis
from flask import g, has_request_context


class SandboxState:
    """Small JSON key-value store under one key prefix."""

    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.prefix = prefix + "sandbox:"

    def _key(self, kind: str, key: str) -> str:
        return f"{self.prefix}{kind}:{key}"

    def put(self, kind: str, key: str, value: dict, ttl: int | None = None) -> None:
        self.client.set(self._key(kind, key), json.dumps(value), ex=ttl)

    def get(self, kind: str, key: str) -> dict | None:
        raw = self.client.get(self._key(kind, key))
        return json.loads(raw) if raw else None

    def pop(self, kind: str, key: str) -> dict | None:
        """Read and delete at once, so a one-time code or token cannot be used twice."""
        raw = self.client.getdel(self._key(kind, key))
        return json.loads(raw) if raw else None

    def delete(self, kind: str, key: str) -> None:
        self.client.delete(self._key(kind, key))

    def count(self, bucket: str, window_seconds: int, now: float | None = None) -> tuple[int, int]:
        """Count one request in a fixed window of ``now`` (the clock's).

        Returns (requests so far, window reset epoch)."""
        now = int(time.time() if now is None else now)
        reset = now - now % window_seconds + window_seconds
        key = self._key("ratelimit", f"{bucket}:{reset}")
        pipe = self.client.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_seconds + 5)  # relative: a window of the clock's past is kept as long
        used, _ = pipe.execute()
        return used, reset

    # Fault switches, per provider ("x" or "twitch"); see sandbox/faults.py.
    def faults(self, provider: str) -> dict:
        """The provider's faults, read once per request however many checks ask."""
        if not has_request_context():
            return self.get("faults", provider) or {}
        seen = g.setdefault("sandbox_faults", {})
        if provider not in seen:
            seen[provider] = self.get("faults", provider) or {}
        return seen[provider]

    def set_faults(self, provider: str, faults: dict) -> None:
        if faults:
            self.put("faults", provider, faults)
        else:
            self.delete("faults", provider)

    def take_fault_budget(self, provider: str) -> bool:
        """Spend one of the remaining faulty replies; False once the budget is used up."""
        key = self._key("faultbudget", provider)
        left = self.client.decr(key)
        return left >= 0
