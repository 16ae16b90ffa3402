"""The app's configuration for tests: testing mode, the test Redis under a private key prefix, a database of its own."""

import functools
import shutil
import tempfile
from pathlib import Path

from core.config import Config


@functools.cache
def _migrated_template() -> Path:
    """A SQLite file migrated to head once per test process; each app gets a copy of it."""
    import migrations
    from core.database import create_database_engine

    path = Path(tempfile.mkdtemp(prefix="history-template-")) / "history.db"
    engine = create_database_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    engine.dispose()
    return path


def fresh_database_url() -> str:
    """A SQLite database of its own, at the newest schema."""
    path = Path(tempfile.mkdtemp(prefix="history-")) / "history.db"
    shutil.copyfile(_migrated_template(), path)
    return f"sqlite:///{path}"


def app_config(redis_url: str, key_prefix: str, **overrides) -> Config:
    settings = dict(
        environment="testing",
        secret_key="test-secret-key",
        redis_url=redis_url,
        key_prefix=key_prefix,
        login_rate_limit="1000 per minute",
        collect_every_seconds=0,  # rounds and polls run when a test runs them
        stream_sample_seconds=0,
        history_demo=False,
        # Whole pages, whatever the machine: a cold page under coverage takes longer than production's budget.
        first_render_ms=10_000,
        # Never the developer's own instance/history.db: each app a SQLite file of its own.
        database_url=fresh_database_url(),
        # Mail without an SMTP server lands in a folder of the test's own, never the checkout's instance/outbox.
        outbox_dir=tempfile.mkdtemp(prefix="outbox-"),
        mail_every_seconds=0,
    )
    return Config(**{**settings, **overrides})
