"""The weekly digest for many accounts: ``python -m benchmarks.digest [accounts]`` (default 10,000, half Twitch, half
X) on the test PostgreSQL, in a schema of its own dropped at the end. Synthetic history (two weeks of daily counters,
three one-hour streams a week sampled every 5 minutes, ten posts a week), every account subscribed and due; then
each digest gathered, drawn and queued (digest/dispatch.py's queue_digest) and the outbox delivered as .eml files
(the transport of `make run`). Prints wall time, CPU per mail and bytes per mail, measured in this one run.
"""

import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import insert, text

import migrations
from core.database import create_database_engine, session_factory
from core.vault import fernet_from
from digest.dispatch import queue_digest
from mail.delivery import deliver_due
from mail.transport import DirectoryTransport
from sync.database import mail_subscriptions
from sync.database.archive import Archive
from sync.database.models import DailyCounter, MailSubscription, StreamSample, TrackedAccount, XPostRecord
from tests.helpers.config import app_config
from tests.helpers.database import PostgresSchema, check_postgres, postgres_url

NOW = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # a Monday, 09:30 in Paris: everyone's digest is due
BATCH = 5_000


def _fill(engine, accounts: int) -> None:
    """The accounts, their counters, samples and posts, written in batches (the benchmark's setup, not measured)."""
    with engine.begin() as connection:
        connection.execute(
            insert(TrackedAccount),
            [
                {
                    "id": n + 1,
                    "provider": "twitch" if n % 2 else "twitter",
                    "provider_account_id": str(100_000 + n),
                    "username": f"creator{n}",
                    "display_name": f"Creator {n}",
                    "collecting": True,
                    "status": "active",
                    "status_message": "",
                    "created_at": NOW - timedelta(days=30),
                    "updated_at": NOW,
                }
                for n in range(accounts)
            ],
        )
        connection.execute(
            insert(MailSubscription),
            [
                {
                    "account_id": n + 1,
                    "address": f"creator{n}@example.com",
                    "confirmed_at": NOW - timedelta(days=20),
                    "token_hash": f"{n:064x}",
                    "link_salt": f"{n:032x}",
                    "time_zone": "Europe/Paris",
                    "weekday": 0,
                    "hour": 9,
                    "after_stream": False,
                    "alerts": False,
                    "created_at": NOW - timedelta(days=20),
                }
                for n in range(accounts)
            ],
        )
    rows, samples, posts = [], [], []
    for n in range(accounts):
        for back in range(16):
            day = (NOW - timedelta(days=back)).date()
            rows.append({"account_id": n + 1, "day": day, "followers": 900 + n % 500 + (16 - back) * 3})
        if n % 2:
            for back in (1, 3, 5, 8, 10, 12):
                start = NOW - timedelta(days=back, hours=5)
                for minute in range(0, 60, 5):
                    samples.append(
                        {
                            "account_id": n + 1,
                            "sampled_at": start + timedelta(minutes=minute),
                            "viewer_count": 10 + (n + minute) % 40,
                            "game_name": "Chess",
                            "title": "Playing",
                            "stream_id": f"{n}-{back}",
                            "started_at": start,
                        }
                    )
        else:
            for k in range(20):
                posts.append(
                    {
                        "account_id": n + 1,
                        "post_id": f"{n}-{k}",
                        "created_at": NOW - timedelta(hours=16 * k + 3),
                        "text": "A post about the stream tonight " * 3,
                        "kind": "original",
                        "url": f"https://x.com/creator{n}/status/{k}",
                        "conversation_id": f"{n}-{k}",
                        "likes": (n + k) % 90,
                        "replies": k % 7,
                        "reposts": k % 5,
                        "quotes": 0,
                        "bookmarks": k % 3,
                        "impressions": 1_000 + k * 37,
                        "fetched_at": NOW,
                    }
                )
    for table, batch_rows in ((DailyCounter, rows), (StreamSample, samples), (XPostRecord, posts)):
        for start in range(0, len(batch_rows), BATCH):
            with engine.begin() as connection:
                connection.execute(insert(table), batch_rows[start : start + BATCH])
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def main(accounts: int) -> None:
    url = postgres_url()
    check_postgres(url)
    schema = PostgresSchema(url)
    outbox_dir = tempfile.mkdtemp(prefix="digest-bench-")
    engine = create_database_engine(schema.url)
    try:
        migrations.upgrade(engine)
        started = time.monotonic()
        _fill(engine, accounts)
        print(f"setup: {accounts:,} accounts of synthetic history in {time.monotonic() - started:.1f} s")
        sessions = session_factory(engine)
        config = app_config("redis://127.0.0.1:6379/0", "bench:", mail_from="Digest <digest@example.com>")
        runtime = SimpleNamespace(archive=Archive(sessions, fernet_from(config.secret_key)), config=config)
        with sessions.begin() as session:
            subscriptions = mail_subscriptions.confirmed(session)

        wall, cpu = time.monotonic(), time.process_time()
        queued = sum(queue_digest(runtime, subscription, NOW) for subscription in subscriptions)
        queue_wall, queue_cpu = time.monotonic() - wall, time.process_time() - cpu
        wall, cpu = time.monotonic(), time.process_time()
        delivered = deliver_due(sessions, DirectoryTransport(outbox_dir), config.mail_from, NOW, limit=accounts)
        send_wall, send_cpu = time.monotonic() - wall, time.process_time() - cpu
        again = sum(queue_digest(runtime, subscription, NOW + timedelta(minutes=2)) for subscription in subscriptions)

        with engine.connect() as connection:
            sizes = connection.execute(
                text("SELECT count(*), avg(length(body)), max(length(body)) FROM mail_outbox WHERE status = 'sent'")
            ).one()
            table = connection.execute(text("SELECT pg_total_relation_size('mail_outbox')")).scalar()
        print(f"digests queued: {queued:,} (a second round queued {again}); sent: {delivered.sent:,}")
        print(
            f"gather + draw + queue: {queue_wall:.1f} s wall, {queue_cpu / max(queued, 1) * 1000:.1f} ms CPU per mail"
        )
        per_mail = send_cpu / max(delivered.sent, 1) * 1000
        print(f"deliver to .eml files: {send_wall:.1f} s wall, {per_mail:.2f} ms CPU per mail")
        print(f"total: {queue_wall + send_wall:.1f} s for {delivered.sent:,} mails on one process")
        print(f"bytes per mail: {sizes[1]:,.0f} on average, {sizes[2]:,} at most (PNG charts inline)")
        print(f"outbox table after the run: {table / 1e6:.1f} MB ({table / max(sizes[0], 1):,.0f} bytes per mail kept)")
    finally:
        engine.dispose()
        schema.drop()
        shutil.rmtree(outbox_dir, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
