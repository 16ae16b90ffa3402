"""A number's change against the period of equal length just before: "▲ 12% more posts than the 30 days before"."""

from dash import html

from core.units import DAY
from dashboard.figures.common import Window, zone_of


def previous(window) -> Window:
    """The period of the same length that ends where ``window`` starts, on the same clock."""
    length = window[1] - window[0]
    return Window(window[0] - length, window[0], zone_of(window))


def days_in(window) -> int:
    return max(1, round((window[1] - window[0]) / DAY))


def change_line(now: float | None, before: float | None, window, *, noun: str = "", rate: bool = False):
    """The change line under a headline number, in words that say what is compared.

    ``noun``: what each period counts ("new followers", "posts"), said as more or fewer of it than in the
    period before; without one, the two periods' net changes stand side by side (a counter that can fall);
    ``rate``: a ratio, compared in percentage points. A bare "▼ 57%" read as "lost 57 %" when it meant
    "gained fewer than before".
    """
    period = f"the {days_in(window):,} days before"
    if now is None or before is None:
        return html.Small(f"– no data for {period}", className="change text-muted d-block")
    delta = now - before
    arrow, tone = ("▲", "change-up") if delta > 0 else ("▼", "change-down") if delta < 0 else ("=", "change-flat")
    if rate:
        text = f"{arrow} {abs(delta) * 100:.2f} pts {'higher' if delta > 0 else 'lower'} than {period}"
        if delta == 0:
            text = f"= the same as {period}"
    elif noun and now >= 0 and before >= 0:
        if delta == 0:
            text = f"= as many {noun} as {period}"
        else:
            amount = f"{abs(delta) / before:.0%}" if before else f"{abs(delta):,.0f}"
            text = f"{arrow} {amount} {'more' if delta > 0 else 'fewer'} {noun} than {period}"
    else:
        text = f"{arrow} net {now:+,.0f}, against {before:+,.0f} {period}"
    return html.Small(text, className=f"change {tone} d-block")
