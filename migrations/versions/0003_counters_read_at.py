"""Daily counters remember when they were read, so a chart can place them on the viewer's clock.

Revision ID: 0003_counters_read_at
Revises: 0002_last_collected
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_counters_read_at"
down_revision = "0002_last_collected"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("daily_counters") as table:
        table.add_column(sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("daily_counters") as table:
        table.drop_column("read_at")
