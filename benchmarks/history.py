"""History database figures on the test PostgreSQL: migration time, bytes per account per day, write times.

``python -m benchmarks.history``. Works in a schema of its own, dropped at the end; bounded sizes.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

import migrations
from core.database import create_database_engine, session_factory
from core.vault import fernet_from
from providers.x.records import XPost
from sync.database import history
from tests.helpers.database import PostgresSchema, check_postgres, postgres_url

ACCOUNTS = 20  # half X, half Twitch
DAYS = 365
POSTS_PER_ACCOUNT = 3200  # X's timeline cap: a heavy account's whole archive
VODS = 50  # VODs whose views are kept each day
TABLES = ("tracked_accounts", "daily_counters", "x_posts", "video_views", "clip_views", "stream_samples")
FIRST = date(2025, 1, 1)


def x_posts(count: int) -> list[XPost]:
    """Posts like a real archive: a tweet-length text, public metrics, private ones on the newest 10%."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    posts = []
    for n in range(count):
        private = n >= count * 0.9
        posts.append(
            XPost(
                id=str(1_800_000_000_000_000_000 + n),
                created_at=start + timedelta(hours=3 * n),
                text="x" * random.randint(40, 280),
                url=f"https://x.com/someone/status/{n}",
                conversation_id=str(n),
                likes=n % 500,
                replies=n % 40,
                reposts=n % 60,
                quotes=n % 9,
                bookmarks=n % 30,
                impressions=10_000 + n,
                **(
                    {
                        "private_impressions": 9_000 + n,
                        "profile_clicks": n % 90,
                        "link_clicks": n % 20,
                        "organic_impressions": 8_000 + n,
                        "organic_likes": n % 400,
                        "organic_replies": n % 30,
                        "organic_reposts": n % 50,
                        "organic_profile_clicks": n % 80,
                        "organic_link_clicks": n % 10,
                    }
                    if private
                    else {}
                ),
            )
        )
    return posts


def timed(label: str, action) -> None:
    started = time.perf_counter()
    action()
    print(f"{label}: {time.perf_counter() - started:.2f} s")


def sizes(engine) -> dict[str, tuple[int, int]]:
    """(rows, bytes with indexes and TOAST) per table."""
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        return {
            table: (
                connection.execute(text(f"SELECT count(*) FROM {table}")).scalar(),
                connection.execute(text(f"SELECT pg_total_relation_size('{table}')")).scalar(),
            )
            for table in TABLES
        }


def fill(sessions, x_ids: list[str], twitch_ids: list[str]) -> None:
    fernet = fernet_from("benchmark-secret")
    with sessions.begin() as session:
        for account in x_ids:
            history.enrol_account(
                session,
                fernet,
                "twitter",
                account,
                username=f"x{account}",
                display_name="X",
                credentials={"oauth_token": "t" * 50, "oauth_token_secret": "s" * 45},
            )
        for account in twitch_ids:
            history.enrol_account(
                session,
                fernet,
                "twitch",
                account,
                username=f"t{account}",
                display_name="T",
                credentials={"refresh_token": "r" * 50},
            )
    for offset in range(DAYS):
        day = FIRST + timedelta(days=offset)
        with sessions.begin() as session:
            for account in x_ids:
                history.record_daily_counters(
                    session,
                    "twitter",
                    account,
                    day,
                    followers=10_000 + offset,
                    following=300,
                    posts=5_000 + offset,
                    listed=40,
                )
            for account in twitch_ids:
                history.record_daily_counters(
                    session,
                    "twitch",
                    account,
                    day,
                    followers=20_000 + offset,
                    subscribers=500,
                    subscriber_points=600,
                    vod_views=90_000 + offset,
                )
                history.record_video_views(session, account, day, {f"v{n}": 1000 + offset for n in range(VODS)})


def main() -> None:
    random.seed(1)
    url = postgres_url()
    check_postgres(url)
    schema = PostgresSchema(url)
    engine = create_database_engine(schema.url)
    try:
        timed("migration of an empty PostgreSQL to head", lambda: migrations.upgrade(engine))
        sessions = session_factory(engine)
        x_ids = [str(n) for n in range(ACCOUNTS // 2)]
        twitch_ids = [str(1000 + n) for n in range(ACCOUNTS // 2)]
        timed(
            f"{DAYS} days of counters for {ACCOUNTS} accounts, {VODS} VODs' views a day for the Twitch ones",
            lambda: fill(sessions, x_ids, twitch_ids),
        )
        posts = x_posts(POSTS_PER_ACCOUNT)
        for account in x_ids:
            with sessions.begin() as session:
                history.upsert_posts(session, account, posts)
        with sessions.begin() as session:
            timed(
                f"upsert of {POSTS_PER_ACCOUNT} posts already stored (a full re-walk)",
                lambda: history.upsert_posts(session, x_ids[0], posts),
            )
        with sessions.begin() as session:
            timed(
                "upsert of the newest 100 posts without private metrics (a re-sync past X's window)",
                lambda: history.upsert_posts(
                    session, x_ids[0], [XPost(id=p.id, created_at=p.created_at, likes=1) for p in posts[-100:]]
                ),
            )
        measured = sizes(engine)
        for table, (rows, size) in measured.items():
            print(f"{table}: {rows} rows, {size / 1024:.0f} KiB, {size / max(rows, 1):.0f} bytes a row")
        per_x = measured["daily_counters"][1] / (ACCOUNTS * DAYS)
        print(f"counters: {per_x:.0f} bytes per account per day")
        print(
            f"VOD views: {measured['video_views'][1] / (len(twitch_ids) * DAYS):.0f} bytes per Twitch account "
            f"per day with {VODS} VODs"
        )
        print(
            f"X posts: {measured['x_posts'][1] / (len(x_ids) * POSTS_PER_ACCOUNT):.0f} bytes per post "
            f"(an account posting 5 a day: {5 * measured['x_posts'][1] / (len(x_ids) * POSTS_PER_ACCOUNT):.0f} "
            f"bytes a day)"
        )
    finally:
        engine.dispose()
        schema.drop()


if __name__ == "__main__":
    main()
