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
    settings = {"COLLECT_EVERY_SECONDS": "1", "STREAM_SAMPLE_SECONDS": "60"}
    with app_with_worker(redis_url, **settings) as (url, _prefix, _worker, database_url):
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
            # Beat's first poll of live streams comes a minute after it starts: the streamer is live in the sandbox.
            deadline = time.monotonic() + 75
            samples = 0
            while not samples and time.monotonic() < deadline:
                time.sleep(1)
                samples = connection.execute(text("SELECT count(*) FROM stream_samples")).scalar()
        engine.dispose()
    assert followers == [STREAMER.followers]
    assert samples == 1
