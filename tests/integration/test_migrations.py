"""Alembic migrations: a fresh PostgreSQL or SQLite upgraded to head has exactly the models' schema."""

import time

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, inspect, text
from sqlalchemy.orm import Session

import migrations
from sync.database.known_chatters import count_known
from sync.database.models import Base


def schema_differences(engine, metadata=Base.metadata) -> list:
    """What Alembic's autogenerate would write to bring the database to ``metadata`` (types compared too)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_upgrading_a_fresh_database_gives_the_models_schema(database_engine):
    started = time.monotonic()
    migrations.upgrade(database_engine)
    elapsed = time.monotonic() - started
    assert migrations.current_revision(database_engine) == migrations.head_revision()
    assert schema_differences(database_engine) == []
    print(f"upgrade to head on {database_engine.dialect.name}: {elapsed:.2f} s")


def test_a_model_change_without_a_migration_is_caught(database_engine):
    migrations.upgrade(database_engine)
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["daily_counters"].append_column(Column("bits", Integer))
    differences = schema_differences(database_engine, changed)
    assert [(d[0], d[3].name) for d in differences] == [("add_column", "bits")]


def test_upgrading_twice_changes_nothing_and_downgrading_removes_every_table(database_engine):
    migrations.upgrade(database_engine)
    migrations.upgrade(database_engine)
    migrations.downgrade(database_engine, "base")
    assert set(inspect(database_engine).get_table_names()) <= {"alembic_version"}


def test_the_revisions_have_one_head():
    """Two migrations written on two branches must be put in line before they merge."""
    assert len(ScriptDirectory.from_config(migrations.alembic_config()).get_heads()) == 1


def test_known_chatters_are_carried_into_their_packed_blocks_and_back(database_engine):
    migrations.upgrade(database_engine, "0004_stream_story")
    with database_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO tracked_accounts (id, provider, provider_account_id, username, display_name, "
                "collecting, status, status_message, created_at, updated_at) "
                "VALUES (1, 'twitch', '5', 'u', 'U', true, 'active', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        for chatter in ("17", "4194321", "999999999"):
            connection.execute(text("INSERT INTO chatters VALUES (1, :c, CURRENT_TIMESTAMP)"), {"c": chatter})
    migrations.upgrade(database_engine)
    with Session(database_engine) as session:
        assert count_known(session, 1) == 3
    migrations.downgrade(database_engine, "0004_stream_story")
    with database_engine.connect() as connection:
        back = {row[0] for row in connection.execute(text("SELECT chatter_id FROM chatters"))}
    assert back == {"17", "4194321", "999999999"}
