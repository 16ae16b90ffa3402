"""Alerts (alerts/): a follower milestone crossed, a stream above the channel's 30-day average, collection paused,
each recorded once however often the round runs (and after its "already looked" stamps are lost), mailed once to
an owner who asked, and listed on the dashboard."""

from datetime import UTC, datetime, timedelta

import requests

from alerts.check import check_accounts
from digest.dispatch import mail_round
from mail.tokens import link_token, new_salt, token_hash
from providers.twitch.records import StreamSample
from sync.database import alerts, history, mail_subscriptions
from tests.helpers.consent import sign_in

CHANNEL = "777001"
NOW = datetime.now(UTC).replace(second=0, microsecond=0)


def _history(archive) -> None:
    """990 followers a week ago, 1,010 now; five streams of 10 viewers, then one of 40 that ended an hour ago.

    75 minutes each, 450 in all: short of Affiliate's 500 whatever the hour the test runs at (a stream over
    midnight counts two broadcast days, and at some hours six streams made Affiliate's seven)."""
    archive.enrol("twitch", CHANNEL, "alert_channel", "Alert Channel", {"refresh_token": "r"})
    archive.record_counters("twitch", CHANNEL, NOW - timedelta(days=8), followers=990)
    archive.record_counters("twitch", CHANNEL, NOW - timedelta(hours=2), followers=1010)
    for back, viewers in ((12, 10), (10, 10), (8, 10), (6, 10), (4, 10), (0, 40)):
        start = NOW - timedelta(days=back, hours=1, minutes=75)
        for minute in range(0, 75, 5):
            at = start + timedelta(minutes=minute)
            sample = StreamSample(CHANNEL, f"s{back}", viewers, "Chess", "t", int(start.timestamp()))
            archive.record_stream_samples(at, [sample])


def _kinds(runtime) -> list[tuple[str, str]]:
    with runtime.archive.sessions.begin() as session:
        return sorted((a.kind, a.subject) for a in alerts.latest(session, "twitch", CHANNEL, 50))


def _forget_stamps(runtime) -> None:
    for key in runtime.redis.scan_iter(match=f"{runtime.key}alerts:looked:*"):
        runtime.redis.delete(key)


def _subscribe(runtime, after_stream: bool = False) -> None:
    salt = new_salt()
    with runtime.archive.sessions.begin() as session:
        mail_subscriptions.ask(
            session,
            "twitch",
            CHANNEL,
            address="owner@example.com",
            token_hash=token_hash(link_token(runtime.config.secret_key, salt)),
            link_salt=salt,
            time_zone="UTC",
            weekday=(NOW.weekday() + 3) % 7,  # no digest today: only alerts
            hour=0,
            after_stream=after_stream,
        )
        mail_subscriptions.confirm(session, token_hash(link_token(runtime.config.secret_key, salt)), NOW)


def test_each_alert_fires_once_and_is_mailed_once_however_often_the_round_runs(served_server, smtp_server):
    _url, server = served_server(smtp_url=smtp_server.url)
    runtime = server.extensions["runtime"]
    _history(runtime.archive)
    _subscribe(runtime)

    first = mail_round(runtime, NOW)
    assert first.alerts == 2
    assert _kinds(runtime) == [("followers", "1000"), ("stream", "s0")]
    assert check_accounts(runtime, NOW + timedelta(minutes=2)) == 0  # nothing changed: not even looked at
    _forget_stamps(runtime)
    assert check_accounts(runtime, NOW + timedelta(minutes=4)) == 0  # looked at again: nothing new
    mail_round(runtime, NOW + timedelta(minutes=6))
    mailed = sorted(m["Subject"] for m in smtp_server.wait_for(2))
    assert len(mailed) == 2 and any("1,000 followers" in s for s in mailed) and any("stream" in s for s in mailed)

    runtime.archive.needs_sign_in("twitch", CHANNEL, "Twitch no longer accepts this sign-in.")
    assert check_accounts(runtime, NOW + timedelta(minutes=8)) == 1
    _forget_stamps(runtime)
    assert check_accounts(runtime, NOW + timedelta(minutes=10)) == 0
    assert [kind for kind, _ in _kinds(runtime)].count("paused") == 1
    assert len(smtp_server.wait_for(4, 1)) == 2  # the pause's mail waits for the next round's delivery
    mail_round(runtime, NOW + timedelta(minutes=12))
    assert len(smtp_server.wait_for(3)) == 3

    deleted = runtime.archive.delete_everything("twitch", CHANNEL)
    assert deleted["alerts"] == 3 and deleted["mail_subscriptions"] == 1 and deleted["mail_outbox"] == 3


def test_a_stream_that_ended_is_mailed_once_to_an_owner_who_asked(served_server, smtp_server):
    _url, server = served_server(smtp_url=smtp_server.url)
    runtime = server.extensions["runtime"]
    _history(runtime.archive)
    _subscribe(runtime, after_stream=True)
    assert mail_round(runtime, NOW).streams == 1  # s0, ended an hour ago; the older ones are past 12 hours
    assert mail_round(runtime, NOW + timedelta(minutes=2)).streams == 0
    streams = [m for m in smtp_server.wait_for(3) if m["Subject"].startswith("Your stream of")]
    assert len(streams) == 1
    text = streams[0].get_body(preferencelist=("plain",)).get_content()
    assert "Average viewers: 40.0 (30-day average: 10.0)" in text and "Peak viewers: 40" in text


def test_the_dashboard_lists_the_accounts_alerts(live_dash_app):
    url, app = live_dash_app
    http = requests.Session()
    sign_in(http, url, "twitch", "sandbox_megastream")  # the shared app's account other tests leave alone
    runtime = app.server.extensions["runtime"]
    with runtime.archive.sessions.begin() as session:
        megastream = next(a for a in history.tracked_accounts(session, "twitch") if a.username == "sandbox_megastream")
        owner = history.find_tracked(session, "twitch", megastream.account_id).id
        alerts.record(session, owner, "followers", "1000", "You passed 1,000 followers.", NOW)
    page = http.get(f"{url}/twitch")
    assert page.status_code == 200
    assert "You passed 1,000 followers." in page.text and 'href="/mail/settings"' in page.text
