"""The pass a right password earns: Secure under HTTPS, scoped to its link's path, and void for another link, a new
password, or once its signed expiry has passed."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from flask import Flask, Response

from sync.database.share_links import Owner, Share
from web import share_pass

SHARE = Share(
    id=7,
    kind="dashboard",
    title="",
    owner=Owner("twitch", "1", "someone", "Someone"),
    partner=None,
    panels=("followers",),
    stream_id=None,
    days=None,
    password_hash="scrypt:32768:8:1$salt$hash",
    expires_at=None,
    revoked_at=None,
    views=0,
    created_at=datetime.now(UTC),
)


def _granted(app: Flask, base: str, share: Share = SHARE, token: str = "tok-a") -> str:
    with app.test_request_context("/s/" + token, base_url=base):
        return share_pass.grant(Response(), share, token).headers["Set-Cookie"]


def _holds(app: Flask, cookie: str, share: Share = SHARE, token: str = "tok-a") -> bool:
    value = cookie.split(";", 1)[0]
    with app.test_request_context("/s/" + token, headers={"Cookie": value}):
        return share_pass.holds(share, token)


def test_the_pass_is_secure_under_https_and_opens_only_its_link():
    app = Flask(__name__)
    app.secret_key = "a test key"
    secure, plain = _granted(app, "https://example.test"), _granted(app, "http://example.test")
    assert "Secure" in secure and "Secure" not in plain
    assert "Path=/s/tok-a" in secure and "HttpOnly" in secure and "SameSite=Lax" in secure
    assert _holds(app, plain)
    assert not _holds(app, plain, token="tok-b")  # another link's token
    assert not _holds(app, plain, share=replace(SHARE, id=8))
    assert not _holds(app, plain, share=replace(SHARE, password_hash="scrypt:32768:8:1$other$hash"))  # a new password
    app.secret_key = "another key"
    assert not _holds(app, plain)


def test_the_pass_runs_out():
    app = Flask(__name__)
    app.secret_key = "a test key"
    ended = replace(SHARE, expires_at=datetime.now(UTC) - timedelta(seconds=5))
    cookie = _granted(app, "http://example.test", ended)
    assert "Max-Age=0" in cookie and not _holds(app, cookie, ended)
