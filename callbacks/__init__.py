"""The glue: read the session, load stored records, hand them to the dashboard's builders."""

from callbacks import common, frame, overview, shell, twitch, x  # noqa: F401 - importing registers the callbacks with Dash
