"""countries: checked dates on facts, PPH terms (end, renewals), translation requirements

Revision ID: c003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = 'c003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('country_law_params', 'country_pct_limits', 'country_office_rules', 'country_channels',
                  'country_pph'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('checked', sa.Date(), nullable=True))
    with op.batch_alter_table('country_law_params', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verdict', sa.String(length=16), nullable=True))
    with op.batch_alter_table('country_pph', schema=None) as batch_op:
        batch_op.add_column(sa.Column('end_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('end_kind', sa.String(length=16), server_default='unknown', nullable=False))
        batch_op.add_column(sa.Column('renewals', sa.Text(), nullable=True))
    op.create_table('country_translation',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('office', sa.String(length=4), nullable=False),
    sa.Column('phase', sa.String(length=16), nullable=False),
    sa.Column('requirement', sa.Text(), nullable=False),
    sa.Column('time_limit', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('source_quality', sa.String(length=32), nullable=False),
    sa.Column('checked', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_country_translation'))
    )


def downgrade() -> None:
    op.drop_table('country_translation')
    with op.batch_alter_table('country_pph', schema=None) as batch_op:
        batch_op.drop_column('renewals')
        batch_op.drop_column('end_kind')
        batch_op.drop_column('end_date')
    with op.batch_alter_table('country_law_params', schema=None) as batch_op:
        batch_op.drop_column('verdict')
    for table in ('country_pph', 'country_channels', 'country_office_rules', 'country_pct_limits',
                  'country_law_params'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('checked')
