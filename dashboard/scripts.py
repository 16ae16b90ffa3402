"""Which scripts a page loads, and when: everything its first view draws with comes in the first wave,
nothing it never uses comes at all, and nothing big holds up the page's start.

Dash's ``eager_loading`` would fetch every lazily loaded chunk up front, MathJax and the DataTable's
among them (1.1 MB compressed that no page uses); so the small chunks every dashboard's first view
uses (its graphs', its date range's) are made ordinary scripts of the page, and the rest stay lazy.

plotly.js is not one of those scripts: a page's layout carries its charts already drawn, so the page
can ask for it before plotly.js has arrived. Dash's graphs load plotly.js themselves, from the
address below, when the first one is drawn; the page's head asks for it at once (a preload), so it
downloads with the first scripts and is compiled off the main thread instead of holding up the start.

Dash's first script is @babel/polyfill (core-js 2 with the regenerator runtime), for browsers of before
2017. A browser that runs React 18 and plotly.js 4 has built in all of it the page's scripts use but one
global, ``regeneratorRuntime``, which Dash's and dbc's compiled async functions call; dbc's bundle, which runs
before Dash's renderer and components, sets that global itself. So the page leaves the polyfill out:
99 KB the browser compiled and ran before any other script could start, and with which cold loads drew
their charts about a tenth later (benchmarks/browser.py). tests/integration/test_page_delivery.py checks
that dbc's bundle still sets the global, tests/browser/test_csp.py that no page logs an error.

That address serves Plotly's official cartesian bundle instead of the full one: a third of the bytes,
an official build of the same plotly.js version, holding the trace types below; a figure of any other
type would draw nothing, which tests/integration/test_dashboard_variants.py checks against every
panel's figures.
"""

from pathlib import Path

import plotly.offline
from dash import _dash_renderer, dcc

from dashboard import vendor

TRACE_TYPES = frozenset(
    {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie"}
    | {"scatter", "scatterternary", "violin"}
)
# Where Dash's graphs load plotly.js from (dash-renderer's ``_dashPlotlyJSURL`` when serving locally).
PLOTLY_URL = "/_dash-component-suites/plotly/package_data/plotly.min.js"
CARTESIAN_PLOTLY = Path(vendor.__file__).parent / "plotly-cartesian.min.js"
# dcc's lazily loaded chunks that every dashboard's first view uses: its graphs and its date range.
FIRST_VIEW_CHUNKS = ("dcc/async-graph.js", "dcc/async-datepicker.js")


def load_first_view_scripts_up_front() -> None:
    """Load the first view's chunks with the page's first scripts (plotly.js comes by PLOTLY_URL)."""
    for resource in dcc._js_dist:
        if resource.get("relative_package_path") in FIRST_VIEW_CHUNKS:
            resource.pop("async", None)


def leave_out_legacy_polyfill() -> None:
    """Drop @babel/polyfill from the scripts Dash loads before React (dbc's bundle sets ``regeneratorRuntime``)."""
    for dependencies in _dash_renderer._js_dist_dependencies:
        for key in ("relative_package_path", "external_url"):
            for mode, paths in dependencies[key].items():
                dependencies[key][mode] = [path for path in paths if "polyfill@" not in path]


def plotly_bundle() -> bytes | None:
    """The bundle PLOTLY_URL serves: the cartesian one, or None (Dash's own, full) if its version differs."""
    if plotly.offline.get_plotlyjs_version() != vendor.__version__:
        return None  # a plotly upgrade without its cartesian bundle: keep the full one, unmixed
    return CARTESIAN_PLOTLY.read_bytes()


# A computer's first screen holds a chart; a phone's holds the cards (its charts are drawn as they come into
# view), and plotly.js would share its slow link with the scripts the live page needs.
PRELOAD_FROM = "(min-width: 992px)"


def preload_plotly(index: str) -> str:
    """Dash's page template asking for plotly.js with the first scripts, on a computer's screen (a phone's
    page asks for it once it is up: 70-panels-in-view.js)."""
    link = f'<link rel="preload" href="{PLOTLY_URL}" as="script" media="{PRELOAD_FROM}">'
    return index.replace("{%css%}", f"{{%css%}}\n        {link}", 1)
