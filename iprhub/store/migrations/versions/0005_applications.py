"""applications as records: ``applications`` and ``doc_numbers``, backfilled from what is stored

``doc_numbers`` holds each document's application and priority keys in one spelling;
``applications`` one summary row per application key (see iprhub/store/applications.py).
A store that already holds documents and events gets both filled here, in pages.

Revision ID: 0005
Revises: 0004
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
PAGE = 5000


def upgrade() -> None:
    op.create_table('applications',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('app_key', sa.String(length=64), nullable=False),
    sa.Column('office', sa.String(length=4), nullable=False),
    sa.Column('number', sa.String(length=48), nullable=True),
    sa.Column('known_by', sa.String(length=40), nullable=True),
    sa.Column('filing_date', sa.Date(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('family_id', sa.String(length=32), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('status_date', sa.Date(), nullable=True),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('app_key', name=op.f('uq_applications_app_key'))
    )
    op.create_index('ix_applications_number', 'applications', ['number'], unique=False)
    op.create_index('ix_applications_known_by', 'applications', ['known_by'], unique=False)
    op.create_table('doc_numbers',
    sa.Column('doc_id', Id, nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('app_key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], name=op.f('fk_doc_numbers_doc_id_documents'),
                            ondelete='CASCADE'),
    )
    op.create_index('ix_doc_numbers_app_key', 'doc_numbers', ['app_key'], unique=False)
    op.create_index(op.f('ix_doc_numbers_doc_id'), 'doc_numbers', ['doc_id'], unique=False)
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    from iprhub.store import applications
    from iprhub.store import schema as s

    keys: set[str] = set()
    last = 0
    while True:
        docs = conn.execute(sa.select(s.documents.c.id, s.documents.c.country, s.documents.c.app_number)
                            .where(s.documents.c.id > last).order_by(s.documents.c.id).limit(PAGE)).all()
        if not docs:
            break
        prios: dict[int, list[tuple[str, str]]] = {}
        for doc_id, country, number in conn.execute(
                sa.select(s.doc_priorities.c.doc_id, s.doc_priorities.c.country, s.doc_priorities.c.number)
                .where(s.doc_priorities.c.doc_id.between(docs[0].id, docs[-1].id))):
            prios.setdefault(doc_id, []).append((country, number))
        rows = [{"doc_id": d.id, "role": role, "app_key": key} for d in docs
                for role, key in applications.doc_number_rows(d.country, d.app_number, prios.get(d.id, []))]
        if rows:
            conn.execute(s.doc_numbers.insert(), rows)
        keys.update(r["app_key"] for r in rows if r["role"] == "application")
        last = docs[-1].id
    keys |= applications.keys_of_events(conn, conn.execute(
        sa.select(s.events.c.app_key, s.events.c.pub_number).distinct()).all())
    ordered = sorted(keys)
    now = dt.datetime.now(dt.UTC)
    for i in range(0, len(ordered), PAGE):
        applications.refresh(conn, ordered[i:i + PAGE], now)


def downgrade() -> None:
    op.drop_index(op.f('ix_doc_numbers_doc_id'), table_name='doc_numbers')
    op.drop_index('ix_doc_numbers_app_key', table_name='doc_numbers')
    op.drop_table('doc_numbers')
    op.drop_index('ix_applications_known_by', table_name='applications')
    op.drop_index('ix_applications_number', table_name='applications')
    op.drop_table('applications')
