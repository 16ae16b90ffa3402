"""Scheduled collection in the production shape: the Procfile's worker (with its embedded beat) finds a
tracked account's round due and runs it, with nobody on the page."""

import time

import requests
from sqlalchemy import create_engine, text

from sandbox.twitch.seed import ACCOUNTS
from tests.helpers.consent import sign_in
from tests.helpers.workers import app_with_worker

STREAMER = ACCOUNTS["sandbox_streamer"]
ROUND_WITHIN_SECONDS = 45


def test_beat_and_the_worker_collect_a_tracked_account_nobody_is_looking_at(redis_url):
    with app_with_worker(redis_url, COLLECT_EVERY_SECONDS="1") as (url, _prefix, _worker, database_url):
        sign_in(requests.Session(), url, "twitch", STREAMER.login)  # enrols the account; no page is opened
        engine = create_engine(database_url)
        deadline = time.monotonic() + ROUND_WITHIN_SECONDS
        collected = None
        while collected is None and time.monotonic() < deadline:
            time.sleep(0.5)
            with engine.connect() as connection:
                collected = connection.execute(text("SELECT last_collected_at FROM tracked_accounts")).scalar()
        assert collected is not None, "no collection round ran"
        with engine.connect() as connection:
            followers = connection.execute(text("SELECT followers FROM daily_counters")).scalars().all()
        engine.dispose()
    assert followers == [STREAMER.followers]
