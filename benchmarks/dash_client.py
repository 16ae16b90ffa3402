"""Load a Dash page over HTTP the way the browser does: Dash's layout, asked for from the page, then (when
the layout does not carry the page) the router's callback, then every callback the page fires on load,
then the redraw of the panels in view (for a window that holds the whole page), with the bodies Dash's
renderer would send.

Built from what the server publishes (``/_dash-dependencies`` and the pages callback's layout),
not from the app's code, so it follows the app as it changes and measures what users wait for.
"""

import json
from dataclasses import dataclass

import requests

DISPATCH = "/_dash-update-component"
# What Chromium asks for: a timed view is compressed as a browser's is (zstd where the server has it). Only
# timed requests send it (they are counted, not read); requests that are read take what requests decodes.
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."


def _parse_id(text: str):
    return json.loads(text) if text.startswith("{") else text


def _outputs(spec: str) -> list[dict]:
    """'..a.children...b.data..' or 'a.data' -> [{"id", "property"}, ...]."""
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    found = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        found.append({"id": _parse_id(component), "property": prop})
    return found


def _components(node, found: dict) -> dict:
    """Every component of a layout by id (dict ids as sorted JSON), with its props."""
    if isinstance(node, list):
        for child in node:
            _components(child, found)
    elif isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict):
            if "id" in props:
                key = json.dumps(props["id"], sort_keys=True) if isinstance(props["id"], dict) else props["id"]
                found[key] = props
            for value in props.values():
                _components(value, found)
    return found


def _matches(pattern: dict, candidate) -> bool:
    return (
        isinstance(candidate, dict)
        and candidate.keys() == pattern.keys()
        and all(
            value in (["ALL"], ["MATCH"], ["ALLSMALLER"]) or candidate[key] == value for key, value in pattern.items()
        )
    )


@dataclass
class PageLoad:
    """The requests of one page load, ready to send again and again: Dash's layout, asked for from the page
    (its Referer names it), then each wave of callbacks the renderer sends at once."""

    path: str
    referer: str
    waves: list[list[dict]]

    @property
    def bodies(self) -> list[dict]:
        return [body for wave in self.waves for body in wave]

    def layout(self, http: requests.Session, base: str, timeout: float = 30, headers=None) -> requests.Response:
        headers = {"Referer": self.referer, **(headers or {})}
        return http.get(base + "/_dash-layout", headers=headers, timeout=timeout)

    def view(self, http: requests.Session, base: str, send=None, timeout: float = 30) -> list[requests.Response]:
        """The layout, then each wave, as the browser asks; ``send(post, bodies)`` sends a wave (a pool's map:
        at once). The replies are for their sizes and times: their bodies stay encoded."""
        send = send or map
        replies = [self.layout(http, base, timeout, BROWSER)]
        for wave in self.waves:
            replies += send(lambda body: http.post(base + DISPATCH, json=body, headers=BROWSER, timeout=timeout), wave)
        return replies

    def figures(self, http: requests.Session, base: str) -> list[dict]:
        """Every figure the page shows once loaded, in order: those in its layout, then those of its callbacks."""
        from .floor import figures_in

        found = figures_in(self.layout(http, base).json(), [])
        return figures_in([http.post(base + DISPATCH, json=body, timeout=30).json() for body in self.bodies], found)


def plan_page_load(http: requests.Session, base: str, path: str) -> PageLoad:
    """Ask the server for the page's layout as the browser does and work out the callbacks its load fires."""
    dependencies = http.get(base + "/_dash-dependencies").json()
    referer = base + path
    components = _components(http.get(base + "/_dash-layout", headers={"Referer": referer}).json(), {})
    waves = []
    if components.get("_pages_location", {}).get("pathname") != path:  # Dash's router fills the page: one more wave
        pages = {
            "output": PAGES_OUTPUT,
            "outputs": _outputs(PAGES_OUTPUT),
            "changedPropIds": ["_pages_location.pathname"],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": path},
                {"id": "_pages_location", "property": "search", "value": ""},
            ],
            "state": [],
        }
        layout = http.post(base + DISPATCH, json=pages).json()
        _components(layout["response"]["_pages_content"]["children"], components)
        waves.append([pages])
    ids = [json.loads(key) if key.startswith("{") else key for key in components]
    fired = []
    for callback in dependencies:
        inputs = [_input(item, components, ids) for item in callback["inputs"]]
        if (
            callback.get("clientside_function")
            or callback.get("prevent_initial_call")
            or any(value is _ABSENT for value in inputs)
        ):
            continue  # runs in the browser, or is not fired by this page's load
        state = [_input(item, components, ids) for item in callback.get("state", [])]
        fired.append(
            {
                "output": callback["output"],
                "outputs": _single(_outputs(callback["output"])),
                "inputs": inputs,
                "changedPropIds": [],
                "state": [s for s in state if s is not _ABSENT],
            }
        )
    if fired:
        waves.append(fired)
    in_view = [_in_view_redraw(callback, components, ids) for callback in dependencies]
    if any(in_view):
        waves.append([body for body in in_view if body])
    return PageLoad(path, referer, waves)


IN_VIEW = "-in-view"  # the store 70-panels-in-view.js sets: which panels are near the screen


def _in_view_redraw(callback: dict, components: dict, ids: list) -> dict | None:
    """The redraw a browser asks for once the page is up and its panels are in view (a window that holds the
    whole page: every panel), or None for a callback that does not draw panels in view."""
    store = next((i["id"] for i in callback["inputs"] if i["id"].endswith(IN_VIEW) and i["property"] == "data"), None)
    if store is None or store not in components:
        return None
    provider = store.removesuffix(IN_VIEW)
    panels = [key.removeprefix(f"{provider}-panel-") for key in components if key.startswith(f"{provider}-panel-")]
    inputs = [
        {"id": store, "property": "data", "value": {"panels": panels, "at": 1}}
        if item["id"] == store
        else _input(item, components, ids)
        for item in callback["inputs"]
    ]
    if any(value is _ABSENT for value in inputs):
        return None
    state = [_input(item, components, ids) for item in callback.get("state", [])]
    return {
        "output": callback["output"],
        "outputs": _single(_outputs(callback["output"])),
        "inputs": inputs,
        "changedPropIds": [f"{store}.data"],
        "state": [s for s in state if s is not _ABSENT],
    }


_ABSENT = object()


def _single(outputs: list[dict]):
    return outputs[0] if len(outputs) == 1 else outputs


def _input(item: dict, components: dict, ids: list):
    """The input as the renderer sends it, or _ABSENT when the page has no such component."""
    pattern = _parse_id(item["id"])
    prop = item["property"]
    if isinstance(pattern, dict) and any(isinstance(v, list) for v in pattern.values()):
        matched = [i for i in ids if _matches(pattern, i)]
        if not matched:
            return _ABSENT
        return [
            {"id": i, "property": prop, "value": components[json.dumps(i, sort_keys=True)].get(prop)} for i in matched
        ]
    key = json.dumps(pattern, sort_keys=True) if isinstance(pattern, dict) else pattern
    if key not in components:
        return _ABSENT
    return {"id": pattern, "property": prop, "value": components[key].get(prop)}
