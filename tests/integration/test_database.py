"""core/database.py: URLs as hosts hand them out, engines on PostgreSQL and SQLite."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from core.database import create_database_engine, describe, is_sqlite, normalise_url


@pytest.mark.parametrize(
    "given",
    [
        "postgres://u:pw@db.example.com:5432/app",
        "postgresql://u:pw@db.example.com:5432/app",
        "postgresql+psycopg://u:pw@db.example.com:5432/app",
    ],
)
def test_postgres_urls_get_the_psycopg_3_driver(given):
    url = normalise_url(given)
    assert url.drivername == "postgresql+psycopg"
    assert (url.username, url.password, url.host, url.port, url.database) == ("u", "pw", "db.example.com", 5432, "app")


def test_sqlite_urls_are_left_as_they_are():
    assert (
        normalise_url("sqlite:////srv/app/instance/history.db").render_as_string()
        == "sqlite:////srv/app/instance/history.db"
    )
    assert is_sqlite("sqlite:///x.db") and not is_sqlite("postgres://h/db")


def test_descriptions_never_show_the_password():
    assert describe("postgres://user:s3cret@db.example.com/app") == "postgresql+psycopg://user:***@db.example.com/app"


def test_a_sqlite_file_gets_its_folder_and_enforces_foreign_keys(tmp_path):
    engine = create_database_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'h.db'}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
            connection.execute(text("CREATE TABLE child (parent_id INTEGER REFERENCES parent(id))"))
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text("INSERT INTO child VALUES (42)"))
    finally:
        engine.dispose()
    assert (tmp_path / "new" / "folder" / "h.db").exists()


def test_each_test_database_is_empty_and_its_own(database_engine):
    with database_engine.begin() as connection:
        connection.execute(text("CREATE TABLE scratch (id INTEGER PRIMARY KEY)"))
        connection.execute(text("INSERT INTO scratch VALUES (1)"))
        assert connection.execute(text("SELECT count(*) FROM scratch")).scalar() == 1
