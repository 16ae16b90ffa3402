"""The glue: read the session, ask for data, hand records to the dashboard's builders."""
from . import common, frame, shell, twitch, twitter  # noqa: F401 - importing registers the callbacks with Dash
