"""laws: law records and their articles

Revision ID: l001
Revises: 0006 (the core head when it was written)
"""

import sqlalchemy as sa
from alembic import op

revision = 'l001'
down_revision = '0006'
branch_labels = ('laws',)
depends_on = None


def upgrade() -> None:
    op.create_table('laws_laws',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('jurisdiction', sa.String(length=8), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('short_title', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('issuing_body', sa.Text(), nullable=True),
    sa.Column('document_number', sa.Text(), nullable=True),
    sa.Column('adopted', sa.Date(), nullable=True),
    sa.Column('promulgated', sa.Date(), nullable=True),
    sa.Column('effective', sa.Date(), nullable=True),
    sa.Column('version_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('amendments', sa.Text(), nullable=False),
    sa.Column('chapters', sa.Text(), nullable=False),
    sa.Column('preamble', sa.Text(), nullable=False),
    sa.Column('source_file', sa.Text(), nullable=False),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('loaded_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_laws_laws'))
    )
    with op.batch_alter_table('laws_laws', schema=None) as batch_op:
        batch_op.create_index('ix_laws_laws_jurisdiction', ['jurisdiction', 'short_title'], unique=False)
    op.create_table('laws_articles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('law_key', sa.String(length=255), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('suffix', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('chapter', sa.Text(), nullable=True),
    sa.Column('section', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_laws_articles'))
    )
    with op.batch_alter_table('laws_articles', schema=None) as batch_op:
        batch_op.create_index('ix_laws_articles_law', ['law_key', 'seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('laws_articles', schema=None) as batch_op:
        batch_op.drop_index('ix_laws_articles_law')
    op.drop_table('laws_articles')
    with op.batch_alter_table('laws_laws', schema=None) as batch_op:
        batch_op.drop_index('ix_laws_laws_jurisdiction')
    op.drop_table('laws_laws')
