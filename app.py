"""Entry point: `python app.py` locally, `gunicorn app:server` on Heroku.

The composition itself lives in factory.py, so tests can build an app with their own
configuration without importing this module's environment-driven one.
"""

import sys

from core.config import ConfigError, load_config
from factory import create_app

try:
    import os

    _config = load_config(os.environ)
except ConfigError as error:
    sys.exit(f"Cannot start: {error}")

app = create_app(_config)
server = app.server
celery_app = server.extensions.get("celery")  # the Procfile's worker: celery -A app:celery_app worker

if __name__ == "__main__":
    from web.eventsub import start_folding
    from web.first_run import start_first_run_demo, wants_first_run_demo
    from web.scheduling import start_local_scheduler

    start_local_scheduler(server)  # local jobs: daily rounds run in this process
    start_folding(server)  # EventSub messages are folded here too (a worker does it in production)
    if wants_first_run_demo(server):  # a newcomer's sandbox accounts show 90 days of history at once
        start_first_run_demo()
    # threaded: the sandbox lives on this server, and a request to it from a callback needs a free thread.
    app.run(host="127.0.0.1" if not _config.production else "0.0.0.0", port=_config.port, debug=False, threaded=True)
