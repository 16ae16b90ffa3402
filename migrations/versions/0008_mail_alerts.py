"""Mail and alerts: who asked for the digest (confirmed address, weekday, hour, zone), the outbox every message
waits in until it is sent (one row per account, kind and period), and the alerts shown and mailed once each.

Revision ID: 0008_mail_alerts
Revises: 0007_share_links
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_mail_alerts"
down_revision = "0007_share_links"
branch_labels = None
depends_on = None


def _account_fk(table: str):
    return sa.ForeignKeyConstraint(
        ["account_id"], ["tracked_accounts.id"], name=op.f(f"fk_{table}_account_id_tracked_accounts"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "mail_subscriptions",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("link_salt", sa.String(length=32), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("after_stream", sa.Boolean(), nullable=False),
        sa.Column("alerts", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _account_fk("mail_subscriptions"),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_mail_subscriptions")),
    )
    with op.batch_alter_table("mail_subscriptions") as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_subscriptions_token_hash"), ["token_hash"], unique=True)
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("period", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=400), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed')", name=op.f("ck_mail_outbox_status")),
        _account_fk("mail_outbox"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
        sa.UniqueConstraint("account_id", "kind", "period", name=op.f("uq_mail_outbox_account_id_kind_period")),
    )
    with op.batch_alter_table("mail_outbox") as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_outbox_status_next_attempt_at"), ["status", "next_attempt_at"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("text", sa.String(length=400), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen", sa.Boolean(), nullable=False),
        _account_fk("alerts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("account_id", "kind", "subject", name=op.f("uq_alerts_account_id_kind_subject")),
    )
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_account_id_at"), ["account_id", "at"])


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_account_id_at"))
    op.drop_table("alerts")
    with op.batch_alter_table("mail_outbox") as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_outbox_status_next_attempt_at"))
    op.drop_table("mail_outbox")
    with op.batch_alter_table("mail_subscriptions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_subscriptions_token_hash"))
    op.drop_table("mail_subscriptions")
