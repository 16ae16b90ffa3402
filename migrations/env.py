"""Alembic's environment: migrate the connection that migrations/__init__.py hands in."""

from alembic import context

from sync.database.models import Base, UtcDateTime


def render_item(kind: str, item, autogen_context):
    """Write our column types as plain SQLAlchemy ones, so a migration never imports the models it predates."""
    if kind == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise SystemExit("Run migrations through the app: flask --app app db upgrade (see README)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters tables only by copying them; batch mode writes migrations that do so.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
