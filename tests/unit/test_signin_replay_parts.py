"""The sign-in replay's pure parts: redaction, an exchange as recorded, the OAuth 1.0a signature taken apart
(checked against X's documented example), and the page's steps laid out from a replay."""

import json
from datetime import timedelta

import pytest
import requests
from requests_oauthlib import OAuth1

from dashboard.components.signin_replay import duration, replay_view
from providers.recording import exchange
from providers.redaction import redact, redact_authorization, redact_known, redact_pairs
from providers.x.signature import explain

# X's "Creating a signature" example (docs.x.com/fundamentals/authentication/oauth-1-0a/creating-a-signature).
CONSUMER_KEY = "xvz1evFS4wEEPTGEFPHBog"
CONSUMER_SECRET = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
TOKEN = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"
TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
DOCUMENTED_SIGNATURE = "hCtSmYh+iHYCEqBWrE7C7hYmtUk="


def documented_request(token_secret: str = TOKEN_SECRET) -> requests.PreparedRequest:
    request = requests.Request(
        "POST",
        "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
        data={"status": "Hello Ladies + Gentlemen, a signed OAuth request!"},
    )
    auth = OAuth1(
        CONSUMER_KEY,
        CONSUMER_SECRET,
        TOKEN,
        token_secret,
        nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
        timestamp="1318622958",
    )
    return auth(request.prepare())


@pytest.mark.parametrize("length", range(0, 41))
def test_a_redacted_value_never_holds_the_whole_value(length):
    value = "".join(chr(ord("a") + i % 26) for i in range(length))
    cut = redact(value)
    assert cut.endswith("…") and len(cut) - 1 <= min(4, length // 4)
    assert not value or value not in cut


def test_redaction_keeps_the_first_characters_of_long_secrets_only():
    assert redact("abcdefghijklmnop") == "abcd…"
    assert redact("abcdefg") == "a…"
    assert redact_pairs([("code", "abcdefghijkl"), ("scope", "bits:read")]) == [
        ["code", "abc…"],
        ["scope", "bits:read"],
    ]


def test_an_authorization_header_is_cut_parameter_by_parameter():
    header = documented_request().headers["Authorization"].decode()
    cut = redact_authorization(header)
    for secret in (CONSUMER_KEY, TOKEN, "hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"):
        assert secret not in cut
    assert 'oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"' in cut  # not a secret: kept to learn from
    assert redact_authorization("OAuth abcdefghijklmnopqrstuvwxyz") == "OAuth abcd…"
    assert redact_authorization("Bearer abcdefghijklmnopqrstuvwxyz") == "Bearer abcd…"


def test_known_secrets_are_cut_wherever_they_sit():
    node = {"a": [f"echoed {TOKEN_SECRET} back", {"b": TOKEN_SECRET}], "n": 3, "short": "abc"}
    cut = redact_known(node, [TOKEN_SECRET, "abc"])  # too short to be a secret worth searching for
    assert TOKEN_SECRET not in json.dumps(cut)
    assert cut["a"][0] == f"echoed {redact(TOKEN_SECRET)} back" and cut["short"] == "abc" and cut["n"] == 3


def test_the_signature_is_recomputed_from_the_request_as_sent_and_matches_xs_documented_one():
    explained = explain(documented_request(), CONSUMER_SECRET, TOKEN_SECRET)
    assert explained["matches"] is True
    assert explained["signature"] == redact(DOCUMENTED_SIGNATURE)
    assert explained["base_string"].startswith(
        "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue"
        "%26oauth_consumer_key%3Dxvz1…%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
    )
    assert "status%3DHello%2520Ladies%2520%252B%2520Gentlemen" in explained["base_string"]  # encoded twice
    names = [name for name, _value in explained["parameters"]]
    assert names == sorted(names) and "oauth_signature" not in names
    assert explained["key_parts"] == [redact(CONSUMER_SECRET), redact(TOKEN_SECRET)]
    kept = json.dumps(explained)
    for secret in (CONSUMER_SECRET, TOKEN_SECRET, TOKEN, CONSUMER_KEY, DOCUMENTED_SIGNATURE):
        assert secret not in kept


def test_a_signature_made_with_another_secret_does_not_match():
    assert explain(documented_request(token_secret="another"), CONSUMER_SECRET, TOKEN_SECRET)["matches"] is False


def test_a_request_not_signed_with_oauth_1_is_not_explained():
    plain = requests.Request("GET", "https://id.twitch.tv/oauth2/validate", headers={"Authorization": "OAuth x"})
    assert explain(plain.prepare(), CONSUMER_SECRET, "") is None


def _reply(request: requests.PreparedRequest, status: int, body: bytes, content_type: str) -> requests.Response:
    response = requests.Response()
    response.request, response.status_code, response.reason = request, status, "OK"
    response.headers["Content-Type"] = content_type
    response._content = body
    response.elapsed = timedelta(milliseconds=12.34)
    return response


def test_a_token_exchange_is_recorded_with_its_secrets_cut():
    sent = requests.Request(
        "POST",
        "https://id.twitch.tv/oauth2/token",
        data={
            "client_id": "public-id",
            "client_secret": "s" * 30,
            "grant_type": "authorization_code",
            "code": "c" * 30,
        },
    ).prepare()
    body = {"access_token": "a" * 30, "refresh_token": "r" * 50, "expires_in": 14000, "scope": ["bits:read"]}
    step = exchange(_reply(sent, 200, json.dumps(body).encode(), "application/json"))
    assert step["address"] == "https://id.twitch.tv/oauth2/token" and step["ms"] == 12.3
    assert dict(step["form"]) == {
        "client_id": "public-id",
        "client_secret": "ssss…",
        "grant_type": "authorization_code",
        "code": "cccc…",
    }
    assert dict(step["reply"]) == {
        "access_token": "aaaa…",
        "refresh_token": "rrrr…",
        "expires_in": 14000,
        "scope": ["bits:read"],
    }


def test_an_answer_that_is_neither_json_nor_a_form_is_described_not_kept():
    sent = requests.Request("POST", "https://api.x.com/oauth/request_token").prepare()
    page = b"<html>Over capacity: token=abcdefghijkl</html>"
    step = exchange(_reply(sent, 503, page, "text/html"))
    assert step["reply"] == [["(body)", f"{len(page)} bytes of text/html"]]


def test_durations_read_at_a_glance():
    assert [duration(ms) for ms in (0.0412, 9.14, 1520, 123_456)] == ["0.041 ms", "9.1 ms", "1.52 s", "2 min 3 s"]


def test_a_twitch_replay_lists_its_steps_then_the_later_ones_then_disconnect():
    replay = {
        "provider": "twitch",
        "account": {"username": "someone", "name": "Someone", "sandbox": False},
        "at": 1_800_000_000.0,
        "steps": [
            {"kind": "state-made", "at": 1_800_000_000.0, "ms": 0.04, "state": "abcd…", "bits": 256},
            {"kind": "consent", "at": 1_800_000_002.0, "ms": 2000.0},
            {"kind": "unknown-kind", "at": 1_800_000_002.0},  # from a newer version: left out, not failed on
        ],
        "later": {"refresh": {"kind": "refresh", "at": 1_800_014_000.0, "ms": 8.0, "method": "POST", "address": "/t"}},
    }
    page = json.dumps(replay_view(replay).to_plotly_json(), default=lambda c: c.to_plotly_json())
    order = ["state made", "At Twitch", "The first refresh", "The first hourly validation", "At disconnect"]
    assert [page.index(title) for title in order] == sorted(page.index(title) for title in order)
    assert page.count("Not yet:") == 1  # the refresh happened; the hourly validation has not
    assert "2.00 s at Twitch" in page
