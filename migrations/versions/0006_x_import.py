"""X beyond the API's reach: posts and days from X's analytics export (kept apart from the API's), what a post
carries (its media type, a video's views and playback quartiles), and the reads each account's collection used
per month.

Revision ID: 0006_x_import
Revises: 0005_compact_chat
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_x_import"
down_revision = "0005_compact_chat"
branch_labels = None
depends_on = None


def _account_id(table: str) -> list:
    return [
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["tracked_accounts.id"], name=op.f(f"fk_{table}_account_id_tracked_accounts"), ondelete="CASCADE"
        ),
    ]


PLAYBACK = ("playback_0", "playback_25", "playback_50", "playback_75", "playback_100")


def upgrade() -> None:
    with op.batch_alter_table("x_posts") as batch_op:
        batch_op.add_column(sa.Column("media_type", sa.String(length=16), server_default="text", nullable=False))
        batch_op.add_column(sa.Column("video_views", sa.BigInteger(), nullable=True))
        for name in PLAYBACK:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
    op.create_table(
        "x_post_imports",
        *_account_id("x_post_imports"),
        sa.Column("post_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("impressions", sa.BigInteger(), nullable=True),
        *(
            sa.Column(name, sa.Integer(), nullable=True)
            for name in (
                "likes",
                "engagements",
                "bookmarks",
                "shares",
                "new_follows",
                "replies",
                "reposts",
                "profile_visits",
                "detail_expands",
                "url_clicks",
            )
        ),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "post_id", name=op.f("pk_x_post_imports")),
    )
    with op.batch_alter_table("x_post_imports") as batch_op:
        batch_op.create_index(batch_op.f("ix_x_post_imports_account_id_created_at"), ["account_id", "created_at"])
    op.create_table(
        "x_import_days",
        *_account_id("x_import_days"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("impressions", sa.BigInteger(), nullable=True),
        *(
            sa.Column(name, sa.Integer(), nullable=True)
            for name in (
                "likes",
                "engagements",
                "bookmarks",
                "shares",
                "new_follows",
                "unfollows",
                "replies",
                "reposts",
                "profile_visits",
                "posts_created",
            )
        ),
        sa.Column("video_views", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("account_id", "day", name=op.f("pk_x_import_days")),
    )
    op.create_table(
        "x_monthly_reads",
        *_account_id("x_monthly_reads"),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("post_reads", sa.Integer(), nullable=False),
        sa.Column("user_reads", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "month", name=op.f("pk_x_monthly_reads")),
    )


def downgrade() -> None:
    with op.batch_alter_table("x_posts") as batch_op:
        for name in ("media_type", "video_views", *PLAYBACK):
            batch_op.drop_column(name)
    op.drop_table("x_monthly_reads")
    op.drop_table("x_import_days")
    with op.batch_alter_table("x_post_imports") as batch_op:
        batch_op.drop_index(batch_op.f("ix_x_post_imports_account_id_created_at"))
    op.drop_table("x_post_imports")
