"""Alembic, driven from code: no alembic.ini to find, the engine and the capabilities are passed in.

The core revisions live in ``migrations/versions``; each capability brings its own versions folder
(an Alembic branch labelled with its name whose base depends on a core revision). ``upgrade`` runs
every branch to its head ("heads") in one transaction, so a failing revision leaves the store as
it was, on SQLite too (its DDL is transactional once the driver stops committing on its own).

Stores migrated before the capability branches recorded one revision of a linear chain
(0001 core → 0002 countries → 0003 accounts → 0004 core); :func:`_adopt_linear_chain` rewrites
that single row into the branch heads it stands for, so those stores upgrade without re-running
anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, inspect, text
from sqlalchemy.engine import Engine

from iprhub.errors import StoreError

if TYPE_CHECKING:
    from iprhub.capability import Capability

MIGRATIONS = Path(__file__).with_name("migrations")
CORE_VERSIONS = MIGRATIONS / "versions"
# what one row of the old linear chain means in branch heads (0001 means the same in both)
_LINEAR_CHAIN = {"0002": ("0002",), "0003": ("0002", "0003"), "0004": ("0002", "0003", "0004")}


def alembic_config(engine: Engine, capabilities: Sequence[Capability] = ()) -> Config:
    from iprhub.store.schema import metadata

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    folders = [CORE_VERSIONS, *(c.migrations for c in capabilities if c.migrations is not None)]
    cfg.set_main_option("version_locations", os.pathsep.join(str(f) for f in folders))
    cfg.attributes["engine"] = engine
    cfg.attributes["target_metadata"] = target_metadata(capabilities, core=metadata)
    return cfg


def target_metadata(capabilities: Sequence[Capability], *, core: MetaData | None = None) -> list[MetaData]:
    """The core metadata followed by each capability's (what the migrations must produce)."""
    if core is None:
        from iprhub.store.schema import metadata

        core = metadata
    return [core, *(c.tables for c in capabilities if c.tables is not None)]


def upgrade(engine: Engine, capabilities: Sequence[Capability] = (), revision: str = "heads") -> None:
    cfg = alembic_config(engine, capabilities)
    _check_known(engine, ScriptDirectory.from_config(cfg))
    command.upgrade(cfg, revision)


def current_heads(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def _check_known(engine: Engine, script: ScriptDirectory) -> None:
    with engine.begin() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return
        rows = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
        _adopt_linear_chain(conn, rows)
        rows = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = sorted(rows - known)
    if unknown:
        raise StoreError(f"the store is at revision(s) {', '.join(unknown)}, which no loaded capability "
                         "provides; add the capability that created them to the capabilities setting")


def _adopt_linear_chain(conn: Connection, rows: set[str]) -> None:
    if len(rows) != 1:
        return
    (row,) = rows
    # a lone 0004 is also a store migrated without capabilities: only the old chain has web_users
    if row not in _LINEAR_CHAIN or (row == "0004" and not inspect(conn).has_table("web_users")):
        return
    conn.execute(text("DELETE FROM alembic_version"))
    for head in _LINEAR_CHAIN[row]:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})


@contextmanager
def transactional_ddl(connection: Connection) -> Iterator[None]:
    """One transaction around all the migrations, DDL included (see the module docstring)."""
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    raw = connection.connection.dbapi_connection
    saved = raw.isolation_level  # type: ignore[union-attr]
    raw.isolation_level = None  # type: ignore[union-attr]  # pysqlite: no implicit commits around DDL
    try:
        connection.exec_driver_sql("BEGIN")
        try:
            yield
        except BaseException:
            connection.exec_driver_sql("ROLLBACK")
            raise
        connection.exec_driver_sql("COMMIT")
    finally:
        connection.rollback()  # ends SQLAlchemy's own (driver-level empty) transaction
        raw.isolation_level = saved  # type: ignore[union-attr]
