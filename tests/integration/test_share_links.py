"""Share links over real HTTP, on a real PostgreSQL and Redis, with the sandbox: a visitor with no cookies sees the
chosen panels and nothing else of the account; revocation and expiry act at once; a wrong password answers as a
dead link does; the token is kept only as its hash; the routes are rate limited, unindexed, with a PNG preview."""

import hashlib
import html
import json
import re
import secrets
import statistics
import time
from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import select, text

from sandbox.twitch import seed
from sync.collection.demo import DemoReport, live_moments, sample_history
from sync.jobs.runner import sync_job
from sync.plans import twitch as twitch_plan
from sync.plans import x as x_plan
from tests.helpers.consent import sign_in
from tests.helpers.panels import as_sent
from tests.helpers.sessions import csrf_token

STREAMER = seed.STREAMER
X_CREATOR = "sandbox_creator"
CHOSEN = ["followers", "vods"]
KIT = ["followers", "average-viewers", "engagement-rate", "best-streams", "best-posts"]


def _signed_in_and_synced(server, base: str, redis_client, key_prefix: str, x_too: bool = True) -> requests.Session:
    """The streamer (and the X creator) signed in in one browser, every dataset synced, 21 days of streams sampled."""
    from web.background import identity

    http = requests.Session()
    sign_in(http, base, "twitch", STREAMER.login, next_path="/")
    if x_too:
        sign_in(http, base, "twitter", X_CREATOR, next_path="/")
    with server.test_request_context("/", base_url=base, headers={"Cookie": f"session={http.cookies['session']}"}):
        key = identity(server.extensions["app_config"].key_prefix)
        sync_job("twitch", key, list(twitch_plan.DATASETS), lambda *progress: None)
        if x_too:
            sync_job("twitter", key, list(x_plan.DATASETS), lambda *progress: None)
    sample_history(server.extensions["runtime"], live_moments(21, datetime.now(UTC)), DemoReport())
    return http


def _share(http: requests.Session, base: str, redis_client, key_prefix: str, **fields) -> str:
    """Make a link through the Share form, as a person does; the link the page shows once."""
    form = {"kind": "dashboard", "provider": "twitch", "range": "rolling", "expires": "never", "panels": CHOSEN}
    form |= fields
    made = http.post(f"{base}/shares", data={**form, "csrf_token": csrf_token(redis_client, key_prefix, http)})
    assert made.status_code == 200, made.text
    return html.unescape(re.search(r'readonly value="([^"]+)"', made.text).group(1))


def _strings(node, found: set) -> set:
    """Every text in a panel's plain JSON (words, hover texts, trace names, labels): what would betray it."""
    if isinstance(node, str):
        found.add(node)
    elif isinstance(node, list | tuple):
        for item in node:
            _strings(item, found)
    elif isinstance(node, dict):
        for value in node.values():
            _strings(value, found)
    return found


def _telling(texts: set) -> set:
    """Texts specific enough to be data (a title, a name, a post), not a style or a number."""
    return {t for t in texts if len(t) >= 10 and re.search(r"[A-Za-z]{3}.*\s.*[A-Za-z]{3}", t) and "<" not in t}


def _seen(page: str) -> str:
    """What a visitor can read from the page: its text and attributes, and its figures' JSON decoded."""
    figures = json.loads(re.search(r'id="shared-figures">(.*?)</script>', page, re.S).group(1))
    return html.unescape(page) + json.dumps(figures, ensure_ascii=False)


def test_a_visitor_with_no_cookies_sees_exactly_the_chosen_panels_and_no_token(postgres_app, redis_client, key_prefix):
    from callbacks import twitch, x
    from callbacks.sharing import _defaults
    from dashboard.components.daterange import window
    from web import accounts

    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix)
    link = _share(http, base, redis_client, key_prefix)
    assert len(link.rsplit("/", 1)[1]) >= 43  # 256 bits in URL-safe base64

    visit = requests.get(link, timeout=60)  # a fresh client: no cookie of any kind
    assert visit.status_code == 200
    assert "Set-Cookie" not in visit.headers
    page, seen = visit.text, _seen(visit.text)
    assert page.count('class="card shadow-sm mb-3 shared-panel"') == len(CHOSEN)
    assert "Follower growth" in page and "VOD views" in page
    assert 'class="shared-chart"' in page

    # Every other panel of both dashboards, drawn for the owner over the same days: none of its texts shows.
    cookie = {"Cookie": f"session={http.cookies['session']}"}
    with server.test_request_context("/", base_url=base, headers=cookie):
        tokens = [accounts.token("twitch"), accounts.token("twitter")]
        csrf = accounts.csrf_token()
        today = datetime.now(UTC).date()
        span = window((today - timedelta(days=29)).isoformat(), today.isoformat(), UTC)
        drawn = {}
        for board in (twitch.board, x.board):
            names = list(board.panels)
            bodies = board.shared_bodies(accounts.account(board.provider).id, span, names, _defaults(board.provider))
            drawn |= {(board.provider, name): as_sent(body) for name, body in bodies.items()}
    shown = set().union(*(_strings(drawn[("twitch", name)], set()) for name in CHOSEN))
    shown_text = "\n".join(shown)  # a chosen panel's own words may hold a shorter text of another's
    others = {
        key: {t for t in _telling(_strings(body, set())) if t not in shown_text}
        for key, body in drawn.items()
        if key[0] != "twitch" or key[1] not in CHOSEN
    }
    assert sum(len(texts) for texts in others.values()) > 50  # the other panels had data to betray
    betrayed = {key: sorted(t for t in texts if t in seen) for key, texts in others.items()}
    assert {key: texts for key, texts in betrayed.items() if texts} == {}
    assert "@" + X_CREATOR not in seen  # nothing of the X account beside the channel

    secrets_held = [v for token in tokens for v in (token or {}).values() if isinstance(v, str) and len(v) >= 8]
    secrets_held += [http.cookies["session"], csrf]
    assert len(secrets_held) >= 4
    for secret in secrets_held:
        assert secret not in page
    assert page.count(' id="') == 1  # the figures' data block only: no panel's or control's id, so no callback


def test_revocation_and_expiry_take_effect_at_once(postgres_app, redis_client, key_prefix):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix, x_too=False)
    link = _share(http, base, redis_client, key_prefix)
    assert requests.get(link, timeout=30).status_code == 200
    assert requests.get(link + "/preview.png", timeout=30).status_code == 200

    listed = http.get(f"{base}/shares").text
    assert "Twitch dashboard" in listed and ">1<" in listed  # one view counted
    share_id = re.search(r'action="/shares/(\d+)/revoke"', listed).group(1)
    revoked = http.post(
        f"{base}/shares/{share_id}/revoke", data={"csrf_token": csrf_token(redis_client, key_prefix, http)}
    )
    assert revoked.status_code == 200 and "revoked" in revoked.text
    ended = requests.get(link, timeout=30)
    assert ended.status_code == 404 and "This link is not available" in ended.text
    assert requests.get(link + "/preview.png", timeout=30).status_code == 404

    soon = _share(http, base, redis_client, key_prefix, expires="1d")
    assert requests.get(soon, timeout=30).status_code == 200
    with server.extensions["runtime"].engine.begin() as connection:  # a day later, as far as the link knows
        connection.execute(
            text("UPDATE share_links SET expires_at = :past"), {"past": datetime.now(UTC) - timedelta(seconds=1)}
        )
    assert requests.get(soon, timeout=30).status_code == 404
    assert ">expired<" in http.get(f"{base}/shares").text.replace("expired ·", "expired<")


def test_a_wrong_password_answers_as_a_missing_link_does(postgres_app, redis_client, key_prefix):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix, x_too=False)
    link = _share(http, base, redis_client, key_prefix, password="correct horse battery")
    asked = requests.get(link, timeout=30)
    assert asked.status_code == 200 and "A password is needed" in asked.text
    assert "Follower growth" not in asked.text and STREAMER.display_name not in asked.text

    missing = link.rsplit("/", 1)[0] + "/" + secrets.token_urlsafe(32)

    def answer(address: str, password: str) -> tuple[int, str, float]:
        started = time.perf_counter()
        reply = requests.post(address, data={"password": password}, timeout=30)
        return reply.status_code, reply.text.replace(address, "ADDRESS"), time.perf_counter() - started

    wrong = [answer(link, "wrong password") for _ in range(5)]
    absent = [answer(missing, "wrong password") for _ in range(5)]
    assert {(status, body) for status, body, _ in wrong} == {(status, body) for status, body, _ in absent}
    assert wrong[0][0] == 404
    # The same slow hash runs either way: neither answer is quick.
    slow, fast = statistics.median(t for *_, t in wrong), statistics.median(t for *_, t in absent)
    assert min(slow, fast) > 0.3 * max(slow, fast)

    right = requests.post(link, data={"password": "correct horse battery"}, timeout=30)
    assert right.status_code == 200 and "Follower growth" in right.text


def test_the_token_and_password_are_stored_only_as_hashes(postgres_app, redis_client, key_prefix):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix, x_too=False)
    link = _share(http, base, redis_client, key_prefix, password="a password of mine")
    token = link.rsplit("/", 1)[1]
    from sync.database.models import ShareLink

    with server.extensions["runtime"].engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(select(ShareLink.__table__))]
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0].values())
    assert token not in stored and "a password of mine" not in stored
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert rows[0]["password_hash"].startswith("scrypt:")


def test_the_routes_are_rate_limited_and_unindexed_with_a_png_preview(postgres_apps, redis_client, key_prefix):
    server, base = postgres_apps(share_rate_limit="6 per minute")
    http = _signed_in_and_synced(server, base, redis_client, key_prefix, x_too=False)
    link = _share(http, base, redis_client, key_prefix)
    page = requests.get(link, timeout=30)
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"  # the token is in the address
    image_address = re.search(r'<meta property="og:image" content="([^"]+)"', page.text).group(1)
    image = requests.get(html.unescape(image_address), timeout=30)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
    again = requests.get(image_address, headers={"If-None-Match": image.headers["ETag"]}, timeout=30)
    assert again.status_code == 304  # revalidated each time: a revoked link's image goes at once
    statuses = [requests.get(link, timeout=30).status_code for _ in range(6)]
    assert statuses[-1] == 429 and statuses[0] == 200


def test_disconnect_and_delete_deletes_the_accounts_links(postgres_app, redis_client, key_prefix):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix)
    link = _share(http, base, redis_client, key_prefix)
    kit = _share(http, base, redis_client, key_prefix, kind="media-kit", panels=KIT)
    assert requests.get(kit, timeout=30).status_code == 200
    gone = http.post(
        f"{base}/disconnect/twitter",
        data={"csrf_token": csrf_token(redis_client, key_prefix, http), "confirm": "delete"},
    )
    assert gone.status_code == 200
    assert requests.get(kit, timeout=30).status_code == 404  # it showed the X account's numbers too
    assert requests.get(link, timeout=30).status_code == 200  # the Twitch dashboard's link stays
    http.post(
        f"{base}/disconnect/twitch",
        data={"csrf_token": csrf_token(redis_client, key_prefix, http), "confirm": "delete"},
    )
    assert requests.get(link, timeout=30).status_code == 404
    with server.extensions["runtime"].engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM share_links")).scalar() == 0


def test_a_media_kit_shows_both_providers_headline_numbers_and_an_x_link_its_panels(
    postgres_app, redis_client, key_prefix
):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix)
    kit = requests.get(_share(http, base, redis_client, key_prefix, kind="media-kit", panels=KIT), timeout=30).text
    for expected in (
        "followers on Twitch",
        "average viewers, last 30 days",
        "Best streams, last 30 days",
        "followers on X",
        "engagement rate, last 30 days",
        "Best posts, last 30 days",
    ):
        assert expected in kit, expected
    assert "None in the last 30 days." not in kit

    only = requests.get(
        _share(http, base, redis_client, key_prefix, kind="media-kit", panels=["followers"]), timeout=30
    )
    assert "followers on X" in only.text and "engagement rate" not in only.text and "Best posts" not in only.text

    x_link = _share(http, base, redis_client, key_prefix, provider="twitter", panels=["impressions", "rate"])
    x_page = requests.get(x_link, timeout=30).text
    assert "Impressions per post" in x_page and "Engagement rate" in x_page
    assert x_page.count('class="card shadow-sm mb-3 shared-panel"') == 2


def test_a_stream_reports_link_shows_that_stream(postgres_app, redis_client, key_prefix):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix, x_too=False)
    runtime, now = server.extensions["runtime"], datetime.now(UTC)
    stream_id = runtime.archive.stream_samples(STREAMER.id, now - timedelta(days=21), now)[-1][1].stream_id
    link = _share(http, base, redis_client, key_prefix, kind="stream", stream_id=stream_id, panels=[])
    page = requests.get(link, timeout=30).text
    assert "30-day median" in page and "What moved the curve" in page
    assert "Follower growth" not in page


def test_a_right_password_lets_reloads_of_that_link_only_through_until_revoked(postgres_app, redis_client, key_prefix):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix, x_too=False)
    link = _share(http, base, redis_client, key_prefix, password="correct horse battery")
    other = _share(http, base, redis_client, key_prefix, password="correct horse battery")
    path = "/s/" + link.rsplit("/", 1)[1]

    visitor = requests.Session()
    right = visitor.post(link, data={"password": "correct horse battery"}, allow_redirects=False, timeout=30)
    assert right.status_code == 303 and right.headers["Location"].endswith(path)
    cookie = right.headers["Set-Cookie"]
    assert f"Path={path};" in cookie + ";" and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here; HTTPS adds it
    assert 11 * 3600 < int(re.search(r"Max-Age=(\d+)", cookie).group(1)) <= 12 * 3600
    for _reload in range(2):
        page = visitor.get(link, timeout=30)
        assert page.status_code == 200 and "Follower growth" in page.text, page.text[:300]

    # The pass opens only its link: the browser keeps it to that path, and sent to another link it is refused.
    assert "A password is needed" in visitor.get(other, timeout=30).text
    value = visitor.cookies.get("share_pass", path=path)
    stolen = requests.get(other, headers={"Cookie": f"share_pass={value}"}, timeout=30)
    assert stolen.status_code == 200 and "A password is needed" in stolen.text and "Follower growth" not in stolen.text
    until, mac = value.split(".")
    stretched = requests.get(link, headers={"Cookie": f"share_pass={int(until) + 3600}.{mac}"}, timeout=30)
    assert "A password is needed" in stretched.text  # its expiry is signed too

    share_id = server.extensions["share_links"].find(link.rsplit("/", 1)[1]).id
    revoked = http.post(
        f"{base}/shares/{share_id}/revoke", data={"csrf_token": csrf_token(redis_client, key_prefix, http)}
    )
    assert revoked.status_code == 200
    ended = visitor.get(link, timeout=30)  # the pass still held: the link's end wins at once
    assert ended.status_code == 404 and "This link is not available" in ended.text
    assert visitor.cookies.get("share_pass", path=path) == value


def test_the_pass_ends_with_a_link_that_expires_first(postgres_app, redis_client, key_prefix):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix, x_too=False)
    link = _share(http, base, redis_client, key_prefix, password="a password of mine", expires="1d")
    with server.extensions["runtime"].engine.begin() as connection:  # an hour left
        connection.execute(
            text("UPDATE share_links SET expires_at = :soon"), {"soon": datetime.now(UTC) + timedelta(hours=1)}
        )
    right = requests.post(link, data={"password": "a password of mine"}, allow_redirects=False, timeout=30)
    assert 3500 < int(re.search(r"Max-Age=(\d+)", right.headers["Set-Cookie"]).group(1)) <= 3600


def test_link_preview_bots_are_not_counted_as_views(postgres_app, redis_client, key_prefix):
    server, base = postgres_app
    http = _signed_in_and_synced(server, base, redis_client, key_prefix, x_too=False)
    link = _share(http, base, redis_client, key_prefix)
    bots = (
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Twitterbot/1.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "TelegramBot (like TwitterBot)",
        "WhatsApp/2.23.20.0 A",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.0 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    )
    for bot in bots:
        card = requests.get(link, headers={"User-Agent": bot}, timeout=30)
        assert card.status_code == 200 and "og:image" in card.text  # the card is still drawn
    phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
    requests.get(link, headers={"User-Agent": phone}, timeout=30)
    with server.extensions["runtime"].engine.connect() as connection:
        assert connection.execute(text("SELECT views FROM share_links")).scalar() == 1  # the person only
