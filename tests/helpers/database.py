"""Test helpers for the history database: a real PostgreSQL (one schema per test) and SQLite files."""

import os
import uuid
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from core.database import normalise_url

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
UNREACHABLE = (
    "PostgreSQL does not answer at {where}: {error}\nThe history tests need a real PostgreSQL. "
    "Run `bash scripts/system-deps.sh` (as root it installs and starts Debian's postgresql with "
    "trust auth on 127.0.0.1:5432), or point TEST_DATABASE_URL at one."
)


def postgres_url() -> str:
    """TEST_DATABASE_URL when set, else the local server scripts/system-deps.sh provides."""
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES_URL


def check_postgres(url: str) -> None:
    """Fail (never skip) with a message saying how to get PostgreSQL when it does not answer."""
    engine = create_engine(normalise_url(url), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return
    except OperationalError as error:
        reason = str(error.orig).strip()
    finally:
        engine.dispose()
    where = normalise_url(url).render_as_string(hide_password=True)
    pytest.fail(UNREACHABLE.format(where=where, error=reason), pytrace=False)


class PostgresSchema:
    """A schema of its own for one test, made now and dropped with everything in it by ``drop``."""

    def __init__(self, server_url: str):
        self.name = f"test_{uuid.uuid4().hex[:12]}"
        self.admin = create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT")
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.name}"'))
        # Every connection of the URL finds (and creates) its tables in that schema only.
        options = quote(f"-csearch_path={self.name}", safe="")
        base = make_url(server_url).render_as_string(hide_password=False)
        self.url = f"{base}{'&' if '?' in base else '?'}options={options}"

    def drop(self) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.admin.dispose()
