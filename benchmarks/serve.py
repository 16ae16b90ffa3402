"""Serve the whole app on 127.0.0.1 in its own process, so the benchmark's client work shares no GIL with it.

Served by gunicorn with the production settings (gunicorn.conf.py), not werkzeug's dev server: the
dev server closes every connection, so each chained request would pay a new connection and thread.
"""

import logging
import os
import runpy
import signal
import sys
import threading
from pathlib import Path

from gunicorn.app.base import BaseApplication

from factory import create_app
from tests.helpers.config import app_config

SETTINGS = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


class Server(BaseApplication):
    def __init__(self, wsgi_app, port: int, workers: int = 1):
        self.wsgi_app, self.port, self.workers = wsgi_app, port, workers
        super().__init__()

    def load_config(self):
        for name, value in runpy.run_path(str(SETTINGS)).items():
            if name in self.cfg.settings:
                self.cfg.set(name, value)
        self.cfg.set("bind", f"127.0.0.1:{self.port}")
        # One process: the sandbox generates an account's posts once per process, and the benchmark
        # warms them before timing; a second, cold worker would time that generation instead.
        self.cfg.set("workers", self.workers)
        self.cfg.set("accesslog", "/dev/stderr")  # stdout carries only "ready"
        self.cfg.set("when_ready", _when_ready)
        # No collection rounds in the timed server (they would compete with what is timed), and the floor
        # is no app of ours to start them for.
        self.cfg.set("post_worker_init", lambda worker: None)

    def load(self):
        return self.wsgi_app


def _when_ready(arbiter) -> None:
    sys.stdout.write("ready\n")
    sys.stdout.flush()

    def stop_when_stdin_closes():
        sys.stdin.read()  # serve until the benchmark closes our stdin
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()


def quiet_stdout() -> None:
    """Logs go to stderr, before anything logs: stdout carries only "ready"."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)


def serve(wsgi_app, port: int, workers: int = 1) -> None:
    Server(wsgi_app, port, workers).run()


def main(
    port: int, redis_url: str, prefix: str, sandbox_url: str = "", database_url: str = "", public: str = ""
) -> None:
    """``sandbox_url``: the providers are another process's sandbox (sharing its Redis state), as a real
    provider is another machine: this process's syncs then share no GIL with the provider's work.
    ``database_url``: a history database the benchmark writes too (otherwise one of the server's own).
    ``public`` ("public"): served as at a public address, so EventSub comes by webhook, as in production."""
    quiet_stdout()
    overrides = {"database_url": database_url} if database_url else {}
    if public:
        overrides["front_end_url"] = f"http://127.0.0.1:{port}"
    config = app_config(redis_url, prefix, port=port, sandbox_url=sandbox_url or None, **overrides)
    serve(create_app(config).server, port)


if __name__ == "__main__":
    main(int(sys.argv[1]), *sys.argv[2:7])
