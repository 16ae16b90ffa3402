"""Load a Dash page over HTTP the way the browser does: the index, the page's layout, then every
callback the page fires on load, with the bodies Dash's renderer would send.

Built from what the server publishes (``/_dash-dependencies`` and the pages callback's layout),
not from the app's code, so it follows the app as it changes and measures what users wait for.
"""

import json
from dataclasses import dataclass

import requests

DISPATCH = "/_dash-update-component"
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
    """The callback bodies of one page load, ready to send again and again."""

    path: str
    bodies: list[dict]


def plan_page_load(http: requests.Session, base: str, path: str) -> PageLoad:
    """Ask the server for the page's layout and work out the callbacks its load fires."""
    dependencies = http.get(base + "/_dash-dependencies").json()
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
    components = _components(layout["response"]["_pages_content"]["children"], {})
    ids = [json.loads(key) if key.startswith("{") else key for key in components]
    bodies = [pages]
    for callback in dependencies:
        inputs = [_input(item, components, ids) for item in callback["inputs"]]
        if (
            callback.get("clientside_function")
            or callback.get("prevent_initial_call")
            or any(value is _ABSENT for value in inputs)
        ):
            continue  # runs in the browser, or is not fired by this page's load
        state = [_input(item, components, ids) for item in callback.get("state", [])]
        bodies.append(
            {
                "output": callback["output"],
                "outputs": _single(_outputs(callback["output"])),
                "inputs": inputs,
                "changedPropIds": [],
                "state": [s for s in state if s is not _ABSENT],
            }
        )
    return PageLoad(path, bodies)


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


def load_page(http: requests.Session, base: str, page: PageLoad, timeout: float = 30) -> list[requests.Response]:
    """One view of the page: its HTML, then each load-time callback (the browser sends these in parallel)."""
    replies = [http.get(base + page.path, timeout=timeout)]
    replies += [http.post(base + DISPATCH, json=body, timeout=timeout) for body in page.bodies]
    return replies
