"""The glue: read the session, ask for data, hand records to the dashboard's builders."""
from callbacks import common
from callbacks import frame
from callbacks import shell
from callbacks import twitch
from callbacks import x as twitter  # noqa: F401 - importing registers the callbacks with Dash
