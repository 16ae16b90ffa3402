"""The mail outbox against a real SMTP server (aiosmtpd, tests/helpers/smtp.py) on both databases: a message queued
twice is sent once, a server answering 451 or away gets it again later and once, a sender that died mid-send loses
nothing, and "Disconnect and delete" takes every row of mail with it."""

from datetime import UTC, datetime, timedelta

import pytest

from core.vault import fernet_from
from mail.compose import Letter, compose
from mail.delivery import KEPT, LEASE, MAX_ATTEMPTS, backoff, deliver_due, queue_message
from mail.transport import SmtpTransport
from sync.database import history, outbox
from sync.database.archive import Archive
from sync.database.models import OutboxMessage

SENDER = "Creator Analytics <digest@example.com>"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def owner(history_sessions) -> int:
    with history_sessions.begin() as session:
        account = history.enrol_account(
            session, fernet_from("k"), "twitch", "4242", username="streamer", display_name="S", credentials={}
        )
        return history.find_tracked(session, "twitch", account.account_id).id


def _queue(sessions, owner: int, period: str = "week:2026-12-07") -> bool:
    letter = Letter("Your week", "plain words", "<p>html words</p>", unsubscribe="https://app.example/u/t")
    with sessions.begin() as session:
        return queue_message(session, owner, "digest", period, compose(letter, SENDER, "me@example.com"), NOW)


def _statuses(sessions) -> list[tuple[str, int]]:
    with sessions.begin() as session:
        return [(row.status, row.attempts) for row in session.query(OutboxMessage).order_by(OutboxMessage.id)]


def test_a_message_queued_twice_for_one_period_is_sent_once(history_sessions, owner, smtp_server):
    assert _queue(history_sessions, owner) is True
    assert _queue(history_sessions, owner) is False  # a dispatcher run again
    transport = SmtpTransport(smtp_server.url)
    assert deliver_due(history_sessions, transport, SENDER, NOW).sent == 1
    assert deliver_due(history_sessions, transport, SENDER, NOW + timedelta(days=1)).sent == 0
    received = smtp_server.wait_for(1)
    assert len(received) == 1 and received[0]["To"] == "me@example.com"
    assert received[0]["List-Unsubscribe"] == "<https://app.example/u/t>"
    assert received[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _statuses(history_sessions) == [("sent", 1)]
    deliver_due(history_sessions, transport, SENDER, NOW + KEPT + timedelta(minutes=1))
    assert _statuses(history_sessions) == []  # pruned once its week is long past


def test_a_server_answering_451_gets_the_message_again_later_and_exactly_once(history_sessions, owner, smtp_server):
    _queue(history_sessions, owner)
    smtp_server.keeper.refuse_next = 2
    transport = SmtpTransport(smtp_server.url)
    first = deliver_due(history_sessions, transport, SENDER, NOW)
    assert (first.sent, first.waiting) == (0, 1) and "451" in first.errors[0]
    assert deliver_due(history_sessions, transport, SENDER, NOW + timedelta(seconds=30)).sent == 0  # backing off
    assert smtp_server.keeper.tries == 1
    assert deliver_due(history_sessions, transport, SENDER, NOW + backoff(1)).waiting == 1  # the second 451
    later = NOW + backoff(1) + backoff(2)
    assert deliver_due(history_sessions, transport, SENDER, later).sent == 1
    assert deliver_due(history_sessions, transport, SENDER, later + timedelta(hours=7)).sent == 0
    assert smtp_server.keeper.tries == 3 and len(smtp_server.wait_for(1)) == 1
    assert _statuses(history_sessions) == [("sent", 3)]


def test_a_server_that_is_away_keeps_the_message_waiting_until_it_is_back(history_sessions, owner, smtp_server):
    _queue(history_sessions, owner)
    smtp_server.stop()
    away = deliver_due(history_sessions, SmtpTransport(smtp_server.url, timeout=2), SENDER, NOW)
    assert (away.sent, away.waiting, away.failed) == (0, 1, 0)
    assert _statuses(history_sessions) == [("queued", 1)]
    smtp_server.start()
    assert deliver_due(history_sessions, SmtpTransport(smtp_server.url), SENDER, NOW + backoff(1)).sent == 1
    assert len(smtp_server.wait_for(1)) == 1


def test_a_message_the_server_keeps_refusing_is_given_up_after_the_last_try_but_kept(history_sessions, owner):
    _queue(history_sessions, owner)
    dead = SmtpTransport("smtp://127.0.0.1:9", timeout=1)  # the discard port: nothing answers
    at = NOW
    for _ in range(MAX_ATTEMPTS):
        deliver_due(history_sessions, dead, SENDER, at)
        at += backoff(MAX_ATTEMPTS)
    assert _statuses(history_sessions) == [("failed", MAX_ATTEMPTS)]


def test_a_sender_that_died_mid_send_leaves_the_message_to_the_next_after_its_lease(
    history_sessions, owner, smtp_server
):
    _queue(history_sessions, owner)
    with history_sessions.begin() as session:
        (message,) = outbox.due_ids(session, NOW, 10)
        assert outbox.claim(session, message, NOW, LEASE) is not None  # ...and the process is killed here
    transport = SmtpTransport(smtp_server.url)
    assert deliver_due(history_sessions, transport, SENDER, NOW + LEASE / 2).sent == 0  # still its claim
    assert deliver_due(history_sessions, transport, SENDER, NOW + LEASE).sent == 1
    assert len(smtp_server.wait_for(1)) == 1
    assert _statuses(history_sessions) == [("sent", 2)]


def test_deleting_the_account_deletes_its_mail(history_sessions, owner):
    _queue(history_sessions, owner)
    deleted = Archive(history_sessions, fernet_from("k")).delete_everything("twitch", "4242")
    assert deleted["mail_outbox"] == 1
    assert _statuses(history_sessions) == []
