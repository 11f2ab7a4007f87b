"""sample: notes

Revision ID: s001
Revises: 0004 (the core head when it was written)
"""

import sqlalchemy as sa
from alembic import op

revision = 's001'
down_revision = '0004'
branch_labels = ('sample',)
depends_on = None


def upgrade() -> None:
    op.create_table('sample_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample_notes'))
    )


def downgrade() -> None:
    op.drop_table('sample_notes')
