"""EventSub ingest: chat messages offered to the webhook at 100, 1,000 and 5,000 a second.

``python -m benchmarks.eventsub``. The app is served by gunicorn with the production settings in its
own process (the web dyno: the door, ``POST /eventsub``); the folder runs in this process as a worker
would, on the test PostgreSQL (a schema of its own, dropped at the end). Each offered rate runs for
SECONDS; printed per rate: messages answered a second, the door's answer p50 and p99, and from each
message's timestamp to its batch's commit, p50 and p99. Then the storage a busy stream-hour takes,
from the bytes per row measured and the rows such an hour writes.
"""

import hashlib
import hmac
import json
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import redis
import requests
from sqlalchemy import text

import migrations
from benchmarks.common import start_served, stop_served
from core.database import create_database_engine, session_factory
from core.vault import fernet_from
from eventsub.fold import fold
from eventsub.inbox import Inbox
from providers.twitch.eventsub import ChatLine
from sync.database.archive import Archive
from tests.helpers.config import app_config
from tests.helpers.database import PostgresSchema, check_postgres, postgres_url
from tests.helpers.servers import delete_prefixed, test_redis_url, unique_prefix

RATES = (100, 1_000, 5_000)
SECONDS = 5
SENDERS = 16
CHANNEL = "990000001"
CHATTERS = 20_000  # a busy chat: this many people may write in an hour
EMOTES = [(f"emote{n}", f"Emote{n}") for n in range(50)]
TABLES = ("channel_events", "chat_minutes", "chatters", "stream_chatters", "stream_emotes", "eventsub_messages")
BATCH = 500


def _body(n: int) -> bytes:
    chatter = n * 7919 % CHATTERS
    fragments = [{"type": "text", "text": "this is what someone wrote", "emote": None}]
    if n % 3 == 0:
        emote_id, name = EMOTES[n % len(EMOTES)]
        fragments.append({"type": "emote", "text": name, "emote": {"id": emote_id}})
    event = {
        "broadcaster_user_id": CHANNEL,
        "chatter_user_id": str(500_000_000 + chatter),
        "chatter_user_login": f"chatter{chatter}",
        "message_id": str(n),
        "message": {"text": "this is what someone wrote", "fragments": fragments},
    }
    subscription = {
        "type": "channel.chat.message",
        "version": "1",
        "condition": {"broadcaster_user_id": CHANNEL, "user_id": CHANNEL},
    }
    return json.dumps({"subscription": subscription, "event": event}).encode()


def _headers(secret: str, body: bytes) -> dict:
    message_id, now = str(uuid.uuid4()), time.time()
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"
    signed = hmac.new(secret.encode(), message_id.encode() + stamp.encode() + body, hashlib.sha256).hexdigest()
    return {
        "Twitch-Eventsub-Message-Id": message_id,
        "Twitch-Eventsub-Message-Timestamp": stamp,
        "Twitch-Eventsub-Message-Signature": f"sha256={signed}",
        "Twitch-Eventsub-Message-Type": "notification",
        "Content-Type": "application/json",
    }


def offer(base: str, secret: str, rate: int, seconds: float) -> tuple[int, list[float]]:
    """Send ``rate`` messages a second for ``seconds`` from SENDERS keep-alive connections; (answered, answer times)."""
    total, answers, lock = int(rate * seconds), [], threading.Lock()
    start = time.monotonic()

    def send(sender: int) -> None:
        http = requests.Session()
        for n in range(sender, total, SENDERS):
            wait = start + n / rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            body = _body(n)
            began = time.perf_counter()
            reply = http.post(f"{base}/eventsub", data=body, headers=_headers(secret, body), timeout=30)
            took = time.perf_counter() - began
            if reply.status_code == 204:
                with lock:
                    answers.append(took)

    with ThreadPoolExecutor(SENDERS) as pool:
        list(pool.map(send, range(SENDERS)))
    return len(answers), answers


class Folding:
    """The folder's loop, timing each message from its timestamp to its batch's commit."""

    def __init__(self, inbox: Inbox, sessions, client, prefix: str):
        self.inbox, self.sessions, self.client, self.prefix = inbox, sessions, client, prefix
        self.delays: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self.stop.is_set() or self.inbox.waiting():
            entries = self.inbox.take("bench-folder", BATCH, 200)
            if not entries:
                continue
            with self.sessions.begin() as session:
                fold(session, [(message_id, record) for _, message_id, record in entries], self.client, self.prefix)
            committed = time.time()
            self.inbox.done([entry_id for entry_id, _, _ in entries])
            self.delays += [committed - record.at for _, _, record in entries if isinstance(record, ChatLine)]


def _quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] if len(values) > 1 else (values[0] if values else 0.0)


def _table_bytes(engine) -> dict[str, tuple[int, int]]:
    with engine.connect() as connection:
        return {
            table: (
                connection.execute(text(f"SELECT count(*) FROM {table}")).scalar(),
                connection.execute(text(f"SELECT pg_total_relation_size('{table}')")).scalar(),
            )
            for table in TABLES
        }


def main() -> None:
    check_postgres(postgres_url())
    schema = PostgresSchema(postgres_url())
    (redis_url, throwaway), prefix = test_redis_url(), unique_prefix()
    engine = create_database_engine(schema.url)
    migrations.upgrade(engine)
    sessions = session_factory(engine)
    Archive(sessions, fernet_from("bench")).enrol(
        "twitch", CHANNEL, "busychannel", "BusyChannel", {"refresh_token": "x"}
    )
    secret = app_config(redis_url, prefix).eventsub_secret
    server, base = start_served("benchmarks.serve", redis_url, prefix, "", schema.url)
    client = redis.Redis.from_url(redis_url)
    try:
        print(f"EventSub ingest: chat offered to POST /eventsub (gunicorn, 1 process x 8 threads), {SECONDS} s a rate;")
        print("the folder in another process, batches of 500 into PostgreSQL.")
        print(
            f"{'offered/s':>10} {'answered/s':>11} {'door p50':>9} {'door p99':>9} "
            f"{'to row p50':>11} {'to row p99':>11}"
        )
        for rate in RATES:
            folding = Folding(Inbox(client, prefix), sessions, client, prefix)
            folding.thread.start()
            began = time.monotonic()
            answered, answers = offer(base, secret, rate, SECONDS)
            took = time.monotonic() - began
            folding.stop.set()
            folding.thread.join(120)
            print(
                f"{rate:>10,} {answered / took:>11,.0f} {_quantile(answers, 0.5) * 1000:>7.1f}ms "
                f"{_quantile(answers, 0.99) * 1000:>7.1f}ms {_quantile(folding.delays, 0.5):>10.2f}s "
                f"{_quantile(folding.delays, 0.99):>10.2f}s"
            )
        sizes = _table_bytes(engine)
        print(
            "Stored after the three runs (rows, bytes):", ", ".join(f"{t} {r:,} / {b:,}" for t, (r, b) in sizes.items())
        )
        per_row = {t: (b / r if r else 0) for t, (r, b) in sizes.items()}
        hour = {
            "chat_minutes": 60,
            "stream_emotes": len(EMOTES),
            "stream_chatters": CHATTERS,
            "chatters": CHATTERS,
        }
        kept = sum(per_row[t] * rows for t, rows in hour.items())
        ledger = per_row["eventsub_messages"] * 5_000 * 3600 / BATCH
        people = (per_row["stream_chatters"] + per_row["chatters"]) * CHATTERS
        print(
            f"A busy stream-hour (5,000 messages a second, {CHATTERS:,} chatters, {len(EMOTES)} emotes), "
            f"from the bytes per row measured: {kept / 1024:,.0f} KB kept for good, {people / 1024:,.0f} KB of it "
            f"the chatters ({kept / CHATTERS:,.0f} bytes each); plus {ledger / 1024:,.0f} KB of ledger, "
            "pruned after two days."
        )
    finally:
        client.close()
        stop_served(server)
        engine.dispose()
        schema.drop()
        delete_prefixed(redis.Redis.from_url(redis_url), prefix)
        if throwaway:
            throwaway.stop()


if __name__ == "__main__":
    main()
