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


def test_postgresql_records_are_compressed_with_lz4(hub):
    """Migration 0004: the JSON records compress with lz4 on PostgreSQL (pglz was a large share of
    the server's ingest work); a real document's record is stored compressed that way."""
    from tests.conftest import data_path

    if hub.store.engine.dialect.name != "postgresql":
        assert hub.store.engine.dialect.name == "sqlite"  # nothing to set there
        return
    with hub.store.engine.connect() as conn:
        methods = conn.exec_driver_sql(
            "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'").scalar()
        if "lz4" not in methods:
            return  # a server built without lz4 keeps pglz
        set_to = dict(conn.exec_driver_sql(
            "SELECT c.relname, a.attcompression FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE a.attname = 'record' AND c.relnamespace = to_regnamespace(current_schema())").all())
    assert set_to == dict.fromkeys(("documents", "doc_sources", "trademarks", "tm_sources", "events"), "l")
    hub.ingest([data_path("uspto/grant_xml_v4x/PatentPublicData__US08927118.xml.gz")])
    with hub.store.engine.connect() as conn:
        size, method = conn.exec_driver_sql(
            "SELECT length(record), pg_column_compression(record) FROM documents "
            "WHERE pub_number = 'US8927118B2'").one()
    assert size > 50_000 and method == "lz4"
