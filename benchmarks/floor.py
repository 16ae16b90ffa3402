"""The floor the dashboards are measured against: a default Dash app sending the very same figures.

Plain ``dash.Dash`` (no pages, no sessions, no compression, no store), a layout of one ``dcc.Graph``
per figure and one callback that returns the figures' JSON, read once from a file at start. Served
like the app (benchmarks/serve.py: gunicorn with gunicorn.conf.py, one process), so what is left
between the two is what the app does per request.

    python -m benchmarks.floor PORT FIGURES_JSON [WORKERS]
"""

import json
import sys
from pathlib import Path

import dash
import requests
from dash import Input, Output, dcc, html


def floor_app(figures: list[dict]) -> dash.Dash:
    app = dash.Dash(__name__)
    graphs = [dcc.Graph(id=f"floor-graph-{n}") for n in range(len(figures))]
    app.layout = html.Div([dcc.Store(id="floor-opened", data=1), *graphs])

    @app.callback([Output(graph.id, "figure") for graph in graphs], Input("floor-opened", "data"))
    def send_figures(_opened):
        return figures

    return app


def figures_in(node, found: list) -> list:
    """Every figure in a callback reply or layout, in order (the props of each dcc.Graph)."""
    if isinstance(node, list):
        for child in node:
            figures_in(child, found)
    elif isinstance(node, dict):
        if node.get("type") == "Graph" and isinstance((node.get("props") or {}).get("figure"), dict):
            found.append(node["props"]["figure"])
        else:
            for value in node.values():
                figures_in(value, found)
    return found


def floor_bodies(http: requests.Session, base: str) -> list[dict]:
    """The body of the floor's one callback, as the browser sends it."""
    (callback,) = http.get(base + "/_dash-dependencies", timeout=30).json()
    outputs = [{"id": spec.rsplit(".", 1)[0], "property": "figure"} for spec in callback["output"][2:-2].split("...")]
    return [
        {
            "output": callback["output"],
            "outputs": outputs,
            "inputs": [{"id": "floor-opened", "property": "data", "value": 1}],
            "changedPropIds": [],
            "state": [],
        }
    ]


def main(port: int, figures_file: str, workers: int = 1) -> None:
    from .serve import quiet_stdout, serve

    quiet_stdout()
    serve(floor_app(json.loads(Path(figures_file).read_text())).server, port, workers)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], *(int(a) for a in sys.argv[3:4]))
