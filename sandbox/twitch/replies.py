"""Error replies in the two shapes Twitch uses, and the fault switches that force them."""

from http import HTTPStatus

from flask import Response, jsonify

from .. import faults
from . import ratelimit


class HelixError(Exception):
    """Raised anywhere in a Helix handler; becomes ``{"error", "status", "message"}``."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def helix_error(status: int, message: str) -> Response:
    """api.twitch.tv's error body."""
    response = jsonify(error=_phrase(status), status=status, message=message)
    response.status_code = status
    return response


def id_error(status: int, message: str) -> Response:
    """id.twitch.tv's error body, which has no "error" field."""
    response = jsonify(status=status, message=message)
    response.status_code = status
    return response


def fault_reply(helix: bool) -> Response | None:
    """Apply the switched-on Twitch faults (latency, hang, status) to this request."""
    status = faults.active_status_fault("twitch")
    if status is None:
        return None
    response = (helix_error if helix else id_error)(status, _phrase(status))
    if status == 429:
        ratelimit.apply_headers(response, *ratelimit.exhausted())
    return response
