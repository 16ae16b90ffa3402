"""The history tables: tracked accounts, daily counters, X posts, VOD and clip views, stream samples.

Revision ID: 0001_history
Revises: (none, the first)
"""
from alembic import op
import sqlalchemy as sa

revision = '0001_history'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tracked_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('provider_account_id', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('collecting', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_message', sa.Text(), nullable=False),
    sa.Column('sealed_credentials', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'needs sign-in')", name=op.f('ck_tracked_accounts_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tracked_accounts')),
    sa.UniqueConstraint('provider', 'provider_account_id', name=op.f('uq_tracked_accounts_provider_provider_account_id'))
    )
    op.create_table('clip_views',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('clip_id', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_clip_views_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'clip_id', 'day', name=op.f('pk_clip_views'))
    )
    op.create_table('daily_counters',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('followers', sa.Integer(), nullable=True),
    sa.Column('following', sa.Integer(), nullable=True),
    sa.Column('posts', sa.Integer(), nullable=True),
    sa.Column('listed', sa.Integer(), nullable=True),
    sa.Column('subscribers', sa.Integer(), nullable=True),
    sa.Column('subscriber_points', sa.Integer(), nullable=True),
    sa.Column('vod_views', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_daily_counters_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'day', name=op.f('pk_daily_counters'))
    )
    op.create_table('stream_samples',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('sampled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('viewer_count', sa.Integer(), nullable=False),
    sa.Column('game_name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('stream_id', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_stream_samples_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'sampled_at', name=op.f('pk_stream_samples'))
    )
    op.create_table('video_views',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('video_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_video_views_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'video_id', 'day', name=op.f('pk_video_views'))
    )
    op.create_table('x_posts',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('conversation_id', sa.String(length=64), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('replies', sa.Integer(), nullable=False),
    sa.Column('reposts', sa.Integer(), nullable=False),
    sa.Column('quotes', sa.Integer(), nullable=False),
    sa.Column('bookmarks', sa.Integer(), nullable=False),
    sa.Column('impressions', sa.BigInteger(), nullable=True),
    sa.Column('private_impressions', sa.BigInteger(), nullable=True),
    sa.Column('profile_clicks', sa.Integer(), nullable=True),
    sa.Column('link_clicks', sa.Integer(), nullable=True),
    sa.Column('organic_impressions', sa.BigInteger(), nullable=True),
    sa.Column('organic_likes', sa.Integer(), nullable=True),
    sa.Column('organic_replies', sa.Integer(), nullable=True),
    sa.Column('organic_reposts', sa.Integer(), nullable=True),
    sa.Column('organic_profile_clicks', sa.Integer(), nullable=True),
    sa.Column('organic_link_clicks', sa.Integer(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['tracked_accounts.id'], name=op.f('fk_x_posts_account_id_tracked_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'post_id', name=op.f('pk_x_posts'))
    )
    op.create_index(op.f('ix_x_posts_account_id_created_at'), 'x_posts', ['account_id', 'created_at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_x_posts_account_id_created_at'), table_name='x_posts')
    op.drop_table('x_posts')
    op.drop_table('video_views')
    op.drop_table('stream_samples')
    op.drop_table('daily_counters')
    op.drop_table('clip_views')
    op.drop_table('tracked_accounts')
