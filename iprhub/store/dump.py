"""The whole store as rows, table by table: read from one snapshot, written back exactly.

Generic over the store's metadata: every table of the core and of each loaded capability
(:func:`iprhub.store.migrate.target_metadata`, what the migrations build) is carried in
dependency order, parents before children, with its row ids, so foreign keys, per-source records and the ingest ledger come back
as they were. Values are JSON-safe (dates and times as ISO text, bytes as base64) and typed back
by the column on the way in.

A dump is a stream of :class:`DumpLine` items: one ``header``, then per table a ``table`` line and
its ``row`` lines, then an ``end`` line with the counts. A stream without its ``end`` line was cut
(a time limit, a crash) and is refused, so a partial dump never becomes a partial store.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import os
import socket
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, select, text
from sqlalchemy import types as sat
from sqlalchemy.exc import SQLAlchemyError

from iprhub.errors import InvalidInput, StoreError
from iprhub.limits import NO_LIMIT, Deadline
from iprhub.store.store import Store, _now, write_meta

DUMP_KIND = "iprhub-store-dump"
DUMP_VERSION = 1
EPOCH_KEY = "store_epoch"  # meta: changes when a dump replaces the store's contents (search indexes re-check)
_BATCH_ROWS = 1000
_BATCH_BYTES = 8 * 1024 * 1024


@dataclass
class DumpLine:
    """One item of a dump: ``header`` | ``table`` | ``row`` | ``end``. As JSON: ``{"type": "row",
    "table": "documents", "row": {column: value}}``; the other types carry their fields beside
    ``type`` (``table`` + ``columns``; ``rows`` counts in ``end``; the header's ``kind``, ``version``…)."""

    type: str
    table: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        head: dict[str, Any] = {"type": self.type}
        if self.table is not None:
            head["table"] = self.table
        return {**head, "row": self.data} if self.type == "row" else {**head, **self.data}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> DumpLine:
        kind = obj.get("type")
        if not isinstance(kind, str):
            raise ValueError("no type")
        if kind == "row":
            return cls(kind, obj["table"], obj["row"])
        rest = {k: v for k, v in obj.items() if k not in ("type", "table")}
        return cls(kind, obj.get("table"), rest)


def dump_tables(capabilities: Sequence[Any] = ()) -> list[Table]:
    """Every table of the store, parents before children: the core's, then each capability's
    (a capability's tables may refer to the core's, never the other way)."""
    from iprhub.store.migrate import target_metadata

    return [t for md in target_metadata(capabilities) for t in md.sorted_tables]


# reading -------------------------------------------------------------------------------------
@contextmanager
def snapshot(store: Store) -> Iterator[Connection]:
    """A connection whose reads all see one state of the store, while ingests go on."""
    try:
        if store.is_sqlite:
            with store.engine.connect() as conn:
                # pysqlite opens no transaction for reads: one explicit BEGIN holds a WAL snapshot
                conn.exec_driver_sql("BEGIN")
                try:
                    yield conn
                finally:
                    conn.exec_driver_sql("ROLLBACK")
        else:
            with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
                with conn.begin():
                    yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the store {store.safe_url}: {exc}") from exc


def read_dump(store: Store, capabilities: Sequence[Any] = (), *, deadline: Deadline = NO_LIMIT,
              written: dict[str, int] | None = None) -> Iterator[DumpLine]:
    """The store as dump lines. ``written`` (if given) counts rows per table as they are yielded, so
    a caller stopped by ``deadline`` can say what it wrote."""
    from iprhub.store.migrate import current_heads

    counts = written if written is not None else {}
    tables = dump_tables(capabilities)
    with snapshot(store) as conn:
        yield DumpLine("header", data={
            "kind": DUMP_KIND, "version": DUMP_VERSION, "created": _now().isoformat(timespec="seconds"),
            "backend": store.engine.dialect.name, "revisions": sorted(current_heads(store.engine)),
            "tables": [str(t.name) for t in tables]})
        for table in tables:
            name = str(table.name)  # a plain str: JSON keys
            columns = [str(c.name) for c in table.columns]
            yield DumpLine("table", name, {"columns": columns})
            counts[name] = 0
            query = select(table)
            if table.primary_key.columns:
                query = query.order_by(*table.primary_key.columns)
            result = conn.execution_options(stream_results=True, yield_per=_BATCH_ROWS).execute(query)
            try:  # a server-side cursor on PostgreSQL: closed before the snapshot ends, however it ends
                for i, row in enumerate(result):
                    if i % _BATCH_ROWS == 0:
                        deadline.check("export")
                    yield DumpLine("row", name, {c: _encode(v) for c, v in zip(columns, row, strict=True)})
                    counts[name] += 1
            finally:
                result.close()
        yield DumpLine("end", data={"rows": dict(counts)})


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


# writing -------------------------------------------------------------------------------------
def _decoder(column: Any) -> Callable[[Any], Any] | None:
    kind = column.type
    if isinstance(kind, sat.DateTime):
        return dt.datetime.fromisoformat
    if isinstance(kind, sat.Date):
        return dt.date.fromisoformat
    if isinstance(kind, sat.Time):
        return dt.time.fromisoformat
    if isinstance(kind, sat.LargeBinary):
        return base64.b64decode
    if isinstance(kind, sat.Numeric) and kind.asdecimal:
        return decimal.Decimal
    return None


@dataclass
class RestoreReport:
    rows: dict[str, int] = field(default_factory=dict)
    skipped_tables: list[str] = field(default_factory=list)  # in the dump, unknown to this store
    skipped_columns: dict[str, list[str]] = field(default_factory=dict)
    replaced: bool = False


def restore_dump(store: Store, lines: Iterable[DumpLine], capabilities: Sequence[Any] = (), *,
                 replace: bool = False, source: str = "dump") -> RestoreReport:
    """Write a dump into the store in one transaction: all of it, or nothing when it is cut, bad
    or the store already holds data (unless ``replace``, which empties the store's tables first)."""
    report = RestoreReport(replaced=replace)
    known = {str(t.name): t for t in dump_tables(capabilities)}
    it = iter(lines)
    first = next(it, None)
    if first is None or first.type != "header" or first.data.get("kind") != DUMP_KIND:
        raise InvalidInput(f"{source} is not an iprhub store dump (no header line)", file=source)
    if first.data.get("version") != DUMP_VERSION:
        raise InvalidInput(f"{source} is a dump of version {first.data.get('version')}; this iprhub reads "
                           f"version {DUMP_VERSION}", file=source)
    try:
        with store.begin() as conn:
            _make_room(conn, known, replace, source)
            table: Table | None = None
            decoders: dict[str, Callable[[Any], Any]] = {}
            batch: list[dict[str, Any]] = []
            size = 0
            ended = False
            for n, line in enumerate(it, start=2):
                if line.type == "row":
                    if line.table not in known:
                        continue
                    if table is None or line.table != table.name:
                        raise InvalidInput(f"row of table {line.table} outside its section", file=source,
                                           position=f"item {n}")
                    row = {c: (decoders[c](v) if v is not None and c in decoders else v)
                           for c, v in line.data.items() if c in table.c}
                    batch.append(row)
                    size += 256 + sum(len(v) for v in row.values() if isinstance(v, str))
                    if len(batch) >= _BATCH_ROWS or size >= _BATCH_BYTES:
                        conn.execute(table.insert(), batch)
                        batch, size = [], 0
                    report.rows[table.name] += 1
                    continue
                if batch and table is not None:
                    conn.execute(table.insert(), batch)
                    batch, size = [], 0
                if line.type == "table":
                    table = known.get(line.table or "")
                    if table is None:
                        report.skipped_tables.append(str(line.table))
                        continue
                    cols = line.data.get("columns", [])
                    unknown = [c for c in cols if c not in table.c]
                    if unknown:
                        report.skipped_columns[table.name] = unknown
                    decoders = {c.name: d for c in table.columns if (d := _decoder(c)) is not None}
                    report.rows[table.name] = 0
                elif line.type == "end":
                    expected = line.data.get("rows", {})
                    wrong = {t: (n_rows, report.rows.get(t)) for t, n_rows in expected.items()
                             if t in known and report.rows.get(t) != n_rows}
                    if wrong:
                        raise InvalidInput(f"{source} does not hold the rows its end line counts: {wrong}",
                                           file=source)
                    ended = True
                    break
            if not ended:
                raise InvalidInput(f"{source} is incomplete (no end line): the export was cut short, by a "
                                   "time limit or a crash; nothing was imported", file=source)
            _reset_sequences(conn, [known[t] for t in report.rows])
            set_epoch(conn)
    except SQLAlchemyError as exc:
        raise StoreError(f"import of {source} failed, nothing was imported: {exc}", file=source) from exc
    return report


def _make_room(conn: Connection, known: dict[str, Table], replace: bool, source: str) -> None:
    holding = [name for name, t in known.items() if name != "meta"
               and conn.execute(select(t).limit(1)).first() is not None]
    if holding and not replace:
        raise InvalidInput(f"the store already holds data (tables {', '.join(holding)}); a store dump is "
                           "imported into an empty store, or with --replace to replace what it holds",
                           file=source)
    for t in reversed(list(known.values())):
        conn.execute(delete(t))


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL hands out ids from sequences that inserts with explicit ids do not advance."""
    if conn.dialect.name != "postgresql":
        return
    for t in tables:
        for col in t.primary_key.columns:
            if col.autoincrement is True or (col.autoincrement == "auto" and isinstance(col.type, sat.Integer)
                                             and len(t.primary_key.columns) == 1):
                seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                   {"t": t.name, "c": col.name}).scalar()
                if seq:
                    conn.execute(text(f"SELECT setval(:s, COALESCE((SELECT MAX({col.name}) FROM {t.name}), 0) + 1, "
                                      "false)"), {"s": seq})


def set_epoch(conn: Connection) -> None:
    """Mark the store's contents as replaced or changed outside ingest: search indexes built before
    no longer count as in step (:meth:`iprhub.search.SearchService` keys its state by the epoch)."""
    write_meta(conn, EPOCH_KEY, f"{uuid.uuid4().hex} {socket.gethostname()} pid {os.getpid()}")
