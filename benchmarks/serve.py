"""Serve the whole app on 127.0.0.1 in its own process, so the benchmark's client work shares no GIL with it."""
import logging
import sys

from tests.support import LiveServer
from webapp.config import Config
from webapp.factory import create_app


def main(port: int, redis_url: str, prefix: str) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)  # stdout carries only "ready"
    config = Config(environment="testing", secret_key="benchmark-secret", redis_url=redis_url, key_prefix=prefix,
                    login_rate_limit="1000 per minute")
    live = LiveServer(create_app(config).server, port=port)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.read()  # serve until the benchmark closes our stdin
    live.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
