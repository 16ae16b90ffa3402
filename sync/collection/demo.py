"""history-demo: the real collector run over a simulated clock against the sandbox, so a newcomer's
sandbox accounts show months of collected history on their first visit.

The sandbox's accounts are signed in over the real OAuth protocols (its consent forms take the
account to sign in as, as a browser's form post would), enrolled as tracked accounts, and then,
for each simulated day from ``days`` ago to today, one collection round per account runs with ``now``
at that time, its requests carrying that time in the sandbox's clock header: the sandbox answers them
as of then, and everyone else (a newcomer signing in meanwhile) as of now. Rounds are the same
``Rounds.run_round`` the scheduler runs, so what lands in the database is what daily collection would
have kept; what they fetch is cached apart from the pages' data and dropped at the end.
"""

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import requests
from requests_oauthlib import OAuth1Session

from providers.twitch import oauth as twitch_oauth
from sandbox import TWITCH_PREFIX, X_PREFIX
from sandbox import credentials as sandbox_credentials
from sandbox.twitch import live
from sandbox.twitch import seed as twitch_seed
from sandbox.twitch.seed import ACCOUNTS as TWITCH_ACCOUNTS
from sandbox.x.seed import ACCOUNTS as X_ACCOUNTS
from sync.collection.collect import RoundResult, Rounds
from sync.collection.sampling import StreamSampler
from sync.runtime import Runtime
from sync.upstreams import twitch_app

log = logging.getLogger(__name__)

TIMEOUT = 30
RUNNING_SECONDS = 15 * 60  # the flag that holds scheduled rounds back outlives a demo that died
SAMPLE_EVERY = timedelta(minutes=20)  # the demo's polls of live streams (the app's own default is 5 minutes)
ROUNDS_AT_ONCE = 6  # every sandbox account of a simulated day at once
# A round that lost a dataset (a request timed out on a loaded machine) is run once more, so the filled
# history has no hole; one whose provider was rate limited is not: it would only be refused again.
TRIED_AGAIN = ("partial", "failed")


@dataclass
class DemoReport:
    accounts: list[str] = field(default_factory=list)
    days: int = 0
    rounds: dict[str, int] = field(default_factory=dict)  # outcome -> count, after a second try
    tried_again: int = 0
    problems: list[str] = field(default_factory=list)  # what a round that was not collected said
    polls: int = 0
    samples: int = 0
    requests: int = 0
    seconds: float = 0.0
    first_day_seconds: float = 0.0  # the first walks of every list

    def summary(self) -> str:
        outcomes = ", ".join(f"{count} {outcome}" for outcome, count in sorted(self.rounds.items()))
        return (
            f"{len(self.accounts)} sandbox accounts × {self.days} days collected in {self.seconds:.1f} s, "
            f"the first day {self.first_day_seconds:.1f} s ({self.requests:,} requests; rounds: {outcomes}); "
            f"{self.samples:,} live-stream samples from {self.polls:,} polls"
            + (f"; {self.tried_again} rounds tried again" if self.tried_again else "")
        )


def demo_running_key(key_prefix: str) -> str:
    return f"{key_prefix}history-demo:running"


def _twitch_credentials(runtime: Runtime, login: str) -> dict:
    """The sandbox Twitch account's tokens: its consent form answered, the code exchanged as sign-in does."""
    app = twitch_app(runtime.config, runtime.config.sandbox_upstream)
    consent = requests.post(
        runtime.config.sandbox_upstream + TWITCH_PREFIX + "/oauth2/authorize",
        data={
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": app.redirect_uri,
            "scope": " ".join(app.scopes),
            "state": "history-demo",
            "account": login,
            "decision": "authorize",
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    code = parse_qs(urlsplit(consent.headers.get("Location", "")).query).get("code")
    if not code:
        raise RuntimeError(f"the Twitch sandbox did not sign {login} in ({consent.status_code})")
    token = twitch_oauth.exchange_code(app, code[0], app.redirect_uri)
    token["validated_at"] = time.time()
    return token


def _x_credentials(runtime: Runtime, username: str) -> dict:
    """The sandbox X account's access token and secret, by OAuth 1.0a's three legs."""
    base = runtime.config.sandbox_upstream + X_PREFIX
    callback = (runtime.config.front_end_url or runtime.config.sandbox_upstream) + "/callback/twitter"
    oauth = OAuth1Session(
        sandbox_credentials.X_CONSUMER_KEY, sandbox_credentials.X_CONSUMER_SECRET, callback_uri=callback
    )
    request_token = oauth.fetch_request_token(base + "/oauth/request_token", timeout=TIMEOUT)["oauth_token"]
    consent = requests.post(
        base + "/oauth/authorize",
        data={"oauth_token": request_token, "account": username, "decision": "authorize"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    oauth.parse_authorization_response(consent.headers["Location"])
    access = oauth.fetch_access_token(base + "/oauth/access_token", timeout=TIMEOUT)
    return {"oauth_token": access["oauth_token"], "oauth_token_secret": access["oauth_token_secret"]}


def enrol_sandbox_accounts(runtime: Runtime) -> list[tuple[str, str]]:
    """Sign in every sandbox account of the providers that use the sandbox and track it; (provider, id) each."""
    enrolled = []
    if runtime.config.uses_sandbox("twitch"):
        for account in TWITCH_ACCOUNTS.values():
            token = _twitch_credentials(runtime, account.login)
            runtime.archive.enrol("twitch", account.id, account.login, account.display_name, token)
            enrolled.append(("twitch", account.id))
    if runtime.config.uses_sandbox("twitter"):
        for account in X_ACCOUNTS:
            token = _x_credentials(runtime, account.username)
            runtime.archive.enrol("twitter", account.id, account.username, account.name, token)
            enrolled.append(("twitter", account.id))
    return enrolled


def live_moments(days: int, today: datetime, every: timedelta = SAMPLE_EVERY) -> list[datetime]:
    """When to poll so that every broadcast of the sandbox's channels in the last ``days`` days is sampled
    every ``every``: the sandbox knows its schedules; the samples themselves come from polls over HTTP."""
    start, end, step = (
        int((today - timedelta(days=days)).timestamp()),
        int(today.timestamp()),
        int(every.total_seconds()),
    )
    moments: set[int] = set()
    for account in TWITCH_ACCOUNTS.values():
        created = twitch_seed.created_at(account, twitch_seed.anchor())
        for broadcast in live.broadcasts(account, start, end, created):
            first = broadcast.started + (-broadcast.started) % step  # on the grid, so channels share polls
            moments.update(range(max(first, start), min(broadcast.ended, end), step))
    return [datetime.fromtimestamp(moment, UTC) for moment in sorted(moments)]


def sample_history(runtime: Runtime, moments: list[datetime], report: DemoReport) -> None:
    """Poll the live streams at each of ``moments``, each poll's requests answered as of its moment."""
    sampler = StreamSampler(runtime)
    for moment in moments:
        poll = sampler.poll(moment)
        report.polls += 1
        report.samples += poll.kept
        report.requests += poll.requests


def _round(rounds: Rounds, account: tuple[str, str], moment: datetime, report: DemoReport) -> RoundResult:
    """One simulated day's round of ``account``, run once more when it lost a dataset."""
    result = rounds.run_round(*account, now=moment)
    report.requests += result.requests
    if result.outcome in TRIED_AGAIN:
        log.warning(
            "History demo: %s %s at %s was %s (%s); trying it again", *account, moment, result.outcome, result.detail
        )
        report.tried_again += 1
        rounds.forget_done(*account, moment)
        result = rounds.run_round(*account, now=moment)
        report.requests += result.requests
    if result.outcome != "collected":
        report.problems.append(f"{account[0]} {account[1]} at {moment:%Y-%m-%d}: {result.outcome} ({result.detail})")
    return result


def run_history_demo(
    runtime: Runtime, days: int = 90, say: Callable[[str], None] = log.info, now: datetime | None = None
) -> DemoReport:
    """Collect ``days`` days of sandbox history, one round per account per simulated day, ending today."""
    started, report = time.monotonic(), DemoReport(days=days + 1)
    today = now or datetime.now(UTC)
    rounds = Rounds(runtime)
    accounts = enrol_sandbox_accounts(runtime)
    report.accounts = [f"{provider}:{account}" for provider, account in accounts]
    say(f"History demo: {len(accounts)} sandbox accounts, {days} days back to today…")
    # Scheduled rounds wait: the demo's last day is today's round, and they would only compete for the machine.
    runtime.redis.set(demo_running_key(runtime.key), "1", ex=RUNNING_SECONDS)
    try:
        with ThreadPoolExecutor(max_workers=ROUNDS_AT_ONCE, thread_name_prefix="history-demo") as pool:
            for back in range(days, -1, -1):
                if back == days - 1:
                    report.first_day_seconds = time.monotonic() - started
                moment = today - timedelta(days=back)  # each round's requests carry it: live users get now
                for provider, account_id in accounts:
                    rounds.forget_done(provider, account_id, moment)
                for result in pool.map(lambda a, at=moment: _round(rounds, a, at, report), accounts):
                    report.rounds[result.outcome] = report.rounds.get(result.outcome, 0) + 1
                if back % 15 == 0 and back:
                    say(f"History demo: {moment:%Y-%m-%d} done, {back} days to go")
        say(f"History demo: daily history ready in {time.monotonic() - started:.0f} s; now the live streams…")
        if runtime.config.uses_sandbox("twitch"):
            sample_history(runtime, live_moments(days, today), report)
    finally:
        rounds.forget_simulated()  # the rounds' working cache of the past: never the pages' data
        runtime.redis.delete(demo_running_key(runtime.key))
    report.seconds = time.monotonic() - started
    return report
