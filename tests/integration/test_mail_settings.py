"""The digest's settings page over HTTP: each account's section says where its digest stands (not asked, waiting for
the link, confirmed) and offers what fits it (the stream mail only to Twitch); a zone not in the list is refused
with the form again and nothing kept; Stop forgets the subscription (CSRF checked); the alert switch is kept and
honoured by the alert mail; the confirmation mail cannot be asked for more than once a minute or 5 times a day."""

import re
from datetime import UTC, datetime, timedelta

import requests

from digest.dispatch import mail_round
from mail.tokens import link_token
from providers.twitch.records import StreamSample
from sandbox.twitch.seed import ACCOUNTS as TWITCH_ACCOUNTS
from sandbox.x import seed as x_seed
from sync.database import alerts, mail_subscriptions
from sync.database.models import OutboxMessage
from tests.helpers.consent import sign_in
from tests.helpers.sessions import csrf_token
from web.mail_limits import PER_DAY

STREAMER = TWITCH_ACCOUNTS["sandbox_streamer"]
CREATOR = x_seed.by_username("sandbox_creator")


def _section(page: str, provider: str) -> str:
    """One account's card of the settings page."""
    found = re.search(rf'<section[^>]*id="{provider}-digest".*?</section>', page, re.S)
    assert found, f"no {provider} section in the page"
    return found.group(0)


def _form(redis_client, key_prefix, http, **fields) -> dict:
    form = {"csrf_token": csrf_token(redis_client, key_prefix, http), "provider": "twitch"}
    form |= {"address": "me@example.com", "weekday": "2", "hour": "7", "time_zone": "Europe/Paris"}
    return form | fields


def _subscription(server, provider: str, account_id: str):
    with server.extensions["runtime"].archive.sessions.begin() as session:
        return mail_subscriptions.of_account(session, provider, account_id)


def _confirm(url, server, subscription) -> None:
    """Follow the confirmation mail's link (made from the stored salt, as the mail's is)."""
    token = link_token(server.extensions["runtime"].config.secret_key, subscription.link_salt)
    assert requests.get(f"{url}/mail/confirm/{token}").status_code == 200


def _forget_the_minute(redis_client, key_prefix) -> None:
    """A minute passes for the resend limit (its day's count stays)."""
    for key in redis_client.scan_iter(match=f"{key_prefix}mail:confirmations:*:minute"):
        redis_client.delete(key)


def test_each_section_shows_its_state_and_only_twitch_offers_the_stream_mail(
    served_server, smtp_server, redis_client, key_prefix
):
    url, server = served_server(smtp_url=smtp_server.url)
    http = requests.Session()
    sign_in(http, url, "twitter", CREATOR.username)
    sign_in(http, url, "twitch", STREAMER.login)
    http.cookies.set("tz", "America/Chicago")
    page = http.get(f"{url}/mail/settings").text
    x, twitch = _section(page, "twitter"), _section(page, "twitch")
    assert "Not asked yet" in x and "Not asked yet" in twitch
    assert 'name="after_stream"' in twitch and 'name="after_stream"' not in x
    assert 'value="America/Chicago" selected' in twitch  # the browser's zone, as the dashboards keep it
    assert 'for="twitch-zone"' in twitch and 'id="twitch-zone"' in twitch  # labels tied to their fields
    assert 'name="alerts" value="1" checked' in twitch  # alert mail defaults on

    form = _form(redis_client, key_prefix, http, after_stream="1")
    assert http.post(f"{url}/mail/settings", data=form, allow_redirects=False).status_code == 303
    twitch = _section(http.get(f"{url}/mail/settings").text, "twitch")
    assert "Waiting for confirmation" in twitch and "me@example.com" in twitch
    assert 'action="/mail/resend"' in twitch and "Send the link again" in twitch and "Stop the digest" in twitch
    assert smtp_server.wait_for(1)

    _confirm(url, server, _subscription(server, "twitch", STREAMER.id))
    page = http.get(f"{url}/mail/settings").text
    twitch = _section(page, "twitch")
    assert "Confirmed: the digest comes to" in twitch and "every Wednesday at 07:00 (Europe/Paris)" in twitch
    assert "and after each stream" in twitch and "Send the link again" not in twitch and "Stop the digest" in twitch
    assert "Not asked yet" in _section(page, "twitter")  # the other account's digest is its own


def test_a_zone_not_in_the_list_shows_the_form_again_and_keeps_nothing(served_server, redis_client, key_prefix):
    url, server = served_server()
    http = requests.Session()
    sign_in(http, url, "twitch", STREAMER.login)
    form = _form(redis_client, key_prefix, http, time_zone="Mars/Olympus_Mons", address="kept@example.com")
    refused = http.post(f"{url}/mail/settings", data=form, allow_redirects=False)
    assert refused.status_code == 400
    assert "Choose a time zone from the list" in refused.text
    assert 'value="kept@example.com"' in refused.text  # what was typed is not lost
    assert 'value="UTC" selected' in refused.text  # a zone of the list offered again (no "tz" cookie here)
    assert _subscription(server, "twitch", STREAMER.id) is None
    assert http.post(f"{url}/mail/settings", data={**form, "hour": "24"}).status_code == 400
    assert _subscription(server, "twitch", STREAMER.id) is None


def test_stop_forgets_the_digest_and_needs_the_forms_token(served_server, redis_client, key_prefix):
    url, server = served_server()
    http = requests.Session()
    sign_in(http, url, "twitch", STREAMER.login)
    assert http.post(f"{url}/mail/settings", data=_form(redis_client, key_prefix, http)).status_code == 200

    forged = {"csrf_token": "not-the-token", "provider": "twitch"}
    assert http.post(f"{url}/mail/stop", data=forged, allow_redirects=False).status_code == 400
    assert _subscription(server, "twitch", STREAMER.id) is not None

    stop = {"csrf_token": csrf_token(redis_client, key_prefix, http), "provider": "twitch"}
    stopped = http.post(f"{url}/mail/stop", data=stop)
    assert stopped.status_code == 200 and "Stopped" in stopped.text
    assert "Not asked yet" in _section(stopped.text, "twitch")
    assert _subscription(server, "twitch", STREAMER.id) is None


def test_the_alert_switch_is_kept_and_an_alert_is_not_mailed_when_off(
    served_server, smtp_server, redis_client, key_prefix
):
    url, server = served_server(smtp_url=smtp_server.url)
    runtime = server.extensions["runtime"]
    http = requests.Session()
    sign_in(http, url, "twitch", STREAMER.login)
    form = _form(redis_client, key_prefix, http, alerts="0")  # the switch's hidden "0", the box left unticked
    assert http.post(f"{url}/mail/settings", data=form, allow_redirects=False).status_code == 303
    subscription = _subscription(server, "twitch", STREAMER.id)
    assert subscription.alerts is False
    _confirm(url, server, subscription)
    assert 'name="alerts" value="1">' in _section(http.get(f"{url}/mail/settings").text, "twitch")  # shown off
    assert "Alerts by mail: off" in http.get(f"{url}/mail/settings").text

    # A stream far above the channel's usual: an alert, recorded and listed, but not mailed.
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    for back, viewers in ((10, 1), (8, 1), (6, 1), (4, 1), (0, 100_000)):
        start = now - timedelta(days=back, hours=4)
        samples = [StreamSample(STREAMER.id, f"t{back}", viewers, "Chess", "t", int(start.timestamp()))]
        for minute in range(0, 180, 5):
            runtime.archive.record_stream_samples(start + timedelta(minutes=minute), samples)
    report = mail_round(runtime, now)
    assert report.alerts >= 1
    with runtime.archive.sessions.begin() as session:
        recorded = alerts.latest(session, "twitch", STREAMER.id, 20)
        kinds = {m.kind for m in session.query(OutboxMessage).filter_by(account_id=subscription.owner)}
    assert any(a.kind == "stream" for a in recorded)
    assert "alert" not in kinds and "confirm" in kinds

    from callbacks.notifications import notifications

    with server.test_request_context("/twitch"):
        listed = str(notifications("twitch", type("Account", (), {"id": STREAMER.id})()))
    assert recorded[0].text in listed  # still on the dashboard


def test_the_confirmation_mail_is_sent_at_most_once_a_minute_and_five_times_a_day(
    served_server, redis_client, key_prefix
):
    url, server = served_server()
    http = requests.Session()
    sign_in(http, url, "twitch", STREAMER.login)
    form = _form(redis_client, key_prefix, http)
    assert http.post(f"{url}/mail/settings", data=form, allow_redirects=False).status_code == 303
    first_salt = _subscription(server, "twitch", STREAMER.id).link_salt

    resend = {"csrf_token": form["csrf_token"], "provider": "twitch"}
    refused = http.post(f"{url}/mail/resend", data=resend, allow_redirects=False)
    assert refused.status_code == 429 and "less than a minute ago" in refused.text
    assert _subscription(server, "twitch", STREAMER.id).link_salt == first_salt  # no new link, no new mail
    again = http.post(f"{url}/mail/settings", data={**form, "address": "other@example.com"}, allow_redirects=False)
    assert again.status_code == 429  # a new address asks for a confirmation too
    assert _subscription(server, "twitch", STREAMER.id).address == "me@example.com"

    for _ in range(PER_DAY - 1):
        _forget_the_minute(redis_client, key_prefix)
        assert http.post(f"{url}/mail/resend", data=resend, allow_redirects=False).status_code == 303
    _forget_the_minute(redis_client, key_prefix)
    refused = http.post(f"{url}/mail/resend", data=resend, allow_redirects=False)
    assert refused.status_code == 429 and "ask again tomorrow" in refused.text
    with server.extensions["runtime"].archive.sessions.begin() as session:
        owner = _subscription(server, "twitch", STREAMER.id).owner
        confirmations = session.query(OutboxMessage).filter_by(account_id=owner, kind="confirm").count()
    assert confirmations == PER_DAY
