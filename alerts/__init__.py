"""Alerts: what is worth telling an account's owner, found in its history (detect.py, pure) and recorded once each,
shown on the dashboard and mailed to those who asked (check.py, run by the mail round)."""
