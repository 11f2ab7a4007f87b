"""Alembic migrations produce exactly the schema the code declares, on both backends: the core
chain plus each capability's branch; stores migrated by the old linear chain upgrade cleanly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.store.migrate import alembic_config, current_heads, target_metadata, upgrade
from iprhub.store.schema import metadata


def _diff(engine, md):
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), md)


def _heads(hub) -> set[str]:
    """The heads of the script tree the loaded capabilities make: each branch's newest revision (a capability
    branch starting on the core's newest revision takes the core's place as a head)."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(hub.store.engine, hub.capabilities)).get_heads())


def test_migrations_match_metadata(hub):
    """Core tables and every loaded capability's tables, exactly (one diff over all of them)."""
    assert [c.name for c in hub.capabilities][:2] == ["accounts", "countries"]
    assert _diff(hub.store.engine, target_metadata(hub.capabilities)) == []


def test_core_metadata_holds_core_tables_only(hub):
    """store/schema.py declares the core; each capability's tables live in its own MetaData."""
    core = set(metadata.tables)
    assert "web_users" not in core and "country_treaties" not in core and "documents" in core
    owned = [set(c.tables.tables) for c in hub.capabilities if c.tables is not None]
    assert {"laws_laws", "laws_articles"} in owned
    assert owned[:2] == [{"web_users", "web_api_keys"}, set(hub.capability("countries").tables.tables)]
    assert all(not (core & tables) for tables in owned)
    stored = set(inspect(hub.store.engine).get_table_names()) - {"alembic_version"}
    assert stored == core.union(*owned)


def test_store_is_at_head_and_migrate_is_repeatable(hub):
    """One head per branch: countries c003 (after 0002), accounts 0003, and each capability branch on the core's
    0006 (jobs, after 0005 applications), laws l001 among them."""
    heads = current_heads(hub.store.engine)
    assert {"c003", "0003", "l001"} <= heads and "0006" not in heads
    assert heads == _heads(hub)
    hub.store.migrate(hub.capabilities)
    assert current_heads(hub.store.engine) == heads


@pytest.mark.parametrize(("old_row", "applied"), [("0004", ("0001", "0002", "0003", "0004")),
                                                  ("0003", ("0001", "0002", "0003")),
                                                  ("0002", ("0001", "0002"))])
def test_store_of_the_old_linear_chain_upgrades_cleanly(backend, tmp_path, old_row, applied):
    """Before the capability branches, 0001 → 0002 (countries) → 0003 (accounts) → 0004 was one chain
    and the store recorded one row. Such a store (built here with exactly those revisions' DDL and
    that one row) opens, runs only what it lacked, keeps its rows and ends at the three heads."""
    settings = Settings(home=tmp_path, database_url=backend, workers=1)
    with Hub(settings, migrate=False) as old:
        for rev in applied:  # the same DDL the old chain ran, in its order
            upgrade(old.store.engine, old.capabilities, rev)
        with old.store.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": old_row})
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('kept', 'yes')"))
            if "0003" in applied:
                conn.execute(text("INSERT INTO web_users (name, role, created_at) "
                                  "VALUES ('ada', 'admin', CURRENT_TIMESTAMP)"))
    with Hub(settings) as hub:
        assert current_heads(hub.store.engine) == _heads(hub)
        assert _diff(hub.store.engine, target_metadata(hub.capabilities)) == []
        with hub.store.engine.connect() as conn:
            assert conn.execute(text("SELECT value FROM meta WHERE key = 'kept'")).scalar() == "yes"
        assert [u.name for u in hub.accounts.users()] == (["ada"] if "0003" in applied else [])


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
