"""Units of time the app counts in."""

DAY = 86_400  # seconds
# Every time zone is a whole number of quarter hours from UTC, so counts kept per quarter hour can be
# summed into any viewer's local days exactly.
QUARTER_HOUR = 900
