"""A page's static layout kept as a template: filled per view without changing what the next view gets."""

from dash import dcc, html

from callbacks.page_template import PageTemplate, id_key
from web.compression import BundleCache


def _page():
    return html.Div(
        [
            html.Div(id="gate"),
            html.Div([html.Span("skeleton", id={"type": "panel-body", "panel": "a"})], id="frame", style={"x": 1}),
            dcc.Store(id="drawn"),
        ]
    )


def test_a_view_fills_its_own_copy_and_the_template_stays_as_built():
    template = PageTemplate(_page())
    before = repr(template.root)
    body = id_key({"type": "panel-body", "panel": "a"})
    filled = template.filled({(body, "children"): "drawn", ("drawn", "data"): {"a": "key"}, ("frame", "style"): {}})
    assert repr(template.root) == before
    frame = filled["props"]["children"][1]
    assert frame["props"]["style"] == {} and frame["props"]["children"][0]["props"]["children"] == "drawn"
    assert filled["props"]["children"][2]["props"]["data"] == {"a": "key"}
    assert filled["props"]["children"][0] is template.root["props"]["children"][0]  # what is not filled is shared
    assert template.props("frame")["style"] == {"x": 1}


def test_only_fingerprinted_bundles_are_kept_compressed():
    cache = BundleCache()
    cache.set("zstd;/_dash-component-suites/dash/dcc/x.v1m2.js?", b"bundle")
    cache.set("zstd;fresh:", b"a callback reply")
    assert cache.get("zstd;/_dash-component-suites/dash/dcc/x.v1m2.js?") == b"bundle"
    assert cache.get("zstd;fresh:") is None


def test_kept_bundles_stay_within_their_bytes_dropping_the_least_recently_used():
    cache = BundleCache(limit=10)
    cache.set("gzip;/_dash-component-suites/a.js", b"aaaa")
    cache.set("gzip;/_dash-component-suites/b.js", b"bbbb")
    assert cache.get("gzip;/_dash-component-suites/a.js") == b"aaaa"  # a is now the most recently used
    cache.set("gzip;/_dash-component-suites/c.js", b"cccc")  # 12 bytes: b goes
    assert cache.get("gzip;/_dash-component-suites/b.js") is None
    assert cache.get("gzip;/_dash-component-suites/a.js") == b"aaaa" and cache.get("gzip;/_dash-component-suites/c.js")
    cache.set("gzip;/_dash-component-suites/big.js", b"x" * 11)  # bigger than the whole cache: never kept
    assert cache.get("gzip;/_dash-component-suites/big.js") is None and cache.get("gzip;/_dash-component-suites/c.js")
