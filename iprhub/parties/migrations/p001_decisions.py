"""parties: manual merge and split decisions

Revision ID: p001
Revises: 0006 (the core head when it was written)
"""

import sqlalchemy as sa
from alembic import op

revision = 'p001'
down_revision = '0006'
branch_labels = ('parties',)
depends_on = None


def upgrade() -> None:
    op.create_table('parties_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('key_a', sa.Text(), nullable=False),
    sa.Column('key_b', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties_decisions'))
    )


def downgrade() -> None:
    op.drop_table('parties_decisions')
