"""Share links: read-only links to some of an account's numbers (a dashboard's panels, a stream's report, a media
kit), kept by their token's SHA-256 only, with an optional password hash, expiry, revocation and view count.

Revision ID: 0007_share_links
Revises: 0006_x_import
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_share_links"
down_revision = "0006_x_import"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "share_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("partner_account_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("panels", sa.Text(), nullable=False),
        sa.Column("stream_id", sa.String(length=64), nullable=True),
        sa.Column("range_start", sa.Date(), nullable=True),
        sa.Column("range_end", sa.Date(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('dashboard', 'stream', 'media-kit')", name=op.f("ck_share_links_kind")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["tracked_accounts.id"],
            name=op.f("fk_share_links_account_id_tracked_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_account_id"],
            ["tracked_accounts.id"],
            name=op.f("fk_share_links_partner_account_id_tracked_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_share_links_token_hash")),
    )
    op.create_index(op.f("ix_share_links_account_id"), "share_links", ["account_id"])
    op.create_index(op.f("ix_share_links_partner_account_id"), "share_links", ["partner_account_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_share_links_partner_account_id"), table_name="share_links")
    op.drop_index(op.f("ix_share_links_account_id"), table_name="share_links")
    op.drop_table("share_links")
