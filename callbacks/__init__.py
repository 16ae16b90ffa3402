"""The glue: read the session, load stored records, hand them to the dashboard's builders."""

from callbacks import (  # noqa: F401 - importing registers the callbacks
    collection,
    common,
    overview,
    pages,
    sharing_controls,
    shell,
    streams,
    twitch,
    x,
    x_import,
)

# Each dashboard's redraw callback outputs every panel, so it is registered once all are added
# (the Twitch page's are in callbacks/twitch.py and callbacks/streams.py).
for _board in (twitch.board, x.board):
    _board.register_redraw()
