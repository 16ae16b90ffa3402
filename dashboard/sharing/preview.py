"""The image chat apps and social sites show for a link (Open Graph's og:image): 1200 x 630 PNG, drawn here.

The creator's name, what is shared, a headline number and, when there is one, a small bar chart of a series
(followers by day, viewers by stream). Drawn from numbers only: a pure function, cached by its arguments.
"""

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
BACKGROUND, INK, MUTED, ACCENT = (250, 250, 252), (34, 34, 34), (100, 100, 110), (69, 130, 236)


def _font(size: int):
    return ImageFont.load_default(size=size)


def preview_png(creator: str, heading: str, headline: str, series: tuple[float, ...] = ()) -> bytes:
    return _drawn(creator[:60], heading[:80], headline[:60], tuple(series[-60:]))


@lru_cache(maxsize=256)
def _drawn(creator: str, heading: str, headline: str, series: tuple[float, ...]) -> bytes:
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 16), fill=ACCENT)
    draw.text((64, 70), creator, font=_font(72), fill=INK)
    draw.text((64, 170), heading, font=_font(40), fill=MUTED)
    draw.text((64, 250), headline, font=_font(56), fill=ACCENT)
    if series and max(series) > 0:
        _bars(draw, series, (64, 360, SIZE[0] - 64, 560))
    draw.text((64, 578), "Creator Analytics · read-only share", font=_font(28), fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _bars(draw: ImageDraw.ImageDraw, series: tuple[float, ...], box: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = box
    width, top_value = (right - left) / len(series), max(series)
    for index, value in enumerate(series):
        height = (bottom - top) * max(value, 0) / top_value
        x = left + index * width
        draw.rectangle((x + 2, bottom - height, x + max(width - 2, 3), bottom), fill=ACCENT)
