"""Plotly's official cartesian bundle (npm ``plotly.js-cartesian-dist-min``, MIT, see plotly-LICENSE),
the same plotly.js version as the full bundle the plotly package ships; served by Dash from here."""

__version__ = "4.1.1"  # plotly.js; Dash puts it in the bundle's URL, so browsers fetch a new one when it changes
