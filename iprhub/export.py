"""Open-data export and the full-store dump; import of both. Everything streams: memory stays
bounded by a batch, whatever the size of the store or the file.

Two kinds of file, both from ``iprhub export``:

* **records** (``--format jsonl|parquet|csv``): open data. Each JSONL line is
  ``{"type": "patent"|"trademark"|"event", "record": {...}}`` (see :func:`json_schema`); Parquet has
  the columns ``type``, ``key``, ``record`` (the same JSON); CSV is a flat view of the patents.
  Importing records merges them into a store, but a document merged from several sources keeps
  only its merged record (the per-source records are not open data).
* **store dump** (``--full``, jsonl or parquet): every table of the store, row by row, with the
  per-source records, provenance, trademarks' sources, events, class titles, quarantine, the file
  ledger and meta (:mod:`iprhub.store.dump`). Importing it into an empty store gives the same
  store, so re-ingesting any source file afterwards changes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from iprhub.errors import InvalidInput, ParseError, Timeout
from iprhub.limits import NO_LIMIT, Deadline
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.store import Store
from iprhub.store.dump import DUMP_KIND, DumpLine, read_dump, restore_dump

FORMATS = ("jsonl", "csv", "parquet")
_MODELS = {"patent": PatentDocument, "trademark": Trademark, "event": ApplicationEvent}
_PARQUET_ROWS = 1000  # rows per Parquet row group at most
_PARQUET_BYTES = 8 * 1024 * 1024  # and bytes of text per row group
_READ_ROWS = 200  # rows turned into Python objects at a time when reading back

CSV_COLUMNS = [
    "pub_number", "country", "doc_number", "kind", "doc_type", "pub_date", "app_number", "app_date",
    "family_id", "lang", "title", "applicants", "inventors", "ipc", "cpc", "priorities", "claims",
    "citations", "sources",
]


def json_schema() -> dict[str, Any]:
    """The published schema of one export line."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "iprhub open-data export line",
        "type": "object",
        "required": ["type", "record"],
        "properties": {"type": {"enum": list(_MODELS)}, "record": {}},
        "oneOf": [
            {"properties": {"type": {"const": k}, "record": {"$ref": f"#/$defs/{m.__name__}"}}}
            for k, m in _MODELS.items()
        ],
        "$defs": {m.__name__: _inline(m.model_json_schema(ref_template="#/$defs/{model}")) for m in _MODELS.values()}
        | _collect_defs(),
    }


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    schema = dict(schema)
    schema.pop("$defs", None)
    return schema


def _collect_defs() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for m in _MODELS.values():
        defs.update(m.model_json_schema(ref_template="#/$defs/{model}").get("$defs", {}))
    return defs


def _lines(store: Store) -> Iterator[tuple[str, Any]]:
    for d in store.iter_documents():
        yield "patent", d
    for t in store.iter_trademarks():
        yield "trademark", t
    for e in store.iter_events():
        yield "event", e


def _key(rec: Any) -> str:
    return getattr(rec, "pub_number", None) or getattr(rec, "key", None) or rec.app_key


# export --------------------------------------------------------------------------------------
def export(store: Store, fmt: str, out: Path, *, schema: bool = True, full: bool = False,
           deadline: Deadline = NO_LIMIT, capabilities: Sequence[Any] = ()) -> dict[str, Any]:
    """Write the store's records (or, with ``full``, the whole store: the core's tables and those of
    ``capabilities``) to ``out``. When ``deadline`` passes, :class:`Timeout` says what was written; the file is then incomplete (a cut dump is
    refused by import)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}", field="format")
    if full and fmt == "csv":
        raise InvalidInput("a full store dump is written as jsonl or parquet, not csv", field="format")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {} if full else {"patent": 0, "trademark": 0, "event": 0}
    try:
        if full:
            _write_dump(store, fmt, out, deadline, counts, capabilities)
        elif fmt == "jsonl":
            with out.open("wb") as f:
                for kind, rec in _counted(_lines(store), counts, deadline):
                    f.write(orjson.dumps({"type": kind, "record": rec.model_dump(mode="json")}) + b"\n")
        elif fmt == "parquet":
            _write_parquet(out, {"type": "string", "key": "string", "record": "string"},
                           ({"type": kind, "key": _key(rec), "record": rec.model_dump_json()}
                            for kind, rec in _counted(_lines(store), counts, deadline)))
        else:
            paths = _write_csv(store, out, counts, deadline)
    except Timeout as exc:
        what = ", ".join(f"{k} {v:,}" for k, v in counts.items() if v) or "nothing"
        raise Timeout(f"{exc.message}; wrote {what} before stopping: {out.name} is incomplete", file=str(out),
                      stage="export") from None
    result: dict[str, Any] = {"format": fmt, "full": full, "path": str(out),
                              ("rows" if full else "counts"): counts}
    if fmt == "csv":
        result["paths"] = paths
    if schema and not full:
        schema_path = out.with_name(out.name.split(".")[0] + ".schema.json")
        schema_path.write_bytes(orjson.dumps(json_schema(), option=orjson.OPT_INDENT_2))
        result["schema"] = str(schema_path)
    return result


def _counted(items: Iterable[tuple[str, Any]], counts: dict[str, int],
             deadline: Deadline) -> Iterator[tuple[str, Any]]:
    for i, (kind, rec) in enumerate(items):
        if i % 500 == 0:
            deadline.check("export")
        yield kind, rec
        counts[kind] += 1


def _write_dump(store: Store, fmt: str, out: Path, deadline: Deadline, counts: dict[str, int],
                capabilities: Sequence[Any]) -> None:
    with contextlib.closing(read_dump(store, capabilities, deadline=deadline, written=counts)) as lines:
        if fmt == "jsonl":
            with out.open("wb") as f:
                for line in lines:
                    f.write(orjson.dumps(line.to_json()) + b"\n")
            return
        _write_parquet(out, {"type": "string", "table": "string", "data": "string"},
                       ({"type": ln.type, "table": ln.table, "data": orjson.dumps(ln.to_json()).decode()}
                        for ln in lines), kind=DUMP_KIND)


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InvalidInput("parquet needs pyarrow: pip install 'iprhub[parquet]'", field="format") from exc
    return pa, pq


def _write_parquet(out: Path, columns: dict[str, str], rows: Iterable[dict[str, Any]], *,
                   kind: str = "iprhub-records") -> None:
    """Rows to Parquet a row group at a time."""
    pa, pq = _pyarrow()
    schema = pa.schema([(name, getattr(pa, t)()) for name, t in columns.items()], metadata={"iprhub": kind})
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        size = 0
        for row in rows:
            batch.append(row)
            size += sum(len(v) for v in row.values() if isinstance(v, str))
            if len(batch) >= _PARQUET_ROWS or size >= _PARQUET_BYTES:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch, size = [], 0
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


TRADEMARK_CSV_COLUMNS = [
    "office", "app_number", "reg_number", "mark", "script", "mark_type", "status", "status_date", "app_date",
    "pub_date", "reg_date", "expiry_date", "nice_classes", "owners", "agents", "designations", "sources",
]
EVENT_CSV_COLUMNS = [
    "app_key", "pub_number", "event_type", "date", "code", "description", "parties", "references",
    "conveyance_type", "reel_frame", "sources",
]


def _write_csv(store: Store, out: Path, counts: dict[str, int], deadline: Deadline) -> dict[str, str]:
    """Patents in ``out``; trademarks and events, when the store holds any, beside it in
    ``<name>.trademarks.csv`` and ``<name>.events.csv`` (one flat table per record kind)."""
    stem = out.name.split(".")[0]
    tables = [("patent", out, CSV_COLUMNS, store.iter_documents(), _csv_row),
              ("trademark", out.with_name(f"{stem}.trademarks.csv"), TRADEMARK_CSV_COLUMNS,
               store.iter_trademarks(), _trademark_csv_row),
              ("event", out.with_name(f"{stem}.events.csv"), EVENT_CSV_COLUMNS, store.iter_events(), _event_csv_row)]
    paths: dict[str, str] = {}
    for kind, path, columns, records, row in tables:
        first = next(records, None)
        if first is None and kind != "patent":
            continue  # no such records: no empty companion file
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(columns)
            every = itertools.chain([first] if first is not None else [], records)
            for _kind, rec in _counted(((kind, r) for r in every), counts, deadline):
                w.writerow(row(rec))  # type: ignore[operator]
        paths[kind] = str(path)
    return paths


def _trademark_csv_row(t: Any) -> list[Any]:
    return [
        t.office, t.app_number, t.reg_number, t.mark_text, t.mark_script, t.mark_type, t.status, t.status_date,
        t.app_date, t.pub_date, t.reg_date, t.expiry_date, "; ".join(str(c.number) for c in t.nice_classes),
        "; ".join(p.name for p in t.parties if p.role in ("applicant", "owner")),
        "; ".join(p.name for p in t.parties if p.role == "agent"), "; ".join(t.designations),
        "; ".join(sorted({p.format for p in t.provenance})),
    ]


def _event_csv_row(e: Any) -> list[Any]:
    return [
        e.app_key, e.pub_number, e.event_type, e.date, e.code, e.description,
        "; ".join(f"{p.role}: {p.name}" for p in e.parties), "; ".join(r.number for r in e.references),
        e.transfer.conveyance_type if e.transfer else None, getattr(e.transfer, "reel_frame", None),
        "; ".join(sorted({p.format for p in e.provenance})),
    ]


def _csv_row(d: PatentDocument) -> list[Any]:
    return [
        d.pub_number, d.country, d.doc_number, d.kind, d.doc_type, d.pub_date, d.app_number, d.app_date,
        d.family_id, d.lang, d.title(),
        "; ".join(p.name for p in d.parties_by_role("applicant")),
        "; ".join(p.name for p in d.parties_by_role("inventor")),
        "; ".join(c.symbol for c in d.classifications if c.scheme == "IPC"),
        "; ".join(c.symbol for c in d.classifications if c.scheme == "CPC"),
        "; ".join(f"{p.country}{p.number} {p.date or ''}".strip() for p in d.priorities),
        d.claim_count(), len(d.citations) + len(d.npl_citations),
        "; ".join(sorted({p.format for p in d.provenance})),
    ]


# import --------------------------------------------------------------------------------------
def import_file(store: Store, path: Path, *, replace: bool = False,
                capabilities: Sequence[Any] = ()) -> dict[str, Any]:
    """Load an export back: a store dump restores the whole store (into an empty store, or with
    ``replace``); records are stored exactly as exported."""
    from iprhub.store.restore import restore_records

    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", file=str(path))
    if _is_parquet(path):
        pf = _parquet_file(path)
        if (pf.schema_arrow.metadata or {}).get(b"iprhub") == DUMP_KIND.encode():
            report = restore_dump(store, _parquet_dump_lines(pf, path), capabilities, replace=replace,
                                  source=str(path))
            return {"kind": "store dump", "rows": report.rows, "skipped_tables": report.skipped_tables,
                    "skipped_columns": report.skipped_columns}
        return {"kind": "records", **restore_records(store, _parquet_records(pf, path))}
    with path.open("rb") as f:
        first = f.readline()
        f.seek(0)
        if _is_dump_header(first):
            report = restore_dump(store, _jsonl_dump_lines(f, path), capabilities, replace=replace,
                                  source=str(path))
            return {"kind": "store dump", "rows": report.rows, "skipped_tables": report.skipped_tables,
                    "skipped_columns": report.skipped_columns}
        return {"kind": "records", **restore_records(store, _jsonl_records(f, path))}


def _is_parquet(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"PAR1"


def _parquet_file(path: Path) -> Any:
    _pa, pq = _pyarrow()
    try:
        # no pre-buffering, one thread: a row group at a time is all that is held
        return pq.ParquetFile(path, pre_buffer=False)
    except (OSError, ValueError) as exc:
        raise ParseError(f"not a readable Parquet file: {exc}", file=str(path)) from None


def _is_dump_header(line: bytes) -> bool:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return isinstance(obj, dict) and obj.get("type") == "header" and obj.get("kind") == DUMP_KIND


def _jsonl_dump_lines(f: Any, path: Path) -> Iterator[DumpLine]:
    for i, raw in enumerate(f, start=1):
        if not raw.strip():
            continue
        try:
            yield DumpLine.from_json(orjson.loads(raw))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ParseError(f"bad dump line: {exc}", file=str(path), position=f"line {i}") from None


def _parquet_dump_lines(pf: Any, path: Path) -> Iterator[DumpLine]:
    n = 0
    for batch in pf.iter_batches(batch_size=_READ_ROWS, columns=["data"], use_threads=False):
        for data in batch.column(0).to_pylist():
            n += 1
            try:
                yield DumpLine.from_json(orjson.loads(data))
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ParseError(f"bad dump row: {exc}", file=str(path), position=f"row {n}") from None


def _jsonl_records(f: Any, path: Path) -> Iterator[tuple[str, Any]]:
    for i, line in enumerate(f, start=1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
            yield obj["type"], _MODELS[obj["type"]].model_validate(obj["record"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ParseError(f"bad export line: {exc}", file=str(path), position=f"line {i}") from None


def _parquet_records(pf: Any, path: Path) -> Iterator[tuple[str, Any]]:
    n = 0
    for batch in pf.iter_batches(batch_size=_READ_ROWS, columns=["type", "record"], use_threads=False):
        for kind, rec in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True):
            n += 1
            try:
                yield kind, _MODELS[kind].model_validate_json(rec)
            except (KeyError, TypeError, ValueError) as exc:
                raise ParseError(f"bad export row: {exc}", file=str(path), position=f"row {n}") from None
