"""Collection figures, printed: one round for many tracked sandbox accounts at 50 ms per request, the
database bytes they write, what one worker can keep collected within the providers' published limits,
and the cost of sampling live streams for 10,000 channels.

``python -m benchmarks.collection [accounts]`` (default 1,000: half Twitch, half X crowd accounts of the
sandbox). The sandbox runs in its own process (gunicorn, production settings); rounds run here on
``WORKERS`` threads, as one Celery worker with the Procfile's concurrency runs them; the history goes
to a schema of its own on the test PostgreSQL, dropped at the end.
"""

import logging
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

import migrations
from benchmarks.common import LATENCY_MS, set_latency, start_server
from benchmarks.history import TABLES, sizes
from core.database import create_database_engine
from factory import create_server
from sync.collection.collect import Rounds
from sync.collection.sampling import StreamSampler
from sync.database import history
from sync.jobs.budgets import TWITCH_APP, TWITCH_USER, X_ENDPOINTS
from tests.helpers.config import app_config
from tests.helpers.crowd import crowd_accounts, sign_in_crowd
from tests.helpers.database import PostgresSchema, check_postgres, postgres_url
from tests.helpers.sandbox_clock import clear_clock, set_clock
from tests.helpers.servers import delete_prefixed, test_redis_url, unique_prefix

WORKERS = 4  # the Procfile worker's --concurrency
SAMPLE_CHANNELS = 10_000
SAMPLE_EVERY_SECONDS = 300
X_MONTHLY_POST_READS = 3_000_000  # X's pay-per-use volume cap per app and billing month
DAY = 86_400


def table_sizes(engine) -> dict[str, tuple[int, int]]:
    """(rows, bytes) per history table, compacted first: what is kept, not the dead row versions of
    updates that autovacuum reclaims."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM FULL"))
    return sizes(engine)


def written(before: dict, after: dict) -> tuple[int, int]:
    rows = sum(after[t][0] - before[t][0] for t in TABLES)
    size = sum(after[t][1] - before[t][1] for t in TABLES)
    return rows, size


def run_rounds(rounds: Rounds, accounts: list[tuple[str, str]], now: datetime) -> tuple[float, int, dict, int]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda a: rounds.run_round(*a, now=now, on_demand=True), accounts))
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    posts_read = sum(r.posts_read for r in results)
    return time.perf_counter() - started, sum(r.requests for r in results), outcomes, posts_read


def main(total: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    check_postgres(postgres_url())
    redis_url, throwaway = test_redis_url()
    prefix, schema = unique_prefix(), PostgresSchema(postgres_url())
    engine = create_database_engine(schema.url)
    migrations.upgrade(engine)
    process, base = start_server(redis_url, prefix + "sandbox:")
    try:
        server = create_server(app_config(redis_url, prefix, sandbox_url=base, database_url=schema.url))
        runtime = server.extensions["runtime"]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=8) as pool:
            signed = list(pool.map(lambda a: sign_in_crowd(base, *a), crowd_accounts(total)))
        for provider, account_id, username, credentials in signed:
            runtime.archive.enrol(provider, account_id, username, username, credentials)
        print(f"signed in and tracked {total:,} crowd accounts in {time.perf_counter() - started:.1f} s")

        for provider in ("twitch", "x"):  # the sandbox's fault switches name X "x"
            set_latency(base, provider, LATENCY_MS)
        rounds, tracked = Rounds(runtime), [(p, a) for p, a, _u, _c in signed]
        # The first round answers as of yesterday, the daily one as of today: views, followers and posts move.
        now = datetime.now(UTC)
        set_clock(base, now - timedelta(days=1))
        before = table_sizes(engine)
        wall, requests, outcomes, _posts = run_rounds(rounds, tracked, now - timedelta(days=1))
        first_rows, first_bytes = written(before, table_sizes(engine))
        print(f"\nfirst round (as of yesterday), {total:,} accounts, {LATENCY_MS} ms per request, {WORKERS} workers:")
        print(f"  wall {wall:.1f} s ({wall / total * 1000:.0f} ms per account), outcomes {outcomes}")
        print(f"  {requests:,} requests, {requests / total:.1f} per account")
        print(f"  written: {first_rows / total:.1f} rows, {first_bytes / total:,.0f} bytes per account")

        clear_clock(base)
        before = table_sizes(engine)
        wall, requests, outcomes, posts_read = run_rounds(rounds, tracked, now)
        day_rows, day_bytes = written(before, table_sizes(engine))
        wall_per_account = wall / total  # with WORKERS threads at once
        print(f"\nthe next day's round (the sandbox's clock a day on), {total:,} accounts:")
        print(f"  wall {wall:.1f} s, outcomes {outcomes}; {requests:,} requests, {requests / total:.1f} per account")
        print(f"  written: {day_rows / total:.1f} rows, {day_bytes / total:,.0f} bytes per account per day")
        yearly = first_bytes / total + 365 * day_bytes / total
        first_mb = first_bytes / total / 1e6
        print(f"  database bytes per account per year: {yearly / 1e6:.2f} MB ({first_mb:.2f} MB on the first day)")

        per_account = requests / total
        by_time = int(DAY / wall_per_account)
        twitch_user_minutes = per_account / TWITCH_USER.requests  # of one user's minute bucket
        x_user_window = per_account / X_ENDPOINTS["tweets"].requests
        print("\none worker (4 threads) keeping accounts collected daily:")
        print(f"  by its own time: {by_time:,} accounts a day ({wall_per_account * 1000:.0f} ms of wall per account)")
        print(
            f"  Twitch: user tokens have buckets of their own ({TWITCH_USER.requests}/min each; a round uses "
            f"{twitch_user_minutes:.1%} of one minute's), so no app-wide cap binds: {by_time:,} a day"
        )
        x_accounts = sum(1 for provider, _a in tracked if provider == "twitter")
        post_reads = posts_read / max(x_accounts, 1)
        print(
            f"  X: per user token {X_ENDPOINTS['tweets'].requests} timeline requests per 15 min (a round uses "
            f"{x_user_window:.1%}); the app's {X_MONTHLY_POST_READS:,} post reads a month allow "
            f"{int(X_MONTHLY_POST_READS / 30 / post_reads):,} accounts at {post_reads:,.0f} reads per round"
        )

        set_latency(base, "twitch", None)
        sample_figures(runtime)
    finally:
        process.stdin.close()
        process.wait(30)
        engine.dispose()
        schema.drop()
        delete_prefixed(runtime.redis, prefix)
        if throwaway:
            throwaway.stop()


def sample_figures(runtime) -> None:
    """One poll of 10,000 tracked channels: requests per poll and per hour against Twitch's app limit."""
    with runtime.archive.sessions.begin() as session:
        for n in range(SAMPLE_CHANNELS):
            history.ensure_tracked(
                session, "twitch", str(900_000_000 + n), username=f"c{n}", display_name=f"c{n}", message=""
            )
        session.execute(text("UPDATE tracked_accounts SET status = 'active' WHERE username LIKE 'c%'"))
    tracked = sum(1 for a, _ in runtime.archive.collecting_accounts() if a.provider == "twitch")
    started = time.perf_counter()
    report = StreamSampler(runtime).poll()
    wall = time.perf_counter() - started
    per_hour = report.requests * 3600 / SAMPLE_EVERY_SECONDS
    limit_per_hour = TWITCH_APP.requests * 3600 / TWITCH_APP.window_seconds
    print(f"\nsampling live streams, {tracked:,} tracked Twitch channels, one poll every {SAMPLE_EVERY_SECONDS} s:")
    print(f"  {report.requests} requests per poll ({wall:.1f} s), {per_hour:,.0f} per hour")
    print(f"  Twitch's app-token limit: {limit_per_hour:,.0f} per hour; sampling uses {per_hour / limit_per_hour:.1%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
