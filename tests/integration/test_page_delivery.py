"""How the page reaches the browser: compressed, with plotly.js (its cartesian bundle) asked for in the first
wave of requests without holding up the page's scripts."""

import re

import requests

from dashboard.scripts import PLOTLY_URL, PRELOAD_FROM


def test_bundles_travel_compressed_and_plotly_loads_with_the_page(live_app):
    index = requests.get(live_app + "/twitch", headers={"Accept-Encoding": "gzip"})
    scripts = re.findall(r'<script src="([^"]+)"', index.text)
    assert not [src for src in scripts if "plotly" in src]  # not a script the page waits for
    # but fetched with them on a computer's screen (a phone's page fetches it once it is up)
    assert f'<link rel="preload" href="{PLOTLY_URL}" as="script" media="{PRELOAD_FROM}">' in index.text
    bundle = requests.get(live_app + PLOTLY_URL, headers={"Accept-Encoding": "gzip"})
    assert bundle.headers["Content-Encoding"] == "gzip"
    assert int(bundle.headers["Content-Length"]) < 600_000  # 1.5 MB as sent uncompressed; the full one 4.8 MB
    assert b"plotly.js (cartesian" in bundle.content[:200]  # where Dash's graphs load it from: the cartesian one
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


def test_our_scripts_and_styles_come_as_one_file_each_kept_a_year(live_app):
    index = requests.get(live_app + "/twitch").text
    assert "/assets/" not in index  # no file of dashboard/assets/ is its own request
    (script,) = re.findall(r'<script src="(/_bundle/app\.[0-9a-f]{16}\.js)"', index)
    (stylesheet,) = re.findall(r'<link rel="stylesheet" href="(/_bundle/app\.[0-9a-f]{16}\.css)"', index)
    # ours come before Dash's renderer: the components they define exist when it draws the layout
    assert index.index(script) < index.index("dash_renderer")
    for url, marker, kind in ((script, "LinkTable", "javascript"), (stylesheet, "--bs-", "text/css")):
        reply = requests.get(live_app + url, headers={"Accept-Encoding": "gzip"})
        assert reply.status_code == 200 and kind in reply.headers["Content-Type"]
        assert reply.headers["Content-Encoding"] == "gzip" and marker in reply.text
        assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_dashs_legacy_polyfill_is_left_out_and_dbc_sets_the_regenerator_runtime_before_dashs_scripts(live_app):
    sources = re.findall(r'<script src="([^"]+)"', requests.get(live_app + "/twitch").text)
    assert sources and not [src for src in sources if "polyfill@" in src]  # dashboard/scripts.py
    # the one part of it the page needs, the regenerator runtime Dash's compiled async functions call: dbc's
    # bundle sets it, and runs before Dash's renderer and components
    dbc = _position(sources, "dash_bootstrap_components")
    assert dbc < _position(sources, "dash_renderer") and dbc < _position(sources, "dash_core_components")
    assert "regeneratorRuntime=" in requests.get(live_app + sources[dbc]).text


def _position(sources: list[str], name: str) -> int:
    return next(n for n, src in enumerate(sources) if name in src)
