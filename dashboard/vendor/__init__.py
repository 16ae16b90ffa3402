"""Plotly's official cartesian bundle (npm ``plotly.js-cartesian-dist-min``, MIT, see plotly-LICENSE),
the same plotly.js version as the full bundle the plotly package ships; served where Dash's graphs load
plotly.js from (dashboard/scripts.py)."""

__version__ = "4.1.1"  # plotly.js: served only while the plotly package ships this version
