"""broken: creates a table, writes to a core table, then fails

Revision ID: b001
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = 'b001'
down_revision = '0004'
branch_labels = ('broken',)
depends_on = None


def upgrade() -> None:
    op.create_table('broken_things', sa.Column('id', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_broken_things')))
    op.execute("INSERT INTO meta (key, value) VALUES ('broken', 'half-way')")
    op.execute("SELECT no_such_column FROM no_such_table")


def downgrade() -> None:
    op.drop_table('broken_things')
