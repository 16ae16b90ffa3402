"""Generated SVG avatars and thumbnails, since nothing here can load Twitch's image CDN."""

import hashlib
import re

from flask import Blueprint, Response, abort
from markupsafe import escape

blueprint = Blueprint("images", __name__)

_LOGIN = re.compile(r"^[a-z0-9_]{1,25}$")
_THUMB = re.compile(r"^([A-Za-z0-9_-]{1,80})-(\d{1,4})x(\d{1,4})\.svg$")
_KINDS = {"video": "VOD", "clip": "CLIP", "live": "LIVE"}
_MAX_SIDE = 1920


def _hue(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:4], 16) % 360


def _svg(body: str) -> Response:
    response = Response(body, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@blueprint.get("/static/avatar/<login>.svg")
def avatar(login: str):
    if not _LOGIN.match(login):
        abort(404)
    hue = _hue(login)
    initial = escape(login[0].upper())
    return _svg(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">'
        f'<rect width="300" height="300" fill="hsl({hue},55%,45%)"/>'
        f'<circle cx="150" cy="150" r="110" fill="hsl({(hue + 40) % 360},60%,62%)"/>'
        '<text x="150" y="150" font-family="sans-serif" font-size="130" font-weight="700" fill="#fff" '
        f'text-anchor="middle" dominant-baseline="central">{initial}</text></svg>'
    )


@blueprint.get("/static/thumb/<kind>/<name>")
def thumbnail(kind: str, name: str):
    """``<item id>-<width>x<height>.svg``: the size a client chose by filling Twitch's placeholders."""
    match = _THUMB.match(name)
    if kind not in _KINDS or not match:
        abort(404)
    item, width, height = match.group(1), int(match.group(2)), int(match.group(3))
    if not (0 < width <= _MAX_SIDE and 0 < height <= _MAX_SIDE):
        abort(404)
    hue = _hue(item)
    return _svg(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 320 180">'
        f'<defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="hsl({hue},60%,35%)"/>'
        f'<stop offset="1" stop-color="hsl({(hue + 60) % 360},60%,55%)"/></linearGradient></defs>'
        '<rect width="320" height="180" fill="url(#g)"/>'
        '<text x="16" y="164" font-family="sans-serif" font-size="22" font-weight="700" fill="#fff">'
        f"{_KINDS[kind]}</text></svg>"
    )
