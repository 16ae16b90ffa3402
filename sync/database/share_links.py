"""Share links as stored: made with an unguessable token kept only as its SHA-256, found again by the token,
listed, counted and revoked per account. One short transaction per call, as the archive's.

A link that is revoked or past its expiry is not found, at once: nothing is cached in between.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from sync.database.archive import UNAVAILABLE, HistoryUnavailable
from sync.database.models import ShareLink, TrackedAccount

TOKEN_BYTES = 32  # 256 bits: the issue asks for at least 128
KINDS = ("dashboard", "stream", "media-kit")


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a fast hash is enough for 256 random bits; no salt needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Owner:
    provider: str
    account_id: str  # the provider's id
    username: str
    name: str


@dataclass(frozen=True)
class Share:
    """A link's settings and its owner (and a media kit's partner account), as a page is drawn from them."""

    id: int
    kind: str
    title: str
    owner: Owner
    partner: Owner | None
    panels: tuple[str, ...]
    stream_id: str | None
    days: tuple[date, date] | None  # None: the rolling last 30 days
    password_hash: str | None
    expires_at: datetime | None
    revoked_at: datetime | None
    views: int
    created_at: datetime

    @property
    def live(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > datetime.now(UTC))


class ShareLinks:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def _run(self, work):
        try:
            with self.sessions.begin() as session:
                return work(session)
        except SQLAlchemyError as error:
            raise HistoryUnavailable(UNAVAILABLE) from error

    def create(
        self,
        owner: tuple[str, str],
        kind: str,
        *,
        title: str = "",
        panels: tuple[str, ...] = (),
        stream_id: str | None = None,
        days: tuple[date, date] | None = None,
        password_hash: str | None = None,
        expires_at: datetime | None = None,
        partner: tuple[str, str] | None = None,
    ) -> tuple[str, Share]:
        """A new link of the tracked account ``owner`` ((provider, id)): (its token, shown once; the share)."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of share: {kind}")
        token = secrets.token_urlsafe(TOKEN_BYTES)

        def make(session: Session) -> Share:
            row = ShareLink(
                token_hash=token_hash(token),
                account_id=_tracked_id(session, *owner),
                partner_account_id=_tracked_id(session, *partner) if partner else None,
                kind=kind,
                title=title[:200],
                panels=json.dumps(list(panels)),
                stream_id=stream_id,
                range_start=days[0] if days else None,
                range_end=days[1] if days else None,
                password_hash=password_hash,
                expires_at=expires_at,
                views=0,
                created_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return _share(session, row)

        return token, self._run(make)

    def find(self, token: str) -> Share | None:
        """The live link of ``token``; None when there is none, or it was revoked or has expired."""
        now = datetime.now(UTC)

        def read(session: Session) -> Share | None:
            row = session.scalars(
                select(ShareLink).where(
                    ShareLink.token_hash == token_hash(token),
                    ShareLink.revoked_at.is_(None),
                    or_(ShareLink.expires_at.is_(None), ShareLink.expires_at > now),
                )
            ).first()
            return _share(session, row) if row else None

        return self._run(read)

    def count_view(self, share_id: int) -> None:
        self._run(
            lambda s: s.execute(update(ShareLink).where(ShareLink.id == share_id).values(views=ShareLink.views + 1))
        )

    def of_account(self, provider: str, account_id: str) -> list[Share]:
        """The account's links (its media kits with another account too), newest first."""

        def read(session: Session) -> list[Share]:
            tracked = _tracked_id(session, provider, account_id, missing=None)
            if tracked is None:
                return []
            rows = session.scalars(
                select(ShareLink)
                .where(or_(ShareLink.account_id == tracked, ShareLink.partner_account_id == tracked))
                .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
            ).all()
            return [_share(session, row) for row in rows]

        return self._run(read)

    def revoke(self, provider: str, account_id: str, share_id: int) -> bool:
        """Revoke one of the account's links (at once: ``find`` no longer finds it); False when it has no such link."""

        def write(session: Session) -> bool:
            tracked = _tracked_id(session, provider, account_id, missing=None)
            if tracked is None:
                return False
            done = session.execute(
                update(ShareLink)
                .where(
                    ShareLink.id == share_id,
                    or_(ShareLink.account_id == tracked, ShareLink.partner_account_id == tracked),
                    ShareLink.revoked_at.is_(None),
                )
                .values(revoked_at=datetime.now(UTC))
            )
            return done.rowcount > 0

        return self._run(write)


_RAISE = object()


def _tracked_id(session: Session, provider: str, account_id: str, missing=_RAISE) -> int | None:
    found = session.scalar(
        select(TrackedAccount.id).where(
            TrackedAccount.provider == provider, TrackedAccount.provider_account_id == account_id
        )
    )
    if found is None and missing is _RAISE:
        raise LookupError(f"{provider} account {account_id} is not tracked")
    return found


def _owner(session: Session, tracked_id: int | None) -> Owner | None:
    if tracked_id is None:
        return None
    row = session.get(TrackedAccount, tracked_id)
    return Owner(row.provider, row.provider_account_id, row.username, row.display_name or row.username)


def _share(session: Session, row: ShareLink) -> Share:
    return Share(
        id=row.id,
        kind=row.kind,
        title=row.title,
        owner=_owner(session, row.account_id),
        partner=_owner(session, row.partner_account_id),
        panels=tuple(json.loads(row.panels or "[]")),
        stream_id=row.stream_id,
        days=(row.range_start, row.range_end) if row.range_start and row.range_end else None,
        password_hash=row.password_hash,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        views=row.views,
        created_at=row.created_at,
    )
