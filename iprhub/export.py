"""Open-data export: JSON Lines and Parquet (round-trip) and a flat CSV view, with a JSON Schema.

Each JSONL line is ``{"type": "patent"|"trademark"|"event", "record": {...}}``; re-importing an
export into an empty store gives identical records.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import orjson

from iprhub.errors import InvalidInput, ParseError
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.store import Store

FORMATS = ("jsonl", "csv", "parquet")
_MODELS = {"patent": PatentDocument, "trademark": Trademark, "event": ApplicationEvent}

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


def _lines(store: Store):
    for d in store.iter_documents():
        yield "patent", d
    for t in store.iter_trademarks():
        yield "trademark", t
    for e in store.iter_events():
        yield "event", e


def export(store: Store, fmt: str, out: Path, *, schema: bool = True) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}", field="format")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = {"patent": 0, "trademark": 0, "event": 0}
    if fmt == "jsonl":
        with out.open("wb") as f:
            for kind, rec in _lines(store):
                f.write(orjson.dumps({"type": kind, "record": rec.model_dump(mode="json")}) + b"\n")
                counts[kind] += 1
    elif fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise InvalidInput("parquet export needs pyarrow: pip install 'iprhub[parquet]'") from exc
        kinds, keys, records = [], [], []
        for kind, rec in _lines(store):
            kinds.append(kind)
            keys.append(getattr(rec, "pub_number", None) or getattr(rec, "key", None) or rec.app_key)
            records.append(rec.model_dump_json())
            counts[kind] += 1
        table = pa.table({"type": kinds, "key": keys, "record": records})
        pq.write_table(table, out)
    else:
        with out.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(CSV_COLUMNS)
            for d in store.iter_documents():
                w.writerow(_csv_row(d))
                counts["patent"] += 1
    result: dict[str, Any] = {"format": fmt, "path": str(out), "counts": counts}
    if schema:
        schema_path = out.with_name(out.name.split(".")[0] + ".schema.json")
        schema_path.write_bytes(orjson.dumps(json_schema(), option=orjson.OPT_INDENT_2))
        result["schema"] = str(schema_path)
    return result


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


def import_jsonl(store: Store, path: Path) -> dict[str, Any]:
    """Load an export (JSONL or Parquet) back: records are stored exactly as exported."""
    from iprhub.store.restore import restore_records

    path = Path(path)
    items: list[tuple[str, Any]] = []
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        for kind, rec in zip(table.column("type").to_pylist(), table.column("record").to_pylist(), strict=True):
            items.append((kind, _MODELS[kind].model_validate_json(rec)))
    else:
        with path.open("rb") as f:
            for i, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    obj = orjson.loads(line)
                    items.append((obj["type"], _MODELS[obj["type"]].model_validate(obj["record"])))
                except (orjson.JSONDecodeError, KeyError, ValueError) as exc:
                    raise ParseError(f"bad export line: {exc}", file=str(path), position=f"line {i}") from None
    return restore_records(store, items)
