"""The weekly digest end to end: a sandbox streamer signed in over HTTP, two weeks of history collected from the
sandbox, the digest asked for on /mail/settings and confirmed from the mail's link, then sent by the mail round to a
real SMTP server (aiosmtpd) with the numbers the dashboard's queries give; unsubscribed from the mail without a
session; and sent once however often the round runs."""

import email
import re
import time
from datetime import UTC, datetime, timedelta
from email.policy import default
from zoneinfo import ZoneInfo

import pytest
import requests

from dashboard.analysis.digest import week_before
from dashboard.analysis.streams import group_streams
from dashboard.figures.common import Window, readings
from digest.dispatch import mail_round
from sandbox.twitch.seed import ACCOUNTS as TWITCH_ACCOUNTS
from sandbox.x import seed as x_seed
from sync.collection.collect import Rounds
from sync.collection.demo import DemoReport, live_moments, sample_history
from tests.helpers.consent import sign_in
from tests.helpers.sessions import csrf_token

STREAMER = TWITCH_ACCOUNTS["sandbox_streamer"]
CREATOR = x_seed.by_username("sandbox_creator")
ZONE = "Europe/Paris"
DAYS = 15


def fill_history(runtime, now: datetime) -> None:
    """A round a day for the last ``DAYS`` days and every broadcast of them sampled: what the history demo does."""
    rounds = Rounds(runtime)
    try:
        for back in range(DAYS, -1, -1):
            moment = now - timedelta(days=back)
            rounds.forget_done("twitch", STREAMER.id, moment)
            rounds.run_round("twitch", STREAMER.id, now=moment)
    finally:
        rounds.forget_simulated()
    sample_history(runtime, [m for m in live_moments(DAYS, now) if m <= now], DemoReport())


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def line(text: str, label: str) -> str:
    found = re.search(rf"^{label}: (.*)$", text, re.M)
    assert found, f"no {label!r} line in:\n{text}"
    return found.group(1).split(" (")[0]


@pytest.fixture
def streamer_with_history(served_server, smtp_server, redis_client, key_prefix):
    url, server = served_server(smtp_url=smtp_server.url, mail_from="Digest <digest@example.com>")
    http = requests.Session()
    sign_in(http, url, "twitch", "sandbox_streamer")
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    fill_history(server.extensions["runtime"], now)
    return url, server, http, now


def subscribe(url, http, redis_client, key_prefix, now, smtp_server) -> None:
    """Ask for the digest at this hour of today, on Paris's clock, and follow the confirmation mail's link."""
    local = now.astimezone(ZoneInfo(ZONE))
    form = {
        "csrf_token": csrf_token(redis_client, key_prefix, http),
        "provider": "twitch",
        "address": "streamer@example.com",
        "weekday": str(local.weekday()),
        "hour": str(local.hour),
        "time_zone": ZONE,
        "after_stream": "1",
    }
    asked = http.post(f"{url}/mail/settings", data=form, allow_redirects=False)
    assert asked.status_code == 303
    (confirmation,) = smtp_server.wait_for(1)
    assert confirmation["To"] == "streamer@example.com" and "Confirm" in confirmation["Subject"]
    link = re.search(r"Confirm it: (\S+)", text_of(confirmation)).group(1)
    assert requests.get(link).status_code == 200  # another browser: no session needed


def test_the_weekly_digest_arrives_with_the_dashboards_numbers_once_and_unsubscribes_from_the_mail(
    streamer_with_history, redis_client, key_prefix, smtp_server, caplog
):
    url, server, http, now = streamer_with_history
    runtime = server.extensions["runtime"]
    subscribe(url, http, redis_client, key_prefix, now, smtp_server)

    first = mail_round(runtime, now)
    assert first.digests == 1 and first.delivered.sent >= 1
    digests = [m for m in smtp_server.wait_for(2) if m["Subject"].startswith("Your Twitch week")]
    assert len(digests) == 1
    digest = digests[0]

    # The numbers the dashboard's queries give for the same week, on the same clock.
    zone = ZoneInfo(ZONE)
    week = week_before(now.astimezone(zone).date(), zone)
    archive = runtime.archive
    counters = archive.counters_by_day("twitch", STREAMER.id, datetime.min.date(), datetime.max.date())
    followers = readings(counters, Window(0, int(week.end.timestamp()), zone))[-1][1]
    samples = archive.stream_samples(STREAMER.id, week.start - timedelta(days=2), week.end)
    streams = [s for s in group_streams(samples, now=now) if week.start <= s.started_at < week.end]
    assert streams, "the sandbox streamer streams every week: the history should hold some"
    minutes = sum(s.broadcast_minutes for s in streams)
    average = sum(s.average * s.broadcast_minutes for s in streams) / minutes

    text = text_of(digest)
    assert line(text, "Followers") == f"{followers:,}"
    assert line(text, "Streams") == str(len(streams))
    assert line(text, "Average viewers") == f"{round(average, 1):.1f}"
    assert line(text, "Peak viewers") == f"{max(s.peak for s in streams):,}"
    assert line(text, "Hours streamed") == f"{round(minutes / 60, 1):.1f}"
    # Charts as inline PNG images the HTML refers to.
    html = digest.get_body(preferencelist=("html",)).get_content()
    images = [part for part in digest.walk() if part.get_content_type() == "image/png"]
    assert images and all(f"cid:{part['Content-ID'].strip('<>')}" in html for part in images)
    assert images[0].get_content()[:8] == b"\x89PNG\r\n\x1a\n"

    # The round run again (a second scheduler, a re-run) sends nothing new.
    again = mail_round(runtime, now + timedelta(minutes=5))
    assert again.digests == 0
    assert len([m for m in smtp_server.wait_for(99, 0.5) if m["Subject"].startswith("Your Twitch week")]) == 1

    # RFC 8058 one-click unsubscribe, as a mail client posts it: no cookie, no session.
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = digest["List-Unsubscribe"].strip("<>")
    # As sent: the address itself in angle brackets (RFC 2369), not RFC 2047 encoded words a client cannot read.
    assert dict(digest.raw_items())["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert unsubscribe.startswith(url) and unsubscribe in text
    page = requests.get(unsubscribe)
    assert page.status_code == 200 and "Unsubscribe" in page.text  # a GET changes nothing
    assert mail_round(runtime, now + timedelta(days=7)).digests == 1  # still subscribed: next week's digest
    left = requests.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert left.status_code == 200 and "No more digests" in left.text
    assert mail_round(runtime, now + timedelta(days=14)).digests == 0
    token = unsubscribe.rsplit("/", 1)[1]
    assert requests.get(f"{url}/mail/confirm/{token}").status_code == 404
    assert token not in caplog.text  # the request log keeps the path, not the key in it


def test_an_x_digest_counts_the_weeks_own_posts_as_the_dashboard_keeps_them(
    served_server, smtp_server, redis_client, key_prefix
):
    url, server = served_server(smtp_url=smtp_server.url)
    runtime = server.extensions["runtime"]
    http = requests.Session()
    sign_in(http, url, "twitter", CREATOR.username)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    assert Rounds(runtime).run_round("twitter", CREATOR.id, now=now).outcome in ("collected", "partial")
    local = now.astimezone(ZoneInfo(ZONE))
    form = {"csrf_token": csrf_token(redis_client, key_prefix, http), "provider": "twitter", "time_zone": ZONE}
    form |= {"address": "creator@example.com", "weekday": str(local.weekday()), "hour": str(local.hour)}
    assert http.post(f"{url}/mail/settings", data=form, allow_redirects=False).status_code == 303
    (confirmation,) = smtp_server.wait_for(1)
    assert requests.get(re.search(r"Confirm it: (\S+)", text_of(confirmation)).group(1)).status_code == 200

    assert mail_round(runtime, now).digests == 1
    (digest,) = [m for m in smtp_server.wait_for(2) if m["Subject"].startswith("Your X week")]
    week = week_before(local.date(), ZoneInfo(ZONE))
    own = [
        p
        for p in runtime.archive.stored_posts(CREATOR.id)
        if p.kind != "repost" and p.created_at and week.start <= p.created_at < week.end
    ]
    assert own, "the sandbox creator posts every week"
    text = text_of(digest)
    assert line(text, "Posts") == str(len(own))
    assert line(text, "Engagements") == f"{sum(p.engagements for p in own):,}"
    best = max(own, key=lambda p: (p.engagements, p.impressions or 0))
    assert best.url in text


def test_without_smtp_mail_is_written_as_eml_files_the_sandbox_lists(served_server, redis_client, key_prefix, tmp_path):
    url, _server = served_server(outbox_dir=str(tmp_path / "outbox"))
    http = requests.Session()
    sign_in(http, url, "twitch", "sandbox_streamer")
    form = {"csrf_token": csrf_token(redis_client, key_prefix, http), "provider": "twitch"}
    form |= {"address": "me@example.com", "weekday": "0", "hour": "9", "time_zone": ZONE}
    assert http.post(f"{url}/mail/settings", data=form, allow_redirects=False).status_code == 303
    refused = http.post(f"{url}/mail/settings", data={**form, "address": "not an address"})
    assert refused.status_code == 400
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while not list((tmp_path / "outbox").glob("*.eml")) and datetime.now(UTC) < deadline:
        time.sleep(0.05)  # the confirmation is written by a thread of the app, just after the answer
    (written,) = (tmp_path / "outbox").glob("*.eml")
    assert b"Subject: Confirm your Twitch digest" in written.read_bytes()
    listing = requests.get(f"{url}/sandbox/outbox")
    assert listing.status_code == 200 and "Confirm your Twitch digest" in listing.text and written.name in listing.text
    opened = requests.get(f"{url}/sandbox/outbox/{written.name}")
    assert opened.headers["Content-Type"].startswith("message/rfc822") and opened.content == written.read_bytes()
    assert requests.get(f"{url}/sandbox/outbox/..%2Fhistory.db").status_code == 404
    # The first mail lost: asking again before confirming sends a new confirmation, whose link alone works (a
    # minute later: web/mail_limits.py refuses a second confirmation mail within one).
    for key in redis_client.scan_iter(match=f"{key_prefix}mail:confirmations:*:minute"):
        redis_client.delete(key)
    form["csrf_token"] = csrf_token(redis_client, key_prefix, http)
    assert http.post(f"{url}/mail/settings", data=form, allow_redirects=False).status_code == 303
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while len(list((tmp_path / "outbox").glob("*.eml"))) < 2 and datetime.now(UTC) < deadline:
        time.sleep(0.05)
    mails = [email.message_from_bytes(f.read_bytes(), policy=default) for f in (tmp_path / "outbox").glob("*.eml")]
    links = [re.search(r"Confirm it: (\S+)", text_of(mail)).group(1) for mail in mails]
    assert len(set(links)) == 2
    assert sorted(requests.get(link).status_code for link in links) == [200, 404]
