"""Chat kept small: the channel's known chatters packed a block of ids a row (known_chatters, replacing a
row per chatter), and a stream's distinct chatters kept when its chat is compacted to its top chatters.

Revision ID: 0005_compact_chat
Revises: 0004_stream_story
"""

from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from sync.database.known_chatters import BLOCK_BITS, HASHED, number, pack, unpack

revision = "0005_compact_chat"
down_revision = "0004_stream_story"
branch_labels = None
depends_on = None


def upgrade() -> None:
    known = op.create_table(
        "known_chatters",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("block", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("ids", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["tracked_accounts.id"],
            name=op.f("fk_known_chatters_account_id_tracked_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "block", name=op.f("pk_known_chatters")),
    )
    op.create_table(
        "stream_chat_totals",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("stream_id", sa.String(length=64), nullable=False),
        sa.Column("chatters", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["tracked_accounts.id"],
            name=op.f("fk_stream_chat_totals_account_id_tracked_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "stream_id", name=op.f("pk_stream_chat_totals")),
    )
    blocks: dict[tuple[int, int], set[int]] = defaultdict(set)
    for account_id, chatter_id in op.get_bind().execute(sa.text("SELECT account_id, chatter_id FROM chatters")):
        n = number(chatter_id)
        blocks[(account_id, n >> BLOCK_BITS)].add(n & ((1 << BLOCK_BITS) - 1))
    if blocks:
        op.bulk_insert(known, [{"account_id": a, "block": b, "ids": pack(ids)} for (a, b), ids in blocks.items()])
    op.drop_table("chatters")


def downgrade() -> None:
    # The numeric ids come back, dated now (when each was first seen is not kept); hashed ones cannot.
    chatters = op.create_table(
        "chatters",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("chatter_id", sa.String(length=64), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["tracked_accounts.id"],
            name=op.f("fk_chatters_account_id_tracked_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "chatter_id", name=op.f("pk_chatters")),
    )
    rows = [
        {"account_id": account_id, "chatter_id": str((block << BLOCK_BITS) + offset), "first_seen": now}
        for now in [datetime.now(UTC)]
        for account_id, block, packed in op.get_bind().execute(sa.text("SELECT account_id, block, ids FROM known_chatters"))
        for offset in unpack(packed)
        if (block << BLOCK_BITS) < HASHED
    ]
    if rows:
        op.bulk_insert(chatters, rows)
    op.drop_table("stream_chat_totals")
    op.drop_table("known_chatters")
