"""watch: watchlists, alerts and their deliveries

Revision ID: w001
Revises: 0006 (the core head when it was written)
"""

import sqlalchemy as sa
from alembic import op

revision = 'w001'
down_revision = '0006'
branch_labels = ('watch',)
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('watch_watches',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('classes', sa.Text(), nullable=False),
    sa.Column('countries', sa.Text(), nullable=False),
    sa.Column('min_tier', sa.String(length=8), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('webhook_url', sa.Text(), nullable=True),
    sa.Column('webhook_secret', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('cursor_tm', Id, nullable=False),
    sa.Column('cursor_doc', Id, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watch_watches'))
    )
    op.create_table('watch_alerts',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('watch_id', Id, nullable=False),
    sa.Column('record_kind', sa.String(length=16), nullable=False),
    sa.Column('record_key', sa.String(length=80), nullable=False),
    sa.Column('office', sa.String(length=4), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('owner', sa.Text(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('tier', sa.String(length=8), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('publication_date', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('deadline_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['watch_id'], ['watch_watches.id'], name=op.f('fk_watch_alerts_watch_id_watch_watches'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watch_alerts')),
    sa.UniqueConstraint('watch_id', 'record_kind', 'record_key',
                        name=op.f('uq_watch_alerts_watch_id_record_kind_record_key'))
    )
    op.create_index('ix_watch_alerts_watch', 'watch_alerts', ['watch_id'], unique=False)
    op.create_table('watch_deliveries',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('alert_id', Id, nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['watch_alerts.id'], name=op.f('fk_watch_deliveries_alert_id_watch_alerts'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watch_deliveries'))
    )
    op.create_index('ix_watch_deliveries_status', 'watch_deliveries', ['status', 'next_attempt_at'], unique=False)
    op.create_index('ix_watch_deliveries_alert', 'watch_deliveries', ['alert_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_watch_deliveries_alert', table_name='watch_deliveries')
    op.drop_index('ix_watch_deliveries_status', table_name='watch_deliveries')
    op.drop_table('watch_deliveries')
    op.drop_index('ix_watch_alerts_watch', table_name='watch_alerts')
    op.drop_table('watch_alerts')
    op.drop_table('watch_watches')
