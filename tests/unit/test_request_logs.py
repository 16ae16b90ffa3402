"""Request lines reach the logs without what would let a reader in: OAuth callbacks' query strings, share links."""

import logging

from factory import HideQueryStrings

TOKEN = "yv5TchwRT_VY4yunZS1DzmSLpT565q6aBNoPH_U-4c0"


def _record(args) -> logging.LogRecord:
    return logging.LogRecord("access", logging.INFO, __file__, 1, "%s", args, None)


def test_the_dev_servers_request_line_loses_its_query_and_share_token():
    record = _record((f"GET /s/{TOKEN}/preview.png HTTP/1.1", 200))
    HideQueryStrings().filter(record)
    assert record.args == ("GET /s/…/preview.png HTTP/1.1", 200)
    record = _record(("GET /callback/twitch?code=secret&state=s HTTP/1.1",))
    HideQueryStrings().filter(record)
    assert "secret" not in record.getMessage()


def test_gunicorns_access_atoms_lose_the_share_token():
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(U)s", ({"U": f"/s/{TOKEN}"},), None)
    HideQueryStrings().filter(record)
    assert record.getMessage() == "/s/…"
