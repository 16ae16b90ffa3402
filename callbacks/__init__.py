"""The glue: read the session, load stored records, hand them to the dashboard's builders."""

from callbacks import collection, common, frame, overview, shell, streams, twitch, x  # noqa: F401 - importing registers the callbacks with Dash
