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


def test_beat_and_the_worker_send_what_waits_in_the_outbox(redis_url, smtp_server):
    """The mail round in production's shape: beat sends ``mail.round``, the worker delivers a message queued by
    anyone (here written straight into the outbox) to the SMTP server."""
    settings = {"COLLECT_EVERY_SECONDS": "0", "STREAM_SAMPLE_SECONDS": "0", "MAIL_EVERY_SECONDS": "1"}
    with app_with_worker(redis_url, SMTP_URL=smtp_server.url, **settings) as (url, _prefix, _worker, database_url):
        sign_in(requests.Session(), url, "twitch", STREAMER.login)  # a tracked account for the message to belong to
        message = (
            b"From: a@example.com\r\nTo: b@example.com\r\nSubject: queued by a test\r\nMessage-ID: <t@x>\r\n\r\nhi\r\n"
        )
        engine = create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO mail_outbox (account_id, kind, period, recipient, message_id, body, status, "
                    "attempts, next_attempt_at, last_error, created_at) SELECT id, 'test', 'one', 'b@example.com', "
                    "'<t@x>', :body, 'queued', 0, :now, '', :now FROM tracked_accounts"
                ),
                {"body": message, "now": "2000-01-01 00:00:00"},
            )
        received = smtp_server.wait_for(1, ROUND_WITHIN_SECONDS)
        with engine.connect() as connection:
            status = connection.execute(text("SELECT status FROM mail_outbox")).scalar()
        engine.dispose()
    assert [m["Subject"] for m in received] == ["queued by a test"]
    assert status == "sent"
