"""Flask CLI commands for the history database.

`flask --app app db upgrade` creates or upgrades the schema (Heroku's release phase runs it);
`flask --app app history import-redis` carries history kept in Redis by earlier versions over.
"""

import time
from datetime import UTC, datetime, timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import Engine

import migrations
from core.config import DEFAULT_DATABASE_URL, Config
from core.database import create_database_engine, describe, session_factory
from core.labels import PROVIDERS, X, provider_label
from eventsub.backfill import fill_stories
from sync.collection.collect import Rounds
from sync.collection.demo import run_history_demo
from sync.collection.sampling import StreamSampler
from sync.database.history_import import import_from_redis
from web.first_run import private_sandbox

db_commands = AppGroup("db", help="The history database's schema (Alembic migrations of sync/database/models.py).")
history_commands = AppGroup("history", help="The history kept in the database.")


def _config() -> Config:
    return current_app.extensions["app_config"]


def _engine() -> Engine:
    config = _config()
    if config.production and config.database_url == DEFAULT_DATABASE_URL:
        click.echo(
            "Warning: DATABASE_URL is not set, so the history goes to a SQLite file under instance/; "
            "a Heroku dyno loses it at every restart. Add Heroku Postgres.",
            err=True,
        )
    return create_database_engine(config.database_url)


@db_commands.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Create the schema, or bring it up to date (to REVISION, default the newest)."""
    engine = _engine()
    click.echo(f"Migrating {describe(_config().database_url)} ...")
    started = time.monotonic()
    try:
        migrations.upgrade(engine, revision)
        click.echo(f"Database at revision {migrations.current_revision(engine)} ({time.monotonic() - started:.2f} s).")
    finally:
        engine.dispose()


@db_commands.command("current")
def current() -> None:
    """Say which revision the database is at, and the newest one."""
    engine = _engine()
    try:
        click.echo(f"Database: {migrations.current_revision(engine) or 'empty'}; newest: {migrations.head_revision()}")
    finally:
        engine.dispose()


@db_commands.command("revision")
@click.option("-m", "--message", required=True, help="What the change is, e.g. 'add stream tags'.")
def revision(message: str) -> None:
    """Write a migration for what sync/database/models.py has and the database (at head) lacks."""
    engine = _engine()
    try:
        click.echo(f"Wrote {migrations.new_revision(engine, message)}; read it before committing.")
    finally:
        engine.dispose()


@history_commands.command("import-redis")
def import_redis() -> None:
    """Carry the daily snapshots and X posts earlier versions kept in Redis into the database (safe to rerun)."""
    engine = _engine()
    try:
        if migrations.current_revision(engine) != migrations.head_revision():
            raise click.ClickException("The database schema is not up to date: run `flask --app app db upgrade` first.")
        click.echo(f"Importing from Redis into {describe(_config().database_url)} ...")
        with session_factory(engine).begin() as session:
            report = import_from_redis(session, current_app.extensions["redis_store"].client, _config().key_prefix)
    finally:
        engine.dispose()
    click.echo(report.summary())
    for key in report.not_understood:
        click.echo(f"Left in Redis, not understood: {key}", err=True)


@click.command("collect")
@click.option("--account", "only", help="One tracked account, as twitch:<id> or x:<id>; default: every one collecting.")
def collect(only: str | None) -> None:
    """Run a collection round now (the schedule runs them daily by itself)."""
    runtime = current_app.extensions["runtime"]
    rounds = Rounds(runtime)
    if only:
        provider, _, account_id = only.partition(":")
        provider = {"x": X}.get(provider, provider)
        if provider not in PROVIDERS or not account_id:
            raise click.BadParameter("give twitch:<id> or x:<id>", param_hint="--account")
        targets = [(provider, account_id)]
    else:
        targets = [(a.provider, a.account_id) for a, _last in runtime.archive.collecting_accounts()]
    if not targets:
        click.echo("No tracked account is collecting: sign in to the dashboard first.")
    for provider, account_id in targets:
        result = rounds.run_round(provider, account_id, on_demand=True)
        click.echo(
            f"{provider_label(provider)} {account_id}: {result.outcome}"
            f"{' (' + result.detail + ')' if result.detail else ''}, {result.requests} requests, {result.seconds:.1f} s"
        )


@click.command("sample-streams")
def sample_streams() -> None:
    """Sample the live tracked Twitch channels now (the schedule does it every STREAM_SAMPLE_SECONDS)."""
    report = StreamSampler(current_app.extensions["runtime"]).poll()
    click.echo(f"{report.live} of {report.channels} tracked channels live; {report.kept} samples kept")
    click.echo(f"({report.requests} requests)")


@click.command("history-demo")
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, 400))
def history_demo(days: int) -> None:
    """Fill DAYS days of collected history for the sandbox accounts, over a simulated clock."""
    config = _config()
    if config.production or not config.sandbox:
        raise click.ClickException("history-demo runs against the sandbox, outside production only.")
    with private_sandbox(current_app._get_current_object(), current_app.extensions["runtime"]) as runtime:
        report = run_history_demo(runtime, days, say=click.echo)
        stories = _fill_stories(runtime, report, days)
    click.echo("Sandbox history ready: " + report.summary() + stories)
    for problem in report.problems:
        click.echo("Not collected: " + problem)


def _fill_stories(runtime, report, days: int) -> str:
    """Each sampled stream's story (EventSub's events and chat) for the demo's Twitch channels."""
    if not runtime.config.uses_sandbox("twitch"):
        return ""
    started = time.monotonic()
    channels = [account.split(":", 1)[1] for account in report.accounts if account.startswith("twitch:")]
    end = datetime.now(UTC)
    filled = fill_stories(runtime, channels, end - timedelta(days=days), end)
    busy = f" ({len(filled.too_busy)} channel too busy, told live only)" if filled.too_busy else ""
    return (
        f"; stream stories: {filled.folded.events:,} events and {filled.folded.chat:,} chat messages folded "
        f"in {time.monotonic() - started:.1f} s{busy}"
    )


def register_cli(server: Flask) -> None:
    server.cli.add_command(db_commands)
    server.cli.add_command(history_commands)
    server.cli.add_command(collect)
    server.cli.add_command(history_demo)
    server.cli.add_command(sample_streams)
