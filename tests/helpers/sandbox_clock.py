"""Set and clear the sandbox's clock over HTTP (sandbox/clock.py), as tests and benchmarks do."""

from datetime import UTC, datetime

import requests


def set_clock(server_url: str, at: datetime | float) -> dict:
    """Make the sandbox at ``server_url`` answer as of ``at`` (a datetime or epoch seconds)."""
    stamp = at.astimezone(UTC).isoformat() if isinstance(at, datetime) else at
    reply = requests.post(f"{server_url}/sandbox/_clock", json={"at": stamp}, timeout=10)
    reply.raise_for_status()
    return reply.json()


def clear_clock(server_url: str) -> dict:
    """Put the sandbox back on real time."""
    reply = requests.delete(f"{server_url}/sandbox/_clock", timeout=10)
    reply.raise_for_status()
    return reply.json()
