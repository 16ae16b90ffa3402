"""How the page reaches the browser: compressed, with Plotly in the first wave of requests."""

import re

import requests


def test_bundles_travel_compressed_and_plotly_loads_with_the_page(live_app):
    index = requests.get(live_app + "/twitch", headers={"Accept-Encoding": "gzip"})
    scripts = re.findall(r'<script src="([^"]+)"', index.text)
    plotly = [src for src in scripts if "plotly" in src and src.endswith(".min.js")]
    assert plotly, "plotly.js is not among the page's first scripts"
    assert len(plotly) == 1 and "plotly-cartesian" in plotly[0]  # the cartesian bundle, not the full one too
    bundle = requests.get(live_app + plotly[0], headers={"Accept-Encoding": "gzip"}, stream=True)
    assert bundle.headers["Content-Encoding"] == "gzip"
    assert int(bundle.headers["Content-Length"]) < 600_000  # 1.5 MB as sent uncompressed; the full one 4.8 MB
    reply = requests.post(
        live_app + "/_dash-update-component",
        headers={"Accept-Encoding": "gzip"},
        json={
            "output": "twitch-alerts.children",
            "outputs": {"id": "twitch-alerts", "property": "children"},
            "inputs": [{"id": "twitch-synced", "property": "data", "value": {"at": 1, "error": "x" * 2000}}],
            "changedPropIds": ["twitch-synced.data"],
            "state": [{"id": "twitch-sync-request", "property": "data", "value": None}],
        },
    )
    assert reply.status_code == 200 and reply.headers.get("Content-Encoding") == "gzip"
