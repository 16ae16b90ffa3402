"""The history database's tables: what cannot be fetched again, kept per tracked account.

SQLAlchemy 2 declarative models; migrations/ turns changes to them into Alembic revisions
(tests/test_migrations.py fails when a model changes without one). Times are UTC throughout.
"""

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ACTIVE = "active"
NEEDS_SIGN_IN = "needs sign-in"

# Named constraints, so a migration can name what it alters on PostgreSQL and SQLite alike.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes in and out; SQLite keeps no zone, so it stores naive UTC and gets it back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("times stored in the history must carry a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _account_fk() -> Mapped[int]:
    # ON DELETE CASCADE as a safety net; delete_account_data() still deletes table by table to count.
    return mapped_column(ForeignKey("tracked_accounts.id", ondelete="CASCADE"), primary_key=True)


class TrackedAccount(Base):
    """A provider account whose history is collected, with its long-lived credentials sealed."""

    __tablename__ = "tracked_accounts"
    __table_args__ = (
        UniqueConstraint("provider", "provider_account_id"),
        CheckConstraint("status IN ('active', 'needs sign-in')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    provider_account_id: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(100), default="")
    display_name: Mapped[str] = mapped_column(String(200), default="")
    collecting: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    status_message: Mapped[str] = mapped_column(Text, default="")
    # Fernet token (core/vault.py fernet_from) of the JSON credentials: X's access token and
    # secret, or Twitch's refresh token. Never stored in the clear.
    sealed_credentials: Mapped[str | None] = mapped_column(Text)
    # When the last collection round finished; the scheduler's "is a round due" reads it.
    last_collected_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)


class DailyCounter(Base):
    """An account's counters on one UTC day (its latest reading); None where the provider has no such counter
    or it was not read."""

    __tablename__ = "daily_counters"

    account_id: Mapped[int] = _account_fk()
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    followers: Mapped[int | None] = mapped_column(Integer)
    following: Mapped[int | None] = mapped_column(Integer)
    posts: Mapped[int | None] = mapped_column(Integer)
    listed: Mapped[int | None] = mapped_column(Integer)
    subscribers: Mapped[int | None] = mapped_column(Integer)
    subscriber_points: Mapped[int | None] = mapped_column(Integer)
    vod_views: Mapped[int | None] = mapped_column(BigInteger)
    # When the kept values were read: charts place a day's snapshot on the viewer's clock. None: not
    # recorded (kept before this column, or carried over from an import).
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


COUNTERS = ("followers", "following", "posts", "listed", "subscribers", "subscriber_points", "vod_views")


class XPostRecord(Base):
    """An X post with every metric ever fetched; private ones outlive X's 30-day window."""

    __tablename__ = "x_posts"
    __table_args__ = (Index(None, "account_id", "created_at"),)  # an account's posts of a date range

    account_id: Mapped[int] = _account_fk()
    post_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    text: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="original")
    url: Mapped[str] = mapped_column(Text, default="")
    conversation_id: Mapped[str] = mapped_column(String(64), default="")
    likes: Mapped[int] = mapped_column(Integer, default=0)
    replies: Mapped[int] = mapped_column(Integer, default=0)
    reposts: Mapped[int] = mapped_column(Integer, default=0)
    quotes: Mapped[int] = mapped_column(Integer, default=0)
    bookmarks: Mapped[int] = mapped_column(Integer, default=0)
    impressions: Mapped[int | None] = mapped_column(BigInteger)
    private_impressions: Mapped[int | None] = mapped_column(BigInteger)
    profile_clicks: Mapped[int | None] = mapped_column(Integer)
    link_clicks: Mapped[int | None] = mapped_column(Integer)
    organic_impressions: Mapped[int | None] = mapped_column(BigInteger)
    organic_likes: Mapped[int | None] = mapped_column(Integer)
    organic_replies: Mapped[int | None] = mapped_column(Integer)
    organic_reposts: Mapped[int | None] = mapped_column(Integer)
    organic_profile_clicks: Mapped[int | None] = mapped_column(Integer)
    organic_link_clicks: Mapped[int | None] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(16), default="text", server_default="text")
    video_views: Mapped[int | None] = mapped_column(BigInteger)
    playback_0: Mapped[int | None] = mapped_column(Integer)
    playback_25: Mapped[int | None] = mapped_column(Integer)
    playback_50: Mapped[int | None] = mapped_column(Integer)
    playback_75: Mapped[int | None] = mapped_column(Integer)
    playback_100: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)  # last time any metric came


class XPostImport(Base):
    """An X post as X's own analytics export counts it: kept apart from what the API fetched (x_posts), so
    each shows as what it is; the export alone knows follows per post and outlives the API's 30 days."""

    __tablename__ = "x_post_imports"
    __table_args__ = (Index(None, "account_id", "created_at"),)

    account_id: Mapped[int] = _account_fk()
    post_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    impressions: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(Integer)
    engagements: Mapped[int | None] = mapped_column(Integer)
    bookmarks: Mapped[int | None] = mapped_column(Integer)
    shares: Mapped[int | None] = mapped_column(Integer)
    new_follows: Mapped[int | None] = mapped_column(Integer)
    replies: Mapped[int | None] = mapped_column(Integer)
    reposts: Mapped[int | None] = mapped_column(Integer)
    profile_visits: Mapped[int | None] = mapped_column(Integer)
    detail_expands: Mapped[int | None] = mapped_column(Integer)
    url_clicks: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)  # first imported


class XImportDay(Base):
    """One day of an X account as its analytics export's overview counts it (follows and unfollows included)."""

    __tablename__ = "x_import_days"

    account_id: Mapped[int] = _account_fk()
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    impressions: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(Integer)
    engagements: Mapped[int | None] = mapped_column(Integer)
    bookmarks: Mapped[int | None] = mapped_column(Integer)
    shares: Mapped[int | None] = mapped_column(Integer)
    new_follows: Mapped[int | None] = mapped_column(Integer)
    unfollows: Mapped[int | None] = mapped_column(Integer)
    replies: Mapped[int | None] = mapped_column(Integer)
    reposts: Mapped[int | None] = mapped_column(Integer)
    profile_visits: Mapped[int | None] = mapped_column(Integer)
    posts_created: Mapped[int | None] = mapped_column(Integer)
    video_views: Mapped[int | None] = mapped_column(BigInteger)


class XMonthlyReads(Base):
    """How many posts and users X's API returned for an account's collection in a month: what X bills per read."""

    __tablename__ = "x_monthly_reads"

    account_id: Mapped[int] = _account_fk()
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day (UTC)
    post_reads: Mapped[int] = mapped_column(Integer, default=0)
    user_reads: Mapped[int] = mapped_column(Integer, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)


class VideoViews(Base):
    """A Twitch VOD's view count on one UTC day."""

    __tablename__ = "video_views"

    account_id: Mapped[int] = _account_fk()
    video_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(BigInteger)


class ClipViews(Base):
    """A Twitch clip's view count on one UTC day."""

    __tablename__ = "clip_views"

    account_id: Mapped[int] = _account_fk()
    clip_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(BigInteger)


class StreamSample(Base):
    """One look at a live Twitch stream (filled by a later issue's sampler)."""

    __tablename__ = "stream_samples"

    account_id: Mapped[int] = _account_fk()
    sampled_at: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    viewer_count: Mapped[int] = mapped_column(Integer)
    game_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    stream_id: Mapped[str] = mapped_column(String(64), default="")
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# The stream story, from EventSub (eventsub/): what happened on a channel, and its chat counted. No
# message text is kept anywhere: a chat message leaves only who wrote it, when, and its emotes.


class ChannelEventRecord(Base):
    """One thing that happened on a channel: a follow, a sub, a cheer, a raid, an ad break, going live..."""

    __tablename__ = "channel_events"
    __table_args__ = (Index(None, "account_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("tracked_accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    amount: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(String(400), default="")


class ChatMinute(Base):
    """A channel's chat in one minute: messages, distinct chatters, and chatters never seen there before."""

    __tablename__ = "chat_minutes"

    account_id: Mapped[int] = _account_fk()
    minute: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    chatters: Mapped[int] = mapped_column(Integer, default=0)
    first_timers: Mapped[int] = mapped_column(Integer, default=0)


class KnownChatters(Base):
    """Everyone who has chatted in the channel, a block of user ids a row, packed (sync/database/known_chatters.py):
    what tells a first-time chatter from a returning one."""

    __tablename__ = "known_chatters"

    account_id: Mapped[int] = _account_fk()
    block: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    ids: Mapped[bytes] = mapped_column(LargeBinary)


class StreamChatter(Base):
    """How many messages a chatter wrote during one stream (the stream's top chatters)."""

    __tablename__ = "stream_chatters"

    account_id: Mapped[int] = _account_fk()
    stream_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # "" for chat while offline
    chatter_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    login: Mapped[str] = mapped_column(String(64), default="")
    messages: Mapped[int] = mapped_column(Integer, default=0)


class StreamEmote(Base):
    """How often an emote was used in chat during one stream."""

    __tablename__ = "stream_emotes"

    account_id: Mapped[int] = _account_fk()
    stream_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    emote_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    uses: Mapped[int] = mapped_column(Integer, default=0)


class StreamChatTotal(Base):
    """A stream's distinct chatters, written when its chat is compacted to its top chatters (eventsub/compact.py)."""

    __tablename__ = "stream_chat_totals"

    account_id: Mapped[int] = _account_fk()
    stream_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    chatters: Mapped[int] = mapped_column(Integer, default=0)


class FoldedMessage(Base):
    """An EventSub event's message id, or a batch of chat messages' key, already folded into the tables above:
    folded again, it changes nothing. Kept two days (eventsub/fold.py prunes it)."""

    __tablename__ = "eventsub_messages"
    __table_args__ = (Index(None, "folded_at"),)

    message_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    folded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


# Mail and alerts (mail/, alerts/): who asked for the digest, every message sent or to send, and what happened.


class MailSubscription(Base):
    """One account's digest mail: the address its owner confirmed, when they want the weekly digest (their zone's
    weekday and hour) and whether after each stream. Its links carry a token; only its SHA-256 is kept."""

    __tablename__ = "mail_subscriptions"
    __table_args__ = (Index(None, "token_hash", unique=True),)

    account_id: Mapped[int] = _account_fk()
    address: Mapped[str] = mapped_column(String(320))
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # None: asked, the link not yet followed
    token_hash: Mapped[str] = mapped_column(String(64))
    link_salt: Mapped[str] = mapped_column(String(32))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    weekday: Mapped[int] = mapped_column(Integer, default=0)  # Monday 0, as datetime.weekday()
    hour: Mapped[int] = mapped_column(Integer, default=9)
    after_stream: Mapped[bool] = mapped_column(default=False)
    alerts: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class OutboxMessage(Base):
    """A message to send, kept until it is sent: its key (account, kind, period) is unique, so a digest is queued
    once however often its dispatcher runs, and its status says whether it left (sent), waits (queued, with when
    to try again) or was given up on (failed)."""

    __tablename__ = "mail_outbox"
    __table_args__ = (
        UniqueConstraint("account_id", "kind", "period"),
        Index(None, "status", "next_attempt_at"),
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("tracked_accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))  # confirm, digest, stream, alert
    period: Mapped[str] = mapped_column(String(64))  # what the message is for: a week, a stream, an alert's id
    recipient: Mapped[str] = mapped_column(String(320))
    message_id: Mapped[str] = mapped_column(String(200))  # the Message-ID header: a retry sends the same one
    body: Mapped[bytes] = mapped_column(LargeBinary)  # the whole MIME message, as sent
    status: Mapped[str] = mapped_column(String(8), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_error: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AlertRecord(Base):
    """Something worth telling an account's owner (a milestone, a stream above its average, ...), once: its key
    (account, kind, subject) is unique, so a round run again finds it already there."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("account_id", "kind", "subject"), Index(None, "account_id", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("tracked_accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str] = mapped_column(String(100))  # what it is about: "1000" followers, a stream id, a post id
    text: Mapped[str] = mapped_column(String(400))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    seen: Mapped[bool] = mapped_column(default=False)


class ShareLink(Base):
    """A read-only link to some of an account's numbers (web/sharing.py). Only the token's SHA-256 is kept:
    the link itself is shown once, at creation, and cannot be read back from here."""

    __tablename__ = "share_links"
    __table_args__ = (
        CheckConstraint("kind IN ('dashboard', 'stream', 'media-kit')", name="kind"),
        Index(None, "account_id"),
        Index(None, "partner_account_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # hex SHA-256 of the link's token
    account_id: Mapped[int] = mapped_column(ForeignKey("tracked_accounts.id", ondelete="CASCADE"))
    # A media kit's other provider's account (its numbers are shown too): deleting either deletes the link.
    partner_account_id: Mapped[int | None] = mapped_column(ForeignKey("tracked_accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200), default="")
    panels: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of panel names shown
    stream_id: Mapped[str | None] = mapped_column(String(64))  # a stream report's stream
    # A fixed range (UTC days, end inclusive); both None: the rolling last 30 days at each view.
    range_start: Mapped[date | None] = mapped_column(Date)
    range_end: Mapped[date | None] = mapped_column(Date)
    password_hash: Mapped[str | None] = mapped_column(Text)  # werkzeug's salted scrypt; None: no password
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    views: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


# Every table holding an account's data, children first: the order "delete my data" goes in.
ACCOUNT_DATA = (
    DailyCounter,
    XPostRecord,
    XPostImport,
    XImportDay,
    XMonthlyReads,
    VideoViews,
    ClipViews,
    StreamSample,
    ChannelEventRecord,
    ChatMinute,
    KnownChatters,
    StreamChatter,
    StreamEmote,
    StreamChatTotal,
    MailSubscription,
    OutboxMessage,
    AlertRecord,
    ShareLink,
)
