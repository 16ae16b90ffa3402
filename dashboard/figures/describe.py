"""A short text alternative for any figure, read off the figure itself: screen readers cannot see a chart."""

from numbers import Number

import plotly.graph_objects as go

MAX_SERIES = 4  # past this a sentence stops helping


def describe(figure: go.Figure) -> str:
    """E.g. "Chart, 1 series. followers: 90 points from 2026-09-02 to 2026-11-30, lowest 1,931, highest 2,400."."""
    parts = [_series(trace) for trace in list(figure.data)[:MAX_SERIES]]
    extra = len(figure.data) - MAX_SERIES
    more = f" And {extra} more series." if extra > 0 else ""
    count = len(figure.data)
    return f"Chart, {count} series. " + " ".join(p for p in parts if p) + more


def _series(trace) -> str:
    name = trace.name or ""
    if trace.type == "pie":
        pairs = ", ".join(f"{label} {_number(value)}" for label, value in zip(trace.labels or (), trace.values or ()))
        return f"{name}: {pairs}."
    if trace.type == "heatmap":
        rows, columns = len(trace.y or ()), len(trace.x or ())
        values = [v for row in (trace.z or ()) for v in row if isinstance(v, Number)]
        peak = f", highest {_number(max(values))}" if values else ""
        return f"{name or 'heatmap'}: {rows} rows by {columns} columns{peak}."
    xs, ys = list(trace.x if trace.x is not None else ()), list(trace.y if trace.y is not None else ())
    if trace.orientation == "h":
        xs, ys = ys, xs
    if not ys:
        return ""
    numbers = [y for y in ys if isinstance(y, Number)]
    span = f" from {xs[0]} to {xs[-1]}" if xs and len(xs) > 1 else (f" at {xs[0]}" if xs else "")
    range_ = f", lowest {_number(min(numbers))}, highest {_number(max(numbers))}" if numbers else ""
    points = "point" if len(ys) == 1 else "points"
    return f"{name or 'series'}: {len(ys)} {points}{span}{range_}."


def _number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.4g}"
    return f"{int(value):,}" if isinstance(value, Number) else str(value)
