"""exchange between nodes: sync cursors and provenance of pulled records

Revision ID: x001
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = 'x001'
down_revision = '0006'
branch_labels = ('exchange',)
depends_on = None


def upgrade() -> None:
    op.create_table('exchange_sync',
    sa.Column('node', sa.String(length=120), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('cursor', sa.Text(), nullable=False),
    sa.Column('pulled', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('node', name=op.f('pk_exchange_sync'))
    )
    op.create_table('exchange_provenance',
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('node', sa.String(length=120), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('pulled_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'key', name=op.f('pk_exchange_provenance'))
    )


def downgrade() -> None:
    op.drop_table('exchange_provenance')
    op.drop_table('exchange_sync')
