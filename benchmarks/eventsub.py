"""EventSub ingest: chat at 100, 1,000 and 5,000 messages a second, by webhook and by WebSocket, and what a
busy stream-hour keeps.

``python -m benchmarks.eventsub``. Three parts, on the test PostgreSQL (a schema of its own, dropped at the end):

1. The webhook: the app served by gunicorn with the production settings in its own process (the web dyno's
   door, ``POST /eventsub``), the folder in this process as a worker would fold. Per rate: messages answered
   a second, the door's p50 and p99, and from each message's timestamp to its batch's commit, p50 and p99.
2. The WebSocket: one process (this one) holding a channel's connection (eventsub/websocket.py) and the
   folder, fed by a Twitch-format WebSocket server in another process (benchmarks/socket_feed.py). Per rate:
   messages folded a second and the timestamp-to-commit p50 and p99.
3. Storage: a busy stream-hour (20,000 chatters, all new to the channel) folded for real and ended, then a
   later one where a fifth are new, on five channels; the bytes as PostgreSQL counts them after VACUUM FULL.
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

import psutil
import redis
import requests
from sqlalchemy import text

import migrations
from benchmarks.common import start_served, stop_served
from core.database import create_database_engine, session_factory
from core.vault import fernet_from
from eventsub.consumer import BATCH
from eventsub.fold import fold
from eventsub.inbox import Inbox
from eventsub.intake import take_many
from eventsub.websocket import SocketShard
from providers.twitch.eventsub import ChannelEvent, ChatLine
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
TABLES = (
    "channel_events",
    "chat_minutes",
    "known_chatters",
    "stream_chatters",
    "stream_chat_totals",
    "stream_emotes",
    "eventsub_messages",
)
HOUR_MESSAGES = 100_000  # an hour's rows do not grow with its messages past one per chatter and minute
HOURS = 5


def chat_notification(n: int) -> dict:
    """The n-th chat message of a busy chat: CHATTERS people (ids spread as Twitch's are), an emote in a third."""
    chatter = n * 7919 % CHATTERS
    fragments = [{"type": "text", "text": "this is what someone wrote", "emote": None}]
    if n % 3 == 0:
        emote_id, name = EMOTES[n % len(EMOTES)]
        fragments.append({"type": "emote", "text": name, "emote": {"id": emote_id}})
    event = {
        "broadcaster_user_id": CHANNEL,
        "chatter_user_id": str(chatter_id(chatter)),
        "chatter_user_login": f"chatter{chatter}",
        "message_id": str(n),
        "message": {"text": "this is what someone wrote", "fragments": fragments},
    }
    subscription = {
        "type": "channel.chat.message",
        "version": "1",
        "condition": {"broadcaster_user_id": CHANNEL, "user_id": CHANNEL},
    }
    return {"subscription": subscription, "event": event}


def chatter_id(chatter: int) -> int:
    """Twitch's user ids run from 1 to some 1.3 billion; a busy chat's people are spread over them."""
    return 1 + chatter * 65_011 % 1_300_000_000


def _body(n: int) -> bytes:
    return json.dumps(chat_notification(n)).encode()


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
    """The folder's loop, timing each message from its timestamp to its batch's commit, and its own CPU."""

    def __init__(self, inbox: Inbox, sessions, client, prefix: str):
        self.inbox, self.sessions, self.client, self.prefix = inbox, sessions, client, prefix
        self.delays: list[float] = []
        self.cpu = 0.0  # seconds of this thread's CPU spent folding
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self.stop.is_set() or self.inbox.waiting():
            entries = self.inbox.take("bench-folder", BATCH, 200)
            if not entries:
                continue
            began = time.thread_time()
            with self.sessions.begin() as session:
                fold(session, [(message_id, record) for _, message_id, record in entries], self.client, self.prefix)
            committed = time.time()
            self.inbox.done([entry_id for entry_id, _, _ in entries])
            self.cpu += time.thread_time() - began
            self.delays += [committed - record.at for _, _, record in entries if isinstance(record, ChatLine)]


def cpu_seconds(process: psutil.Process) -> float:
    """CPU (user and system) of a process and all its children, so far."""
    return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])


def _quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] if len(values) > 1 else (values[0] if values else 0.0)


def _table_bytes(engine) -> dict[str, int]:
    """Each table's bytes (heap, indexes, TOAST) once VACUUM FULL rewrote it without dead rows."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        sizes = {}
        for table in TABLES:
            connection.execute(text(f"VACUUM FULL {table}"))
            sizes[table] = connection.execute(text(f"SELECT pg_total_relation_size('{table}')")).scalar()
        return sizes


def ingest_by_socket(feed: str, inbox: Inbox, sessions, client, prefix: str, rate: int) -> tuple[float, list[float]]:
    """A channel's connection and the folder in this process, ``rate`` messages a second; (folded/s, delays)."""
    folding = Folding(inbox, sessions, client, prefix)
    folding.thread.start()
    began = time.monotonic()
    shard = SocketShard(
        f"{feed}/?rate={rate}&seconds={SECONDS}", lambda session_id: None, lambda told: take_many(inbox, None, told)
    ).start()
    while len(folding.delays) < rate * SECONDS and time.monotonic() - began < SECONDS + 60:
        time.sleep(0.05)
    took = time.monotonic() - began
    shard.stop()
    folding.stop.set()
    folding.thread.join(60)
    return len(folding.delays) / took, folding.delays


def busy_hour(sessions, client, prefix: str, channel: str, start: float, stream_id: str, first_chatter: int) -> None:
    """Fold a stream-hour of HOUR_MESSAGES from CHATTERS people (numbered from ``first_chatter``), and end it."""
    with sessions.begin() as session:
        fold(session, [(f"on-{stream_id}", ChannelEvent(channel, "online", start, detail=stream_id))], client, prefix)
    for first in range(0, HOUR_MESSAGES, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, HOUR_MESSAGES)):
            chatter = first_chatter + n * 7919 % CHATTERS
            emotes = (EMOTES[n % len(EMOTES)],) if n % 3 == 0 else ()
            line = ChatLine(channel, start + n * 3600 / HOUR_MESSAGES, str(chatter_id(chatter)), f"c{chatter}", emotes)
            batch.append((f"{stream_id}-{n}", line))
        with sessions.begin() as session:
            fold(session, batch, client, prefix)
    with sessions.begin() as session:
        fold(session, [(f"off-{stream_id}", ChannelEvent(channel, "offline", start + 3600))], client, prefix)


def _kb(sizes: dict[str, int], before: dict[str, int], table: str | None = None) -> float:
    tables = [table] if table else [t for t in TABLES if t != "eventsub_messages"]
    return sum(sizes[t] - before[t] for t in tables) / 1024


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
    server, base = start_served("benchmarks.serve", redis_url, prefix, "", schema.url, "public")
    served = psutil.Process(server.pid)
    feed_server, feed = start_served("benchmarks.socket_feed")
    feed = feed.replace("http://", "ws://")
    client = redis.Redis.from_url(redis_url)
    header = (
        f"{'offered/s':>10} {'taken/s':>8} {'door p50':>9} {'door p99':>9} {'to row p50':>11} {'to row p99':>11} "
        f"{'CPU/msg':>10} {'fold CPU':>10}"
    )
    try:
        print(f"1. By webhook: chat offered to POST /eventsub (gunicorn, 1 process x 8 threads), {SECONDS} s a rate;")
        print(f"   the folder in another process, batches of up to {BATCH:,} into PostgreSQL.")
        print(header)
        for rate in RATES:
            folding = Folding(Inbox(client, prefix), sessions, client, prefix)
            folding.thread.start()
            began, door_cpu = time.monotonic(), cpu_seconds(served)
            answered, answers = offer(base, secret, rate, SECONDS)
            took, door_cpu = time.monotonic() - began, cpu_seconds(served) - door_cpu
            folding.stop.set()
            folding.thread.join(120)
            print(
                f"{rate:>10,} {answered / took:>8,.0f} {_quantile(answers, 0.5) * 1000:>7.1f}ms "
                f"{_quantile(answers, 0.99) * 1000:>7.1f}ms {_quantile(folding.delays, 0.5):>10.2f}s "
                f"{_quantile(folding.delays, 0.99):>10.2f}s {door_cpu / max(answered, 1) * 1e6:>8,.0f}µs "
                f"{folding.cpu / max(len(folding.delays), 1) * 1e6:>8,.0f}µs"
            )
            door_per, fold_per = door_cpu / max(answered, 1), folding.cpu / max(len(folding.delays), 1)
        print(
            f"   So one core answers some {1 / door_per:,.0f} webhook messages a second, and folds {1 / fold_per:,.0f} "
            "(from the CPU each took at the highest rate)."
        )
        print(f"2. By WebSocket: one process holds the channel's connection and folds, {SECONDS} s a rate.")
        print(header)
        for rate in RATES:
            ours = cpu_seconds(psutil.Process())
            folded, delays = ingest_by_socket(feed, Inbox(client, prefix), sessions, client, prefix, rate)
            ours = cpu_seconds(psutil.Process()) - ours
            print(
                f"{rate:>10,} {folded:>8,.0f} {'-':>9} {'-':>9} {_quantile(delays, 0.5):>10.2f}s "
                f"{_quantile(delays, 0.99):>10.2f}s {ours / max(len(delays), 1) * 1e6:>8,.0f}µs (socket and folder)"
            )
        with engine.begin() as connection:  # the storage hours start from empty tables
            for table in TABLES:
                connection.execute(text(f"DELETE FROM {table}"))
        # Several of each, so the tables' first pages (8 KB each, heap and index) weigh on no one hour.
        channels = [CHANNEL, *(f"99000010{n}" for n in range(1, HOURS))]
        for channel in channels[1:]:
            Archive(sessions, fernet_from("bench")).enrol("twitch", channel, channel, channel, {"refresh_token": "x"})
        empty = _table_bytes(engine)
        start = time.time() - 3 * 86_400
        for channel in channels:
            busy_hour(sessions, client, prefix, channel, start, f"first-{channel}", 0)
        first = _table_bytes(engine)
        for channel in channels:
            busy_hour(sessions, client, prefix, channel, start + 86_400, f"later-{channel}", CHATTERS * 4 // 5)
        later = _table_bytes(engine)
        print(
            f"3. A busy stream-hour ({CHATTERS:,} chatters, {HOUR_MESSAGES:,} messages folded, {len(EMOTES)} emotes), "
            f"kept for good after it ended, the mean of {HOURS}:"
        )
        for name, sizes, before in (
            ("a channel's first (all new)", first, empty),
            ("a later one (a fifth new)", later, first),
        ):
            tables = ", ".join(
                f"{t} {(sizes[t] - before[t]) / 1024 / HOURS:,.1f}" for t in TABLES if t != "eventsub_messages"
            )
            print(f"   {name}: {_kb(sizes, before) / HOURS:,.1f} KB ({tables})")
        ledger_rows = 5_000 * 3600 / BATCH
        per_row = (later["eventsub_messages"] - empty["eventsub_messages"]) / (2 * HOURS * (HOUR_MESSAGES / BATCH + 2))
        print(
            f"   plus the ledger at 5,000 messages a second: {ledger_rows:,.0f} batch keys an hour, "
            f"{ledger_rows * per_row / 1024:,.0f} KB, pruned after 6 hours."
        )
    finally:
        client.close()
        stop_served(server)
        stop_served(feed_server)
        engine.dispose()
        schema.drop()
        delete_prefixed(redis.Redis.from_url(redis_url), prefix)
        if throwaway:
            throwaway.stop()


if __name__ == "__main__":
    main()
