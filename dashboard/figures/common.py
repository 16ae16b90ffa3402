"""What every figure builder shares: the time window it draws."""

# (start, end) in epoch seconds, end exclusive: the date range's first day to the day after its last.
Window = tuple[int, int]


def in_window(at: float, window: Window) -> bool:
    return window[0] <= at < window[1]


# Legends sit above the plot, left-aligned, and wrap: Plotly widens the top margin to fit them,
# where a legend below the x axis was cut off on a phone.
LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"}
