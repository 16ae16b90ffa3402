"""What the dashboards' benchmarks share: the app served in its own process on 127.0.0.1, request
counting, and the warm-page measurement of every callback a dashboard page runs."""

import collections
import statistics
import subprocess
import sys
import time

import plotly.io.json
import requests

from tests.helpers.consent import sign_in
from tests.helpers.servers import free_port

LATENCY_MS = 50
PAGE_LOADS = 15
FIRST_SYNC_GOAL = 1.15  # first sync over the chain of requests that must follow one another


def start_server(redis_url: str, prefix: str) -> tuple[subprocess.Popen, str]:
    return start_served("benchmarks.serve", redis_url, prefix)


def start_served(module: str, *args: str) -> tuple[subprocess.Popen, str]:
    """Run ``python -m module PORT *args`` (a server that prints "ready" and stops when stdin closes)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", module, str(port), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    if process.stdout.readline().strip() != "ready":
        raise RuntimeError(f"the benchmark server {module} did not start")
    return process, f"http://127.0.0.1:{port}"


def stop_served(process: subprocess.Popen) -> None:
    process.stdin.close()
    process.wait(10)


def set_latency(base: str, provider: str, latency_ms: int | None) -> None:
    """Add latency to every sandbox request of ``provider``; None clears every fault."""
    if latency_ms is None:
        requests.delete(f"{base}/sandbox/_faults").raise_for_status()
    else:
        requests.post(
            f"{base}/sandbox/_faults", json={"provider": provider, "latency_ms": latency_ms}
        ).raise_for_status()


def counting(client) -> collections.Counter:
    """Count requests per endpoint by wrapping the client's transport."""
    counts = collections.Counter()
    send = client._send

    def counted(path, params):
        counts[path] += 1
        return send(path, params)

    client._send = counted
    return counts


def warm_pages(app, base: str, provider: str, heavy: str, typical: str) -> tuple[tuple, tuple]:
    """(median server ms to draw the whole page, bytes of its layout) for two accounts, synced.

    The page is drawn on the server, every panel in it (callbacks/pages.py); this times that drawing,
    inside the process. Loads alternate between the accounts, so that both medians come from the
    same moments of a shared, noisy machine.
    """
    cookies = {}
    for login in (heavy, typical):
        http = requests.Session()
        sign_in(http, base, provider, login)
        cookies[login] = http.cookies.get("session")
    path = "/" + provider
    layout = _page_layout(path)
    timings, sizes = {heavy: [], typical: []}, {}
    for _ in range(PAGE_LOADS):
        for login in (heavy, typical):
            with app.server.test_request_context(path, headers={"Cookie": f"session={cookies[login]}"}):
                started = time.perf_counter()
                page = layout()
                timings[login].append((time.perf_counter() - started) * 1000)
                sizes.setdefault(login, len(plotly.io.json.to_json_plotly(page)))
    return tuple((statistics.median(timings[login]), sizes[login]) for login in (heavy, typical))


def _page_layout(path: str):
    import dash

    return next(page["layout"] for page in dash.page_registry.values() if page["path"] == path)


def report_warm_page(measured: tuple[tuple[float, int], tuple[float, int]]) -> None:
    (heavy_ms, heavy_bytes), (typical_ms, typical_bytes) = measured
    print(
        f"  warm page, median of {PAGE_LOADS} draws of the whole page on the server: heavy {heavy_ms:.1f} ms, "
        f"typical {typical_ms:.1f} ms, ratio {heavy_ms / typical_ms:.2f} (limit 1.5)"
    )
    print(
        f"  data sent to the browser for the page (its layout with every panel, not the cached JS bundles): "
        f"heavy {heavy_bytes / 1024:.0f} KiB, typical {typical_bytes / 1024:.0f} KiB (limit 1 MB)"
    )


def redis_bytes(client, runtime, provider: str, account: str) -> dict[str, int]:
    """Redis memory (MEMORY USAGE) of each key the app keeps for one account: its cached datasets."""
    found = {}
    for prefix in (runtime.store.prefix,):
        for key in client.scan_iter(match=f"{prefix}{provider}:{account}:*"):
            found[key.decode().removeprefix(prefix + f"{provider}:{account}:")] = client.memory_usage(key) or 0
    return found


def report_redis_bytes(client, runtime, provider: str, account: str, login: str) -> None:
    sizes = redis_bytes(client, runtime, provider, account)
    biggest = ", ".join(
        f"{name} {size / 1024:.0f} KiB" for name, size in sorted(sizes.items(), key=lambda i: -i[1])[:4]
    )
    print(f"  Redis bytes for {login}: {sum(sizes.values()) / 1024:.0f} KiB in {len(sizes)} keys (largest: {biggest})")
