"""Alembic migrations of the history database (sync/database/models.py), run on a connection handed in.

`flask --app app db upgrade` (web/cli.py) calls ``upgrade``; tests call the same functions.
There is no alembic.ini: the script folder is this package and the URL comes from the app's config.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for this folder; env.py migrates ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create the schema or bring it up to ``revision``, in one transaction where the database allows."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision in versions/."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def new_revision(engine: Engine, message: str) -> str:
    """Write a migration for what sync/database/models.py has and the database lacks; returns its file's path."""
    with engine.begin() as connection:
        script = command.revision(alembic_config(connection), message=message, autogenerate=True)
    return script.path
