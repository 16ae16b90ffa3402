"""Charts for mail as PNG images drawn with Pillow: mail clients show PNG (Gmail and Outlook show no SVG and run no
script). Plain bars with the numbers written on them, so a reader without images still has the text part."""

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 560, 200
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 28, 26, 12
# A five-colour palette image: a quarter of RGB's bytes to encode, and a PNG of a few kilobytes.
PALETTE = (255, 255, 255, 189, 195, 214, 100, 65, 165, 40, 40, 48, 120, 120, 130)
WHITE, EARLIER, RECENT, INK, FAINT = range(5)


def bar_chart(title: str, bars: Sequence[tuple[str, float]], recent_from: int = 0) -> bytes:
    """Bars labelled below and valued above; bars from ``recent_from`` on are drawn in the strong colour."""
    image = Image.new("P", (WIDTH, HEIGHT), WHITE)
    image.putpalette(PALETTE)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    draw.text((MARGIN_SIDE, 6), title, fill=INK, font=font)
    if bars:
        top = max((value for _, value in bars), default=0) or 1
        low = min(0, min(value for _, value in bars))
        span = (top - low) or 1
        plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
        slot = (WIDTH - 2 * MARGIN_SIDE) / len(bars)
        base = MARGIN_TOP + plot_height * top / span
        for index, (label, value) in enumerate(bars):
            left = MARGIN_SIDE + index * slot + slot * 0.15
            right = left + slot * 0.7
            height = plot_height * value / span
            box = (left, min(base, base - height), right, max(base, base - height))
            draw.rectangle(box, fill=RECENT if index >= recent_from else EARLIER)
            draw.text((left, HEIGHT - MARGIN_BOTTOM + 6), label[:6], fill=FAINT, font=font)
            shown = f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"
            draw.text((left, max(MARGIN_TOP - 12, box[1] - 12)), shown, fill=INK, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
