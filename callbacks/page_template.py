"""A page's static layout kept ready to fill: built once, then copied only where a view fills it.

Building a dashboard's layout makes a few hundred Dash components, and finding the ones to fill
means walking them all: together about as long as drawing every panel from the cache. The layout
is the same for everyone on a given day (its date range starts from today), so it is built once, as
the plain JSON-ready dicts Dash would send, with the path to every component that has an id. A view
then copies only the dicts and lists on the way to what it fills; the rest is shared, never changed.
"""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache

from dash.development.base_component import Component


def id_key(component_id) -> str:
    """A component id as a dictionary key: dict ids (pattern-matching ones) as sorted JSON."""
    return json.dumps(component_id, sort_keys=True) if isinstance(component_id, dict) else str(component_id)


def plain(node):
    """``node`` as Dash sends it: components as {"type", "namespace", "props"} dicts, all the way down (kept
    panels, orjson fragments, stay as they are: Dash's orjson encoder writes them out as they are)."""
    if isinstance(node, Component):
        node = node.to_plotly_json()
        return {**node, "props": {name: plain(value) for name, value in node["props"].items()}}
    if isinstance(node, list | tuple):
        return [plain(item) for item in node]
    if isinstance(node, dict):
        return {name: plain(value) for name, value in node.items()}
    return node


def _paths(node, path: tuple, found: dict) -> dict:
    """The path (keys and indexes from the root) to every component with an id, by its id key."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            _paths(item, (*path, index), found)
    elif isinstance(node, dict):
        props = node.get("props")
        if "namespace" in node and isinstance(props, dict):
            if props.get("id") is not None:
                found[id_key(props["id"])] = path
            for name, value in props.items():
                _paths(value, (*path, "props", name), found)
    return found


class PageTemplate:
    def __init__(self, layout):
        self.root = plain(layout)
        self.paths = _paths(self.root, (), {})

    def props(self, key: str) -> dict:
        """The static props of the component with id key ``key`` (read only)."""
        node = self.root
        for step in self.paths[key]:
            node = node[step]
        return node["props"]

    def filled(self, values: dict[tuple[str, str], object]) -> dict:
        """The layout with each (id key, property) of ``values`` (plain JSON values, see ``plain``) set; the
        template itself is left as it was."""
        root = dict(self.root)
        copied = {id(root)}
        for (key, prop), value in values.items():
            node = root
            for step in (*self.paths[key], "props"):
                child = node[step]
                if id(child) not in copied:
                    child = child.copy()
                    copied.add(id(child))
                    node[step] = child
                node = child
            node[prop] = value
        return root


def template_of(layout: Callable, query: dict) -> PageTemplate:
    """The template of ``layout(**query)`` for today (the layouts' date ranges end today)."""
    return _template(layout, tuple(sorted(query.items())), datetime.now(UTC).date())


@lru_cache(maxsize=32)  # a few pages, a few home notices; a query nobody else sends falls out
def _template(layout: Callable, query: tuple, _day) -> PageTemplate:
    return PageTemplate(layout(**dict(query)))
