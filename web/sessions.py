"""Server-side sessions in Redis (Flask-Session), hardened: no pickle, idle and absolute timeouts."""

import logging
import time
from contextvars import ContextVar
from datetime import timedelta

import msgspec
from flask import Flask, session
from flask_session._utils import total_seconds
from flask_session.redis import RedisSessionInterface

from core.config import Config
from core.connections import Store

log = logging.getLogger(__name__)

_decoder = msgspec.msgpack.Decoder(dict)
# The idle timeout slides by rewriting the session; once a minute is enough, not at every one of
# the dozen requests a page view makes (a session may so end up to this much before its idle time).
SLIDE_EVERY_SECONDS = 60
_seconds_left: ContextVar[int | None] = ContextVar("session_seconds_left", default=None)


class SafeRedisSessionInterface(RedisSessionInterface):
    """Flask-Session's Redis sessions, with two holes closed.

    Reads are msgpack only: Flask-Session falls back to ``pickle.loads`` on data it cannot decode,
    which would run code planted in Redis. Here undecodable data simply means "no session".

    Writes never bring a deleted session back: every request saves the whole session at its end,
    so a Dash callback that started before sign-out would otherwise restore the signed-in session
    under the old id. A session that was loaded from Redis is only rewritten while it still exists.

    An unchanged session is rewritten only to slide its idle timeout, at most once a minute.
    """

    def open_session(self, app, request):
        _seconds_left.set(None)
        session = super().open_session(app, request)
        session.loaded_sid = session.sid if session else None  # empty: new, nothing to protect
        session.seconds_left = _seconds_left.get() if session else None
        return session

    def should_set_storage(self, app, session) -> bool:
        if session.modified or getattr(session, "seconds_left", None) is None:
            return True
        return session.seconds_left < total_seconds(app.permanent_session_lifetime) - SLIDE_EVERY_SECONDS

    def _upsert_session(self, session_lifetime, session, store_id: str) -> None:
        only_if_present = getattr(session, "loaded_sid", None) == session.sid
        self.client.set(
            store_id, self.serializer.encode(session), ex=total_seconds(session_lifetime), xx=only_if_present
        )

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        pipe = self.client.pipeline(transaction=False)
        pipe.get(store_id)
        pipe.ttl(store_id)
        raw, seconds_left = pipe.execute()
        _seconds_left.set(seconds_left if seconds_left >= 0 else None)
        if not raw:
            return None
        try:
            return _decoder.decode(raw)
        except msgspec.DecodeError:
            log.warning("Discarded a stored session that is not valid msgpack")
            return None


def init_sessions(server: Flask, store: Store, config: Config) -> None:
    server.config.update(
        # Every request slides the idle timeout; the absolute one is enforced below.
        SESSION_REFRESH_EACH_REQUEST=True,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=config.session_idle_minutes),
        SESSION_COOKIE_NAME="session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.production,
    )
    server.session_interface = SafeRedisSessionInterface(
        server,
        client=store.client,
        key_prefix=config.key_prefix + "session:",
        permanent=True,
        serialization_format="msgpack",
    )
    absolute_seconds = config.session_absolute_hours * 3600

    @server.before_request
    def end_sessions_past_their_absolute_timeout():
        started = session.get("started_at")
        if started and time.time() - started > absolute_seconds:
            from web.accounts import sign_out  # late import: accounts builds on this module

            sign_out()
