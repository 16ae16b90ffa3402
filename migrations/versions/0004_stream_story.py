"""The stream story from EventSub: channel events, chat per minute, chatters, per-stream chatters and emotes,
and the ledger of messages folded (no message text anywhere).

Revision ID: 0004_stream_story
Revises: 0003_counters_read_at
Created: 2026-12-07 14:10:29.538565
"""
from alembic import op
import sqlalchemy as sa

revision = '0004_stream_story'
down_revision = '0003_counters_read_at'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('eventsub_messages',
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('folded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('message_id', name=op.f('pk_eventsub_messages'))
    )
    with op.batch_alter_table('eventsub_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eventsub_messages_folded_at'), ['folded_at'], unique=False)

    op.create_table('channel_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_channel_events_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_events'))
    )
    with op.batch_alter_table('channel_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_events_account_id_at'), ['account_id', 'at'], unique=False)

    op.create_table('chat_minutes',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('minute', sa.DateTime(timezone=True), nullable=False),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.Column('chatters', sa.Integer(), nullable=False),
    sa.Column('first_timers', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_chat_minutes_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'minute', name=op.f('pk_chat_minutes'))
    )
    op.create_table('chatters',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('chatter_id', sa.String(length=64), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_chatters_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'chatter_id', name=op.f('pk_chatters'))
    )
    op.create_table('stream_chatters',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('stream_id', sa.String(length=64), nullable=False),
    sa.Column('chatter_id', sa.String(length=64), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_stream_chatters_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'stream_id', 'chatter_id', name=op.f('pk_stream_chatters'))
    )
    op.create_table('stream_emotes',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('stream_id', sa.String(length=64), nullable=False),
    sa.Column('emote_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_stream_emotes_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'stream_id', 'emote_id', name=op.f('pk_stream_emotes'))
    )


def downgrade() -> None:
    op.drop_table('stream_emotes')
    op.drop_table('stream_chatters')
    op.drop_table('chatters')
    op.drop_table('chat_minutes')
    with op.batch_alter_table('channel_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_events_account_id_at'))

    op.drop_table('channel_events')
    with op.batch_alter_table('eventsub_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eventsub_messages_folded_at'))

    op.drop_table('eventsub_messages')
