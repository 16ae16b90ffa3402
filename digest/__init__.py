"""The digest mail: gathering an account's week from the history database (gather.py), its charts as PNG images
(charts.py), the mail's words (letter.py), and the dispatcher the scheduler runs (dispatch.py)."""
