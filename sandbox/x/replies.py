"""How X words its answers: v1.1/OAuth error lists, v2 problems and form-encoded token replies."""

from http import HTTPStatus
from urllib.parse import urlencode

from flask import Response, jsonify

PROBLEM_TYPES = "https://api.twitter.com/2/problems/"
BAD_AUTH = (32, "Could not authenticate you.")
INVALID_TOKEN = (89, "Invalid or expired token.")
STALE_TIMESTAMP = (135, "Timestamp out of bounds.")
CALLBACK_NOT_APPROVED = (
    415,
    "Callback URL not approved for this client application. Approved callback URLs "
    "can be adjusted in your application settings",
)
# The v1.1 code X pairs with each status a fault can force; anything else reads as an internal error.
V1_STATUS_ERRORS = {
    400: (214, "Bad request."),
    401: BAD_AUTH,
    403: (200, "Forbidden."),
    404: (34, "Sorry, that page does not exist."),
    429: (88, "Rate limit exceeded"),
    503: (130, "Over capacity"),
}


def v1_error(status: int, error: tuple[int, str]) -> Response:
    code, message = error
    return _json({"errors": [{"code": code, "message": message}]}, status, "application/json")


def v1_status(status: int) -> Response:
    return v1_error(status, V1_STATUS_ERRORS.get(status, (131, "Internal error")))


def problem(status: int, **extra) -> Response:
    """X's generic v2 problem: type about:blank, the status phrase as title and detail."""
    phrase = HTTPStatus(status).phrase
    return _json({"title": phrase, "type": "about:blank", "status": status, "detail": phrase, **extra}, status)


def unauthorized(code: int, names_code: bool = True) -> Response:
    """A v2 401; a revoked or expired token also names v1.1 code 89, as X's own replies do
    (``names_code`` False: the unauthorized_without_code variant, v2's plain problem only)."""
    if code == INVALID_TOKEN[0] and names_code:
        return problem(401, errors=[{"code": code, "message": INVALID_TOKEN[1]}])
    return problem(401)


def not_authorized_for_user(user_id: str) -> Response:
    return _json(
        {
            "title": "Authorization Error",
            "type": PROBLEM_TYPES + "not-authorized-for-resource",
            "status": 403,
            "detail": f"Sorry, you are not authorized to see the Posts of the User with id: [{user_id}].",
            "resource_type": "user",
            "resource_id": user_id,
            "value": user_id,
            "parameter": "id",
            "section": "data",
        },
        403,
    )


def invalid_request(errors: list[dict]) -> Response:
    return _json(
        {
            "errors": errors,
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": PROBLEM_TYPES + "invalid-request",
        },
        400,
    )


def form(**fields: str) -> Response:
    # X sends its OAuth token replies form-encoded but labelled text/html; clients must not care.
    return Response(urlencode(fields), content_type="text/html; charset=utf-8")


def _json(body: dict, status: int, content_type: str = "application/problem+json") -> Response:
    reply = jsonify(body)
    reply.status_code = status
    reply.content_type = content_type
    return reply
