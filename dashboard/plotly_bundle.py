"""Plotly's cartesian bundle instead of the full one: a third of the bytes, and every chart here is in it.

The full plotly.js (4.8 MB, 1.5 MB compressed) carries maps, 3D and finance traces no page draws.
The cartesian bundle is an official build of the same plotly.js version with the trace types below;
a figure of any other type would draw nothing, which tests/integration/test_dashboard_variants.py
checks against every panel's figures.
"""

import plotly.offline
from dash import dcc

from dashboard import vendor

TRACE_TYPES = frozenset(
    {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie"}
    | {"scatter", "scatterternary", "violin"}
)
FULL = {"namespace": "plotly", "relative_package_path": "package_data/plotly.min.js"}
CARTESIAN = {"namespace": vendor.__name__, "relative_package_path": "plotly-cartesian.min.js"}


def use_cartesian_bundle() -> None:
    """Serve the cartesian bundle where Dash would serve the full one (loaded as eagerly)."""
    if plotly.offline.get_plotlyjs_version() != vendor.__version__:
        return  # a plotly upgrade without a matching bundle: keep the full one rather than mix versions
    for resource in dcc._js_dist:
        if all(resource.get(key) == value for key, value in FULL.items()):
            resource.update(CARTESIAN, external_url=f"https://cdn.plot.ly/plotly-cartesian-{vendor.__version__}.min.js")
