"""Open export of a result set: CSV, XLSX, JSONL or Parquet, chosen fields, families collapsed or not,
streamed a batch of documents at a time (memory bounded by a batch, whatever the set's size).

XLSX and Parquet are written to a temporary file batch by batch (openpyxl's write-only workbook, one
Parquet row group per batch), then streamed from it.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from iprhub.analytics.dataset import Doc, iter_batches
from iprhub.analytics.model import Chart
from iprhub.errors import InvalidInput

FIELDS: dict[str, str] = {
    "pub_number": "publication number", "country": "office", "kind": "kind code", "doc_type": "document type",
    "pub_date": "publication date", "app_number": "application number", "app_date": "filing date",
    "priority_date": "earliest priority date", "priority_country": "earliest priority country",
    "family_id": "DOCDB simple family", "title": "title", "applicants": "applicants (; separated)",
    "inventors": "inventors (; separated)", "ipc": "IPC symbols", "cpc": "CPC symbols",
    "cited": "cited patents (kind-less)",
}
DEFAULT_FIELDS = ("pub_number", "country", "kind", "doc_type", "pub_date", "app_number", "app_date",
                  "priority_date", "family_id", "title", "applicants", "inventors", "ipc")
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "parquet": "application/vnd.apache.parquet"}
LIST_FIELDS = ("applicants", "inventors", "ipc", "cpc", "cited")


@dataclass
class ExportInfo:
    format: str
    media_type: str
    fields: list[str]
    matches: int
    collapse: bool
    partial: bool
    warnings: list[str] = field(default_factory=list)
    rows: int = 0  # filled in as the stream is read


def check_fields(fields: Sequence[str] | None) -> list[str]:
    chosen = [f.strip() for f in (fields or DEFAULT_FIELDS) if f.strip()]
    unknown = [f for f in chosen if f not in FIELDS]
    if unknown:
        raise InvalidInput(f"unknown export field {unknown[0]!r} (known: {', '.join(FIELDS)})", field="fields")
    if not chosen:
        raise InvalidInput("no export field chosen", field="fields")
    return chosen


def value(doc: Doc, name: str) -> Any:
    if name == "pub_number":
        return doc.pub
    if name == "family_id":
        return None if doc.family.startswith("doc:") else doc.family
    if name == "applicants":
        return [n for n, _c in doc.applicants]
    if name == "cited":
        return sorted({n for n, _c in doc.cited})
    if name in ("ipc", "cpc", "inventors"):
        return list(getattr(doc, name))
    if name == "priority_date":
        return doc.priority_date
    if name == "priority_country":
        return doc.priority_country if doc.priorities else None
    return getattr(doc, name)


def _flat(v: Any) -> Any:
    if isinstance(v, list):
        return "; ".join(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def _rows(store: Any, numbers: Sequence[str], fields: list[str], collapse: bool, info: ExportInfo) -> Iterator[list[list[Any]]]:
    seen: set[str] = set()
    with_cited = "cited" in fields
    for batch in iter_batches(store, numbers, with_citations=with_cited):
        rows = []
        for doc in batch:
            if collapse:
                if doc.family in seen:
                    continue
                seen.add(doc.family)
            rows.append([value(doc, f) for f in fields])
        info.rows += len(rows)
        yield rows


def export_stream(store: Any, found: Any, fmt: str, *, fields: Sequence[str] | None = None, collapse: bool = False,
                  deadline: Any = None) -> tuple[ExportInfo, Iterator[bytes]]:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})", field="format")
    chosen = check_fields(fields)
    info = ExportInfo(fmt, FORMATS[fmt], chosen, found.total, collapse, found.partial, list(found.warnings))
    if fmt == "xlsx":
        from iprhub.analytics.xlsx import xlsx_stream

        return info, xlsx_stream(_rows(store, found.numbers, chosen, collapse, info), chosen)
    writer = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt]
    return info, writer(_rows(store, found.numbers, chosen, collapse, info), chosen)


def _csv(batches: Iterator[list[list[Any]]], fields: list[str]) -> Iterator[bytes]:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(fields)
    yield buf.getvalue().encode("utf-8")
    for rows in batches:
        buf.seek(0)
        buf.truncate()
        w.writerows([[_flat(v) for v in row] for row in rows])
        yield buf.getvalue().encode("utf-8")


def _jsonl(batches: Iterator[list[list[Any]]], fields: list[str]) -> Iterator[bytes]:
    for rows in batches:
        yield b"".join(orjson.dumps(dict(zip(fields, row, strict=True))) + b"\n" for row in rows)


def _file_chunks(path: str, size: int = 1 << 16) -> Iterator[bytes]:
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(size):
                yield chunk
    finally:
        os.unlink(path)


def _parquet(batches: Iterator[list[list[Any]]], fields: list[str]) -> Iterator[bytes]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is in the dev and parquet extras
        raise InvalidInput("Parquet export needs pyarrow: pip install 'iprhub[parquet]'", field="format") from exc
    types = {f: pa.list_(pa.string()) if f in LIST_FIELDS else
             pa.date32() if f.endswith("_date") else pa.string() for f in fields}
    schema = pa.schema([(f, types[f]) for f in fields])
    fd, path = tempfile.mkstemp(suffix=".parquet")
    os.close(fd)
    with pq.ParquetWriter(path, schema) as writer:
        for rows in batches:
            if rows:
                cols = list(zip(*rows, strict=True))
                writer.write_table(pa.table({f: pa.array(list(cols[i]), type=types[f]) for i, f in enumerate(fields)},
                                            schema=schema))
    yield from _file_chunks(path)


def chart_csv(chart: Chart) -> str:
    """A chart's CSV twin: its columns, then its rows, then the query listing each row's documents."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([*chart.columns, "query"])
    for i, row in enumerate(chart.rows):
        w.writerow([*row, chart.links[i] if i < len(chart.links) else ""])
    return buf.getvalue()
