"""The database commands: `flask --app app db upgrade` as Heroku's release phase runs it, and
`flask --app app history import-redis`."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import migrations
from sync.cache.snapshots import Snapshots
from tests.helpers.database import PostgresSchema

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def release_command() -> list[str]:
    """The Procfile's release: line, with flask taken from this virtualenv."""
    (line,) = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("release:")]
    program, *args = shlex.split(line.removeprefix("release:"))
    return [str(BIN / program), *args]


def test_the_release_phase_migrates_a_heroku_postgres_url(postgres_server_url, redis_url, key_prefix):
    schema = PostgresSchema(postgres_server_url)
    heroku_style = schema.url.replace("postgresql://", "postgres://", 1)  # as Heroku Postgres sets DATABASE_URL
    env = {
        **os.environ,
        "ENVIRONMENT": "testing",
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": key_prefix,
        "DATABASE_URL": heroku_style,
    }
    try:
        result = subprocess.run(release_command(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "Migrating postgresql+psycopg://" in result.stdout  # the driver chosen, the password hidden
        assert f"Database at revision {migrations.head_revision()}" in result.stdout
    finally:
        schema.drop()


def test_import_redis_needs_the_schema_then_carries_the_snapshots_once(
    database_url, redis_url, redis_client, key_prefix
):
    from factory import create_server
    from tests.helpers.config import app_config

    Snapshots(redis_client, key_prefix).record("twitch", "7001", "followers", 12, "2020-05-01")
    cli = create_server(app_config(redis_url, key_prefix, database_url=database_url)).test_cli_runner()

    early = cli.invoke(args=["history", "import-redis"])
    assert early.exit_code != 0 and "run `flask --app app db upgrade` first" in early.output

    for _ in range(2):  # every release runs it; a database at head stays as it is
        upgraded = cli.invoke(args=["db", "upgrade"])
        assert upgraded.exit_code == 0 and f"Database at revision {migrations.head_revision()}" in upgraded.output
    head = migrations.head_revision()
    assert f"Database: {head}; newest: {head}" in cli.invoke(args=["db", "current"]).output
    first = cli.invoke(args=["history", "import-redis"])
    assert first.exit_code == 0, first.output
    assert "1 accounts (1 new); rows added: 1 tracked_accounts, 1 daily_counters" in first.output
    again = cli.invoke(args=["history", "import-redis"])
    assert "1 accounts (0 new); rows added: 0 tracked_accounts, 0 daily_counters" in again.output
