"""A newcomer's first start: the sandbox accounts get 90 days of collected history by themselves.

``python app.py`` with the embedded database and nothing tracked yet runs history-demo (sync/demo.py)
in a thread once the server answers, since the sandbox it collects from is this very server.
``sandbox_served`` gives the CLI's history-demo a sandbox to talk to when no app is running.
"""

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import make_server

from core.config import DEFAULT_DATABASE_URL, Config
from sync.archive import HistoryUnavailable
from sync.demo import run_history_demo

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
def sandbox_served(server: Flask, config: Config) -> Iterator[None]:
    """The sandbox at ``config.sandbox_upstream``: the running app's, or this app served there for a while."""
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


def start_first_run_demo(server: Flask) -> None:
    """In a thread: wait for this server to answer, then fill the sandbox accounts' history."""
    config: Config = server.extensions["app_config"]
    log.info(
        "First start: filling %d days of history for the sandbox accounts in the background "
        "(under a minute; HISTORY_DEMO=0 turns this off)",
        DEMO_DAYS,
    )

    def run() -> None:
        deadline = time.monotonic() + SERVER_WAIT_SECONDS
        while not _answers(config.sandbox_upstream) and time.monotonic() < deadline:
            time.sleep(0.2)
        try:
            report = run_history_demo(server.extensions["runtime"], DEMO_DAYS)
            log.info("Sandbox history ready: %s", report.summary())
        except Exception:  # noqa: BLE001 - the app runs on without the demo history
            log.exception("The history demo could not finish; `flask --app app history-demo` tries again")

    threading.Thread(target=run, name="history-demo", daemon=True).start()
