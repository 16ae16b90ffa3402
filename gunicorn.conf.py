"""Gunicorn settings, read automatically by `gunicorn app:server` (Procfile)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8050')}"
# Threads, not just processes: with the sandbox on, a callback calls this same app over HTTP
# and needs a free thread to be answered (a single sync worker would deadlock).
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Heroku cuts a request at 30 s; give up a little earlier and say so in the log.
timeout = 28
accesslog = "-"
# Never log query strings of the OAuth callbacks in full: they carry one-time codes.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'


def post_worker_init(worker):
    """With local jobs (BACKGROUND_JOBS=local) each web worker may run due collection rounds (they take turns)
    and folds EventSub's messages (the inbox gives each to one)."""
    from web.eventsub import start_folding
    from web.scheduling import start_local_scheduler

    if (
        start_local_scheduler(worker.wsgi) is not None
        or worker.wsgi.extensions["app_config"].background_jobs == "local"
    ):
        start_folding(worker.wsgi)
