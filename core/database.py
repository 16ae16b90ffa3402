"""The database connection: URL handling, the engine and the session factory.

Ground level: only SQLAlchemy and the standard library; the URL is handed in (from
core/config.py), never read from the environment here.
"""

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

# Heroku (and many other hosts) hand out postgres:// URLs, which SQLAlchemy no longer accepts;
# a plain postgresql:// would pick psycopg2, and we ship psycopg 3.
POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg")
POSTGRES_DRIVER = "postgresql+psycopg"
SQLITE_BUSY_TIMEOUT_SECONDS = 15  # a web process and a worker may write the same file


def normalise_url(url: str) -> URL:
    """The URL as SQLAlchemy should open it: postgres:// and postgresql:// get the psycopg 3 driver."""
    parsed = make_url(url.strip())
    if parsed.drivername in POSTGRES_SCHEMES:
        return parsed.set(drivername=POSTGRES_DRIVER)
    return parsed


def describe(url: str) -> str:
    """The URL without its password, for logs and messages."""
    return normalise_url(url).render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return normalise_url(url).get_backend_name() == "sqlite"


def create_database_engine(url: str, **options) -> Engine:
    """An engine for ``url``; SQLite files get their folder made and foreign keys enforced."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **options)
    # pre_ping: Heroku Postgres drops idle connections; a dead one is replaced, not handed out.
    return create_engine(parsed, pool_pre_ping=True, **options)


def _sqlite_engine(url: URL, **options) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, **options)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite leaves foreign keys off unless asked, per connection; WAL lets readers and a writer overlap."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose loaded objects stay readable after commit (callers hand them on as plain data)."""
    return sessionmaker(engine, expire_on_commit=False)
