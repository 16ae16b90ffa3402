"""Scheduled collection: daily rounds, live-stream sampling, and the history demo."""
