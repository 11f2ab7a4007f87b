"""The watch branch of the migrations creates exactly the capability's tables (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from iprhub.watch import tables as t


def test_migration_matches_the_tables(watch_hub):
    with watch_hub.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), t.metadata)
    mine = set(t.metadata.tables)
    assert mine == {"watch_watches", "watch_alerts", "watch_deliveries"}
    relevant = [d for d in diff if not (d[0] == "remove_table" and d[1].name not in mine)
                and not (d[0] == "remove_index" and d[1].table.name not in mine)]
    assert relevant == []
