"""Helix paging: the ``first`` page size and opaque cursors.

A cursor is base64 JSON naming where its page began ("b") and ended ("a"), the shape Twitch's own
cursors have, so the same cursor serves ``after`` (next page) and ``before`` (previous page).
"""

import base64
import binascii
import json

from flask import request

from .replies import HelixError


def page_size(name: str = "first", default: int = 20, maximum: int = 100) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HelixError(400, f'The parameter "{name}" was malformed: the value must be an integer') from None
    if value < 1:
        raise HelixError(400, f'The parameter "{name}" was malformed: the value must be greater than or equal to 1')
    if value > maximum:
        raise HelixError(
            400, f'The parameter "{name}" was malformed: the value must be less than or equal to {maximum}'
        )
    return value


def _encode(start: int, end: int) -> str:
    raw = json.dumps({"b": {"Offset": start}, "a": {"Offset": end}}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[int, int]:
    try:
        data = json.loads(base64.b64decode(cursor + "=" * (-len(cursor) % 4), validate=True))
        return max(0, int(data["b"]["Offset"])), max(0, int(data["a"]["Offset"]))
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise HelixError(400, "Invalid pagination cursor") from None


def window(total: int, first: int, backward: bool = True) -> tuple[int, int, dict]:
    """The slice ``start:end`` this request asks for, and the ``pagination`` object to return.

    ``backward`` says whether the endpoint takes ``before``; the cursor is left out on the last page.
    """
    after, before = request.args.get("after"), request.args.get("before") if backward else None
    if after and before:
        raise HelixError(400, "Specify either after or before, not both")
    if before:
        end = min(_decode(before)[0], total)
        start = max(0, end - first)
    else:
        start = min(_decode(after)[1], total) if after else 0
        end = min(start + first, total)
    more = end < total or (bool(before) and start > 0)
    return start, end, {"cursor": _encode(start, end)} if more else {}
