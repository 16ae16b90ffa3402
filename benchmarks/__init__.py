"""Benchmarks: `python -m benchmarks` prints the numbers the dashboard issues ask for."""
