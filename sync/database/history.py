"""The history repository: what sync code and dashboards call to keep and read the database's history.

Plain functions on a SQLAlchemy ``Session``; the caller owns the transaction
(``with sessions.begin() as session: ...``), so several writes commit together or not at all.
Accounts are named as the rest of the app names them: provider ("twitter", "twitch") and the
provider's account id. Credentials go in and out as dicts and are stored sealed with the
``MultiFernet`` handed in (core/vault.py ``fernet_from``), so key rotation works as for the vault.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import Column, ColumnElement, MetaData, Select, Table, case, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.labels import PROVIDERS
from providers.twitch.records import StreamSample
from providers.x.records import PRIVATE_FIELDS, XPost
from sync.database.models import (
    ACCOUNT_DATA,
    ACTIVE,
    COUNTERS,
    NEEDS_SIGN_IN,
    ChannelEventRecord,
    ClipViews,
    DailyCounter,
    ShareLink,
    TrackedAccount,
    VideoViews,
    XPostRecord,
    utc_now,
)
from sync.database.models import (
    StreamSample as StreamSampleRow,
)

POST_FIELDS = tuple(f.name for f in fields(XPost) if f.name != "id")
COPY_FROM_ROWS = 200  # fewer rows go through the driver as they are
# Metrics that come as None when X does not serve them: a None never replaces a number kept earlier.
NULLABLE_POST_METRICS = ("impressions", "video_views", *PRIVATE_FIELDS)


class UnknownAccount(LookupError):
    """The account is not tracked: enrol it first."""


@dataclass(frozen=True)
class Account:
    """A tracked account as callers see it: everything but its credentials."""

    provider: str
    account_id: str
    username: str
    display_name: str
    collecting: bool
    status: str
    status_message: str
    created_at: datetime
    updated_at: datetime
    last_collected_at: datetime | None = None  # when its last collection round finished

    @classmethod
    def of(cls, row: TrackedAccount) -> "Account":
        return cls(
            row.provider,
            row.provider_account_id,
            row.username,
            row.display_name,
            row.collecting,
            row.status,
            row.status_message,
            row.created_at,
            row.updated_at,
            row.last_collected_at,
        )


# Tracked accounts ----------------------------------------------------------------------------------


def find_tracked(session: Session, provider: str, account_id: str) -> TrackedAccount | None:
    return session.scalars(
        select(TrackedAccount).where(
            TrackedAccount.provider == provider, TrackedAccount.provider_account_id == account_id
        )
    ).first()


def tracked_row(session: Session, provider: str, account_id: str) -> TrackedAccount:
    row = find_tracked(session, provider, account_id)
    if row is None:
        raise UnknownAccount(f"{provider} account {account_id} is not tracked")
    return row


def seal(fernet: MultiFernet, credentials: Mapping) -> str:
    return fernet.encrypt(json.dumps(dict(credentials)).encode()).decode("ascii")


def unseal(fernet: MultiFernet, sealed: str | None) -> dict | None:
    """The credentials, or None when there are none or no key opens them (treated as signed out)."""
    if not sealed:
        return None
    try:
        return json.loads(fernet.decrypt(sealed.encode("ascii")))
    except (InvalidToken, ValueError):
        return None


def enrol_account(
    session: Session,
    fernet: MultiFernet,
    provider: str,
    account_id: str,
    *,
    username: str,
    display_name: str,
    credentials: Mapping | None,
) -> Account:
    """Track an account (or refresh one tracked already) after a sign-in: names, credentials, status active.

    Whether collection is on is the person's choice: a paused account stays paused.
    """
    if provider not in PROVIDERS:
        raise ValueError(f"unknown provider {provider!r}")
    row = find_tracked(session, provider, account_id)
    if row is None:
        row = TrackedAccount(provider=provider, provider_account_id=account_id, collecting=True)
        session.add(row)
    row.username, row.display_name = username, display_name
    row.sealed_credentials = seal(fernet, credentials) if credentials else None
    row.status, row.status_message = (ACTIVE, "") if credentials else (NEEDS_SIGN_IN, "Sign in to collect history.")
    session.flush()
    return Account.of(row)


def ensure_tracked(
    session: Session, provider: str, account_id: str, *, username: str, display_name: str, message: str
) -> bool:
    """Track an account known from elsewhere (old data) without credentials; True when it was not tracked."""
    if find_tracked(session, provider, account_id) is not None:
        return False
    session.add(
        TrackedAccount(
            provider=provider,
            provider_account_id=account_id,
            username=username,
            display_name=display_name,
            collecting=True,
            status=NEEDS_SIGN_IN,
            status_message=message,
        )
    )
    session.flush()
    return True


def update_account(
    session: Session, provider: str, account_id: str, *, username: str | None = None, display_name: str | None = None
) -> Account:
    """New names from a profile fetch; None leaves a name as it is."""
    row = tracked_row(session, provider, account_id)
    if username is not None:
        row.username = username
    if display_name is not None:
        row.display_name = display_name
    session.flush()
    return Account.of(row)


def store_credentials(
    session: Session, fernet: MultiFernet, provider: str, account_id: str, credentials: Mapping
) -> None:
    """Replace the sealed credentials (Twitch hands out a new refresh token with each refresh)."""
    row = tracked_row(session, provider, account_id)
    row.sealed_credentials = seal(fernet, credentials)
    row.status, row.status_message = ACTIVE, ""
    session.flush()


def account_credentials(session: Session, fernet: MultiFernet, provider: str, account_id: str) -> dict | None:
    return unseal(fernet, tracked_row(session, provider, account_id).sealed_credentials)


def set_collecting(session: Session, provider: str, account_id: str, collecting: bool) -> Account:
    """Pause (False) or resume (True) collection; what was collected stays."""
    row = tracked_row(session, provider, account_id)
    row.collecting = collecting
    session.flush()
    return Account.of(row)


def pause_account(session: Session, provider: str, account_id: str) -> Account:
    return set_collecting(session, provider, account_id, False)


def mark_needs_sign_in(session: Session, provider: str, account_id: str, message: str) -> Account:
    """The provider refused the credentials: drop them, and say why until the person signs in again."""
    row = tracked_row(session, provider, account_id)
    row.sealed_credentials = None
    row.status, row.status_message = NEEDS_SIGN_IN, message
    session.flush()
    return Account.of(row)


def tracked_accounts(session: Session, provider: str | None = None, *, collecting_only: bool = False) -> list[Account]:
    """Tracked accounts, oldest first; ``collecting_only``: those a scheduler should sync (on and active)."""
    query = select(TrackedAccount).order_by(TrackedAccount.id)
    if provider is not None:
        query = query.where(TrackedAccount.provider == provider)
    if collecting_only:
        query = query.where(TrackedAccount.collecting.is_(True), TrackedAccount.status == ACTIVE)
    return [Account.of(row) for row in session.scalars(query)]


def mark_collected(session: Session, provider: str, account_id: str, at: datetime) -> None:
    """A collection round of the account finished at ``at``."""
    tracked_row(session, provider, account_id).last_collected_at = at
    session.flush()


def reseal_credentials(session: Session, fernet: MultiFernet) -> int:
    """Seal every account's credentials again with the newest key, so an old key can be retired."""
    resealed = 0
    for row in session.scalars(select(TrackedAccount).where(TrackedAccount.sealed_credentials.is_not(None))):
        try:
            row.sealed_credentials = fernet.rotate(row.sealed_credentials.encode("ascii")).decode("ascii")
            resealed += 1
        except InvalidToken:
            continue  # no key opens it: it reads as signed out already
    session.flush()
    return resealed


def delete_account_data(session: Session, provider: str, account_id: str) -> dict[str, int]:
    """ "Disconnect and delete my data": every row of the account, with how many went from each table."""
    row = find_tracked(session, provider, account_id)
    deleted = {model.__tablename__: 0 for model in ACCOUNT_DATA} | {TrackedAccount.__tablename__: 0}
    if row is None:
        return deleted
    for model in ACCOUNT_DATA:
        deleted[model.__tablename__] = session.execute(delete(model).where(model.account_id == row.id)).rowcount
    # A media kit shows its partner account's numbers too: it goes with either account.
    partnered = delete(ShareLink).where(ShareLink.partner_account_id == row.id)
    deleted[ShareLink.__tablename__] += session.execute(partnered).rowcount
    session.delete(row)
    session.flush()
    deleted[TrackedAccount.__tablename__] = 1
    return deleted


# Writing history -----------------------------------------------------------------------------------


def upsert(
    session: Session,
    table: Table,
    rows: list[dict],
    keys: tuple[str, ...],
    *,
    latest: Iterable[str] = (),
    latest_known: Iterable[str] = (),
    first_known: Iterable[str] = (),
    added: Iterable[str] = (),
    greatest: Iterable[str] = (),
    distinct_keys: bool = False,
) -> None:
    """Insert rows; where a key exists, each column takes the new value (``latest``), the new value unless
    it is None (``latest_known``), the stored value unless that is None (``first_known``), the sum of both
    (``added``), or the larger (``greatest``). ``distinct_keys``: no key comes twice in ``rows``, so many
    rows may go to PostgreSQL by COPY (a busy chat's thousands a batch)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    copied = distinct_keys and dialect == "postgresql" and len(rows) >= COPY_FROM_ROWS
    statement = insert(table).from_select(list(rows[0]), _copied(session, table, rows)) if copied else insert(table)
    new, old = statement.excluded, table.c
    updates: dict[str, ColumnElement] = {name: new[name] for name in latest}
    updates |= {name: func.coalesce(new[name], old[name]) for name in latest_known}
    updates |= {name: func.coalesce(old[name], new[name]) for name in first_known}
    updates |= {name: old[name] + new[name] for name in added}
    updates |= {name: case((new[name] > old[name], new[name]), else_=old[name]) for name in greatest}
    if updates:
        statement = statement.on_conflict_do_update(index_elements=list(keys), set_=updates)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    if copied:
        session.execute(statement)
    else:
        session.execute(statement, rows)


def _copied(session: Session, table: Table, rows: list[dict]) -> Select:
    """``rows`` put by COPY into a temporary table like ``table`` (emptied at commit); a SELECT of them. A
    row at a time through the driver costs some 75 µs, by COPY a few."""
    columns, holder = list(rows[0]), f"incoming_{table.name}"
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {holder} (LIKE {table.name}) ON COMMIT DELETE ROWS")
        cursor.execute(f"TRUNCATE {holder}")
        with cursor.copy(f"COPY {holder} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])
    incoming = Table(holder, MetaData(), *(Column(name, table.c[name].type) for name in columns))
    return select(*incoming.c)


def record_daily_counters(
    session: Session,
    provider: str,
    account_id: str,
    day: date,
    *,
    overwrite: bool = True,
    read_at: datetime | None = None,
    **counters: int | None,
) -> None:
    """The day's counters (one row per account and day), read at ``read_at``; a None or absent counter
    keeps what the day had.

    ``overwrite=False`` only fills what the day lacks (carrying old snapshots over); otherwise the
    day's latest reading wins, so the row ends the day holding that day's closing value.
    """
    unknown = set(counters) - set(COUNTERS)
    if unknown:
        raise ValueError(f"unknown counters: {', '.join(sorted(unknown))}")
    row = {
        "account_id": tracked_row(session, provider, account_id).id,
        "day": day,
        "read_at": read_at,
        **{name: counters.get(name) for name in COUNTERS},
    }
    policy = {"latest_known" if overwrite else "first_known": (*COUNTERS, "read_at")}
    upsert(session, DailyCounter.__table__, [row], ("account_id", "day"), **policy)


def _record_views(
    session: Session,
    model,
    id_column: str,
    provider: str,
    account_id: str,
    day: date,
    views: Mapping[str, int],
    overwrite: bool,
) -> int:
    owner = tracked_row(session, provider, account_id).id
    rows = [{"account_id": owner, id_column: item, "day": day, "views": count} for item, count in views.items()]
    upsert(
        session,
        model.__table__,
        rows,
        ("account_id", id_column, "day"),
        **({"latest": ("views",)} if overwrite else {}),
    )
    return len(rows)


def record_video_views(
    session: Session, account_id: str, day: date, views: Mapping[str, int], *, overwrite: bool = True
) -> int:
    """Each Twitch VOD's view count on ``day`` (video id to views); returns how many were given."""
    return _record_views(session, VideoViews, "video_id", "twitch", account_id, day, views, overwrite)


def record_clip_views(
    session: Session, account_id: str, day: date, views: Mapping[str, int], *, overwrite: bool = True
) -> int:
    """Each Twitch clip's view count on ``day`` (clip id to views); returns how many were given."""
    return _record_views(session, ClipViews, "clip_id", "twitch", account_id, day, views, overwrite)


def record_stream_samples(session: Session, sampled_at: datetime, samples: Iterable[StreamSample]) -> int:
    """One row per live tracked channel at ``sampled_at``; samples of untracked channels are dropped."""
    samples = list(samples)
    owners = dict(
        session.execute(
            select(TrackedAccount.provider_account_id, TrackedAccount.id).where(
                TrackedAccount.provider == "twitch",
                TrackedAccount.provider_account_id.in_([sample.user_id for sample in samples]),
            )
        ).all()
    )
    ended = _ended_streams(session, list(owners.values()), sampled_at)
    rows = [
        {
            "account_id": owners[sample.user_id],
            "sampled_at": sampled_at,
            "viewer_count": sample.viewer_count,
            "game_name": sample.game_name[:200],
            "title": sample.title,
            "stream_id": sample.stream_id[:64],
            "started_at": datetime.fromtimestamp(sample.started_at, UTC) if sample.started_at else None,
        }
        for sample in samples
        if sample.user_id in owners and not _has_ended(ended.get(owners[sample.user_id]), sample)
    ]
    upsert(session, StreamSampleRow.__table__, rows, ("account_id", "sampled_at"))
    return len(rows)


def _ended_streams(session: Session, owners: list[int], at: datetime) -> dict[int, datetime]:
    """Each channel's last stream.offline up to ``at``, where it came after the channel's last stream.online."""
    last = (
        select(ChannelEventRecord.account_id, ChannelEventRecord.kind, func.max(ChannelEventRecord.at).label("at"))
        .where(
            ChannelEventRecord.account_id.in_(owners),
            ChannelEventRecord.kind.in_(("online", "offline")),
            ChannelEventRecord.at <= at,
        )
        .group_by(ChannelEventRecord.account_id, ChannelEventRecord.kind)
    )
    moments: dict[int, dict[str, datetime]] = {}
    for owner, kind, moment in session.execute(last):
        moments.setdefault(owner, {})[kind] = moment
    return {
        owner: kinds["offline"]
        for owner, kinds in moments.items()
        if "offline" in kinds and ("online" not in kinds or kinds["online"] < kinds["offline"])
    }


def _has_ended(offline_at: datetime | None, sample: StreamSample) -> bool:
    """Helix lists a stream for a while after it ended; EventSub said it ended: its sample is not kept."""
    return offline_at is not None and bool(sample.started_at) and sample.started_at < offline_at.timestamp()


def stream_samples_version(session: Session, account_id: str) -> tuple[int, str | None]:
    """(how many samples the channel has, when the newest was taken): any new sample changes it. (0, None)
    for a channel not tracked. One query: it runs on every view of a Twitch dashboard."""
    count, newest = session.execute(
        select(func.count(StreamSampleRow.sampled_at), func.max(StreamSampleRow.sampled_at))
        .join(TrackedAccount, StreamSampleRow.account_id == TrackedAccount.id)
        .where(TrackedAccount.provider == "twitch", TrackedAccount.provider_account_id == account_id)
    ).one()
    return count, newest.isoformat() if newest else None


def stream_samples(session: Session, account_id: str, start: datetime, end: datetime) -> list[StreamSample]:
    """The channel's samples from ``start`` to ``end`` (both included), oldest first, as (time, sample) rows."""
    owner = tracked_row(session, "twitch", account_id).id
    query = (
        select(StreamSampleRow)
        .where(StreamSampleRow.account_id == owner, StreamSampleRow.sampled_at.between(start, end))
        .order_by(StreamSampleRow.sampled_at)
    )
    return [
        (
            row.sampled_at,
            StreamSample(
                account_id,
                row.stream_id,
                row.viewer_count,
                row.game_name,
                row.title,
                int(row.started_at.timestamp()) if row.started_at else 0,
            ),
        )
        for row in session.scalars(query)
    ]


def latest_views(session: Session, account_id: str, kind: str) -> dict[str, int]:
    """The last kept view count of each VOD (``kind="video"``) or clip (``"clip"``) of the account."""
    model, id_column = {"video": (VideoViews, VideoViews.video_id), "clip": (ClipViews, ClipViews.clip_id)}[kind]
    owner = tracked_row(session, "twitch", account_id).id
    newest = (
        select(id_column.label("item"), func.max(model.day).label("day"))
        .where(model.account_id == owner)
        .group_by(id_column)
        .subquery()
    )
    query = (
        select(id_column, model.views)
        .join(newest, (id_column == newest.c.item) & (model.day == newest.c.day))
        .where(model.account_id == owner)
    )
    return dict(session.execute(query).all())


def _post_row(owner: int, post: XPost, fetched_at: datetime) -> dict:
    return {
        "account_id": owner,
        "post_id": post.id,
        "fetched_at": fetched_at,
        **{name: getattr(post, name) for name in POST_FIELDS},
    }


def upsert_posts(
    session: Session,
    account_id: str,
    posts: Iterable[XPost],
    *,
    fetched_at: datetime | None = None,
    overwrite: bool = True,
) -> int:
    """Keep X posts as fetched: public metrics and text take the new values; a private metric that
    comes back None (X serves them for 30 days only) keeps the number stored. Returns posts given.

    ``overwrite=False`` only adds posts and metrics the database lacks (carrying old data over).
    """
    owner = tracked_row(session, "twitter", account_id).id
    rows = [_post_row(owner, post, fetched_at or utc_now()) for post in posts]
    replaced = tuple(name for name in (*POST_FIELDS, "fetched_at") if name not in NULLABLE_POST_METRICS)
    if overwrite:
        policy = {"latest": replaced, "latest_known": NULLABLE_POST_METRICS}
    else:
        policy = {"first_known": NULLABLE_POST_METRICS}
    upsert(session, XPostRecord.__table__, rows, ("account_id", "post_id"), **policy)
    return len(rows)


# Reading history -----------------------------------------------------------------------------------


def counter_history(
    session: Session, provider: str, account_id: str, counter: str, start: date, end: date
) -> list[tuple[date, int]]:
    """(day, value) for each day from ``start`` to ``end`` (both included) that has the counter, oldest first."""
    if counter not in COUNTERS:
        raise ValueError(f"unknown counter {counter!r}")
    column = getattr(DailyCounter, counter)
    owner = tracked_row(session, provider, account_id).id
    query = (
        select(DailyCounter.day, column)
        .where(DailyCounter.account_id == owner, DailyCounter.day.between(start, end), column.is_not(None))
        .order_by(DailyCounter.day)
    )
    return [(day, value) for day, value in session.execute(query)]


def counters_by_day(
    session: Session, provider: str, account_id: str, start: date, end: date
) -> dict[str, dict[str, int]]:
    """{ISO day: {counter: value, "read_at": epoch seconds}} of the days (``start`` to ``end``) that have any
    counter, oldest first; "read_at" only where it was recorded."""
    owner = tracked_row(session, provider, account_id).id
    query = (
        select(DailyCounter)
        .where(DailyCounter.account_id == owner, DailyCounter.day.between(start, end))
        .order_by(DailyCounter.day)
    )
    return {
        row.day.isoformat(): {name: getattr(row, name) for name in COUNTERS if getattr(row, name) is not None}
        | ({"read_at": row.read_at.timestamp()} if row.read_at else {})
        for row in session.scalars(query)
    }


def follower_history(
    session: Session, provider: str, account_id: str, start: date, end: date
) -> list[tuple[date, int]]:
    """Daily follower totals over a date range (both ends included), oldest first."""
    return counter_history(session, provider, account_id, "followers", start, end)


def stored_posts(session: Session, account_id: str) -> list[XPost]:
    """Every X post kept for the account, newest first, with every metric kept."""
    owner = tracked_row(session, "twitter", account_id).id
    query = (
        select(XPostRecord)
        .where(XPostRecord.account_id == owner)
        .order_by(
            XPostRecord.created_at.desc().nulls_last(),
            func.length(XPostRecord.post_id).desc(),
            XPostRecord.post_id.desc(),
        )
    )  # ids need not be numbers: among numeric ones, longer is newer
    return [
        XPost(id=row.post_id, **{name: getattr(row, name) for name in POST_FIELDS}) for row in session.scalars(query)
    ]


def view_history(
    session: Session, account_id: str, kind: str, start: date, end: date
) -> dict[str, list[tuple[date, int]]]:
    """Views per day of each VOD (``kind="video"``) or clip (``"clip"``) over a date range, oldest day first."""
    model, id_column = {"video": (VideoViews, VideoViews.video_id), "clip": (ClipViews, ClipViews.clip_id)}[kind]
    owner = tracked_row(session, "twitch", account_id).id
    query = (
        select(id_column, model.day, model.views)
        .where(model.account_id == owner, model.day.between(start, end))
        .order_by(model.day)
    )
    history: dict[str, list[tuple[date, int]]] = {}
    for item, day, views in session.execute(query):
        history.setdefault(item, []).append((day, views))
    return history
