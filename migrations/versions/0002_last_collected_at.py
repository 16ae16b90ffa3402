"""Tracked accounts remember when their last collection round finished.

Revision ID: 0002_last_collected
Revises: 0001_history
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_last_collected"
down_revision = "0001_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tracked_accounts") as table:
        table.add_column(sa.Column("last_collected_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tracked_accounts") as table:
        table.drop_column("last_collected_at")
