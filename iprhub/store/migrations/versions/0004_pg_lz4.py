"""PostgreSQL: compress the JSON records with lz4 rather than pglz

The records (a whole normalised document as JSON, often over 100 KB with its description) are
TOASTed; pglz compression was a large share of the server's work during ingest (the 16 MB ingest
benchmark ran about 15 % faster with lz4). Values already stored keep their compression until
rewritten. A server built without lz4 keeps pglz. SQLite: nothing to do.

Revision ID: 0004
Revises: 0001
"""

from alembic import op

revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None

RECORD_COLUMNS = (("documents", "record"), ("doc_sources", "record"), ("trademarks", "record"),
                  ("tm_sources", "record"), ("events", "record"))


def _set(method: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    methods = bind.exec_driver_sql(
        "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'").scalar()
    if not methods or method not in methods:  # before PostgreSQL 14, or built without lz4
        return
    for table, column in RECORD_COLUMNS:
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET COMPRESSION {method}')


def upgrade() -> None:
    _set("lz4")


def downgrade() -> None:
    _set("pglz")
