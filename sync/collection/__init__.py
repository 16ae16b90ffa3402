"""Scheduled collection: daily rounds, live-stream sampling, the history demo, and the providers' rate budgets."""
