"""Pure figure builders: records in, plotly figures out; tests call them without a server."""
