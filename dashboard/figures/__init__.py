"""Pure figure builders: records in, plotly figures out; tests call them without a server."""

from .style import register_template

# Every figure's look, set once: naming the template per figure made Plotly deep-copy and validate
# the whole template each time (about 25 ms of a 30 ms figure).
register_template()
