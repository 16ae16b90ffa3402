"""Units of time the app counts in."""

DAY = 86_400  # seconds: every day and bucket is a UTC day
