"""Which scripts a page loads, and when: everything its first view draws with comes in the first wave,
nothing it never uses comes at all.

Dash's ``eager_loading`` would fetch every lazily loaded chunk up front, MathJax and the DataTable's
among them (1.1 MB compressed that no page uses); without it, plotly.js and the graph's own chunk
would wait until the first graph arrives, several round trips in. So the scripts every dashboard
needs are made ordinary scripts of the page, and the rest stay lazy (fetched only if a page ever
uses them).

Plotly's cartesian bundle stands in for the full one: a third of the bytes, an official build of the
same plotly.js version, holding the trace types below; a figure of any other type would draw
nothing, which tests/integration/test_dashboard_variants.py checks against every panel's figures.
"""

import plotly.offline
from dash import dcc

from dashboard import vendor

TRACE_TYPES = frozenset(
    {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie"}
    | {"scatter", "scatterternary", "violin"}
)
FULL_PLOTLY = {"namespace": "plotly", "relative_package_path": "package_data/plotly.min.js"}
CARTESIAN_PLOTLY = {
    "namespace": vendor.__name__,
    "relative_package_path": "plotly-cartesian.min.js",
    "external_url": f"https://cdn.plot.ly/plotly-cartesian-{vendor.__version__}.min.js",
}
# dcc's lazily loaded chunks that every dashboard's first view uses: its graphs and its date range.
FIRST_VIEW_CHUNKS = ("dcc/async-graph.js", "dcc/async-datepicker.js")


def load_first_view_scripts_up_front() -> None:
    """Serve the cartesian plotly.js, and load it and the first view's chunks with the page's first scripts."""
    cartesian = plotly.offline.get_plotlyjs_version() == vendor.__version__  # else keep the full one, unmixed
    for resource in dcc._js_dist:
        if all(resource.get(key) == value for key, value in FULL_PLOTLY.items()):
            if cartesian:
                resource.update(CARTESIAN_PLOTLY)
            resource.pop("async", None)
        elif resource.get("relative_package_path") in FIRST_VIEW_CHUNKS:
            resource.pop("async", None)
