"""Alembic migrations produce exactly the schema the code declares, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from iprhub.store.migrate import current_heads
from iprhub.store.schema import metadata


def test_migrations_match_metadata(hub):
    with hub.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []


def test_store_is_at_head_and_migrate_is_repeatable(hub):
    heads = current_heads(hub.store.engine)
    assert heads, "no alembic revision recorded"
    hub.store.migrate()
    assert current_heads(hub.store.engine) == heads
