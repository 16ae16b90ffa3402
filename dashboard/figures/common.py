"""What every figure builder shares: the time window it draws."""

# (start, end) in epoch seconds, end exclusive: the date range's first day to the day after its last.
Window = tuple[int, int]


def in_window(at: float, window: Window) -> bool:
    return window[0] <= at < window[1]
