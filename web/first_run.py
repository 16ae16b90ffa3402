"""A newcomer's first start: the sandbox accounts get 90 days of collected history by themselves.

``python app.py`` with the embedded database and nothing tracked yet starts
``flask --app app history-demo`` (sync/collection/demo.py) as a process of its own, which serves a sandbox of its
own on a private port (sharing the running app's sandbox state in Redis, so the tokens it gets are good
on both) and collects from it: the fill's five thousand requests never queue with the pages' requests
on the running app's threads, and share no interpreter lock with them.
"""

import contextlib
import dataclasses
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from core.config import DEFAULT_DATABASE_URL, Config
from sync.database.archive import HistoryUnavailable
from sync.runtime import Runtime

log = logging.getLogger(__name__)

DEMO_DAYS = 90


@contextlib.contextmanager
def private_sandbox(server: Flask, runtime: Runtime) -> Iterator[Runtime]:
    """This app served on a free loopback port for the while, and ``runtime`` with its calls sent there."""
    http = make_server("127.0.0.1", 0, server, threaded=True)  # a free port, chosen as it binds
    port = http.server_port
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        config = dataclasses.replace(runtime.config, sandbox_url=f"http://127.0.0.1:{port}")
        yield dataclasses.replace(runtime, config=config)
    finally:
        http.shutdown()
        http.server_close()


def wants_first_run_demo(server: Flask) -> bool:
    """A development start on the embedded database with no tracked account, sandbox on, demo not turned off."""
    config: Config = server.extensions["app_config"]
    if config.production or not config.sandbox or not config.history_demo:
        return False
    if config.database_url != DEFAULT_DATABASE_URL:
        return False
    if not (config.uses_sandbox("twitch") or config.uses_sandbox("twitter")):
        return False
    try:
        return server.extensions["runtime"].archive.is_empty()
    except HistoryUnavailable:
        return False


def start_first_run_demo() -> subprocess.Popen:
    """``flask --app app history-demo`` beside this server; its lines go to this log."""
    log.info(
        "First start: filling %d days of history for the sandbox accounts in the background "
        "(about a minute on two cores; HISTORY_DEMO=0 turns this off)",
        DEMO_DAYS,
    )
    command = [sys.executable, "-m", "flask", "--app", "app", "history-demo", "--days", str(DEMO_DAYS)]
    return subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent)
