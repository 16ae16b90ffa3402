"""A number's change against the period of equal length just before: "▲ 12% vs previous 30 days"."""

from dash import html

from core.units import DAY
from dashboard.figures.common import Window, zone_of


def previous(window) -> Window:
    """The period of the same length that ends where ``window`` starts, on the same clock."""
    length = window[1] - window[0]
    return Window(window[0] - length, window[0], zone_of(window))


def days_in(window) -> int:
    return max(1, round((window[1] - window[0]) / DAY))


def change_line(now: float | None, before: float | None, window, rate: bool = False):
    """The change line under a headline number; "no earlier data" when there is nothing to compare with."""
    period = f"vs previous {days_in(window):,} days"
    if now is None or before is None:
        return html.Small(f"– {period}: no earlier data", className="change text-muted d-block")
    if rate:
        delta = (now - before) * 100
        text = f"{abs(delta):.2f} pts"
    else:
        delta = now - before
        text = f"{abs(delta) / before:.0%}" if before else f"{abs(delta):,.0f}"
    arrow, tone = ("▲", "change-up") if delta > 0 else ("▼", "change-down") if delta < 0 else ("=", "change-flat")
    return html.Small(f"{arrow} {text} {period}", className=f"change {tone} d-block")
