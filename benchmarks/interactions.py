"""What a person waits for after the page is up: a new date range (the dashboard's one redraw callback, as the
renderer sends it) and a new time zone (the setting reloads the page on the new clock: the layout again, with
the zone's cookie, then the redraw of its panels in view). Server time over HTTP on the heavy accounts' synced
pages, every range and zone one the page has not drawn before (a range drawn before comes from the
rendered-panel cache), and what each sends.
"""

import json
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import requests

from tests.helpers.consent import sign_in

from .dash_client import DISPATCH, IN_VIEW, _components, _in_view_redraw, _outputs, _single

CHANGES = 7
ZONES = ("America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo")
REDRAW_GOAL_MS = 1000  # on screen within a second: the server's part must leave the browser most of it


def _redraw_callback(dependencies: list[dict], provider: str) -> dict:
    return next(c for c in dependencies if f"{provider}-drawn.data" in c["output"])


def _redraw_body(dependencies: list[dict], components: dict, provider: str, start: date, end: date) -> dict:
    """The dashboard's redraw, as the renderer sends it when the date range changes."""
    callback = _redraw_callback(dependencies, provider)
    inputs = []
    for item in callback["inputs"]:
        key = item["id"]
        if key.startswith("{"):  # the range picker: a pattern id
            ident = json.loads(key)
            props = components[json.dumps(ident, sort_keys=True)]
            value = {"start_date": start.isoformat(), "end_date": end.isoformat()}.get(item["property"])
            inputs.append({"id": ident, "property": item["property"], "value": value or props.get(item["property"])})
        elif key == f"{provider}{IN_VIEW}":  # a window that holds the whole page: every panel in view
            inputs.append({"id": key, "property": "data", "value": {"panels": _panels(components, provider), "at": 1}})
        else:
            inputs.append(
                {"id": key, "property": item["property"], "value": components.get(key, {}).get(item["property"])}
            )
    state = [
        {"id": s["id"], "property": s["property"], "value": components.get(s["id"], {}).get(s["property"])}
        for s in callback["state"]
    ]
    changed = json.dumps({"provider": provider, "type": "range-dates"}, sort_keys=True, separators=(",", ":"))
    return {
        "output": callback["output"],
        "outputs": _single(_outputs(callback["output"])),
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{changed}.start_date"],
    }


def _panels(components: dict, provider: str) -> list[str]:
    return [key.removeprefix(f"{provider}-panel-") for key in components if key.startswith(f"{provider}-panel-")]


def _wire(reply: requests.Response) -> int:
    return int(reply.headers.get("Content-Length") or len(reply.content))


def _figures(reply: dict) -> int:
    """Charts the reply redraws: each comes as a graph's ``figure``."""
    return json.dumps(reply).count('"figure":')


def interactions(base: str, provider: str, login: str) -> None:
    """Print the server time of a range change and of a zone change on ``login``'s page (already synced)."""
    http = requests.Session()
    sign_in(http, base, provider, login)
    path = "/" + provider
    dependencies = http.get(base + "/_dash-dependencies").json()
    components = _components(http.get(base + "/_dash-layout", headers={"Referer": base + path}).json(), {})
    today = datetime.now(UTC).date()
    ranges, zones = [], []
    for n in range(CHANGES):  # each a range the page has not drawn: ending n days ago, 30 days long
        end = today - timedelta(days=n + 1)
        body = _redraw_body(dependencies, components, provider, end - timedelta(days=29), end)
        started = time.perf_counter()
        reply = http.post(base + DISPATCH, json=body, timeout=60)  # gzip, which requests reads back
        took = (time.perf_counter() - started) * 1000
        reply.raise_for_status()
        ranges.append((took, _wire(reply), _figures(reply.json()) if reply.status_code == 200 else 0))
    for zone in ZONES:  # the page again, then its panels in view (a window that holds the whole page)
        started = time.perf_counter()
        reply = http.get(base + "/_dash-layout", headers={"Referer": base + path}, cookies={"tz": zone}, timeout=60)
        reply.raise_for_status()
        redraw = _in_view_redraw(_redraw_callback(dependencies, provider), _components(reply.json(), {}), [])
        drawn = http.post(base + DISPATCH, json=redraw, cookies={"tz": zone}, timeout=60)
        took = (time.perf_counter() - started) * 1000
        drawn.raise_for_status()
        zones.append((took, _wire(reply) + _wire(drawn)))
    range_ms, zone_ms = statistics.median(t for t, _, _ in ranges), statistics.median(t for t, _ in zones)
    print(
        f"  range change on {login}'s page, median of {CHANGES} new ranges: {range_ms:.0f} ms on the server "
        f"(slowest {max(t for t, _, _ in ranges):.0f} ms), {statistics.median(b for _, b, _ in ranges) / 1024:.0f} KiB "
        f"on the wire, {statistics.median(f for _, _, f in ranges):.0f} figures sent (goal: on screen within "
        f"{REDRAW_GOAL_MS} ms)"
    )
    print(
        f"  zone change on {login}'s page (the page again on the new clock), median of {len(ZONES)} zones: "
        f"{zone_ms:.0f} ms on the server (slowest {max(t for t, _ in zones):.0f} ms), "
        f"{statistics.median(b for _, b in zones) / 1024:.0f} KiB on the wire"
    )
