"""A newcomer's first start: the sandbox accounts get 90 days of collected history by themselves.

``python app.py`` with the embedded database and nothing tracked yet starts
``flask --app app history-demo`` (sync/demo.py) as a process of its own: it collects from the
sandbox this very server serves, and in its own process it shares no interpreter lock with the
pages. ``sandbox_served`` gives the command a sandbox to talk to: the running app's, once it
answers, or (with no app running) this app served for the while.
"""

import contextlib
import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import make_server

from core.config import DEFAULT_DATABASE_URL, Config
from sync.archive import HistoryUnavailable

log = logging.getLogger(__name__)

DEMO_DAYS = 90
SERVER_WAIT_SECONDS = 30


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 80), timeout=1):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def sandbox_served(server: Flask, config: Config, wait_seconds: float = 0) -> Iterator[None]:
    """The sandbox at ``config.sandbox_upstream``: the running app's (waited for up to ``wait_seconds``),
    or this app served there for a while."""
    deadline = time.monotonic() + wait_seconds
    while not _answers(config.sandbox_upstream) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _answers(config.sandbox_upstream):
        yield
        return
    parts = urlsplit(config.sandbox_upstream)
    http = make_server(parts.hostname, parts.port, server, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        http.shutdown()


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
    """``flask --app app history-demo`` beside this server, waiting for it to answer; its lines go to this log."""
    log.info(
        "First start: filling %d days of history for the sandbox accounts in the background "
        "(under a minute; HISTORY_DEMO=0 turns this off)",
        DEMO_DAYS,
    )
    command = [sys.executable, "-m", "flask", "--app", "app", "history-demo", "--days", str(DEMO_DAYS)]
    return subprocess.Popen([*command, "--wait", str(SERVER_WAIT_SECONDS)], cwd=Path(__file__).resolve().parent.parent)
