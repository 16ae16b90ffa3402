"""Reading a panel callback's body as the browser gets it (JSON), whether its parts are components or kept JSON."""

import json

import plotly.io.json


def as_sent(body) -> list:
    """The body as Dash sends it: components and figures turned into plain JSON values."""
    return json.loads(plotly.io.json.to_json_plotly(body))


def notices(body) -> list[str]:
    """The panel's error notices, if any."""
    return [
        item["props"]["children"]
        for item in as_sent(body)
        if isinstance(item, dict) and "panel-error" in item.get("props", {}).get("className", "")
    ]


def figures(body) -> list[dict]:
    """The figures of the panel's graphs, as JSON, wherever they sit (a graph is wrapped with its text alternative)."""
    found: list[dict] = []

    def walk(item) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            if item.get("type") == "Graph":
                found.append(item["props"]["figure"])
            walk(item.get("props", {}).get("children"))

    walk(as_sent(body))
    return found


def figure_of(body) -> dict:
    return figures(body)[0]
