"""The batch dataset: what ``iprhub batch ingest`` writes and ``iprhub batch load`` reads.

One Parquet dataset, ``DATASET/records``, partitioned ``kind=/office=/year=`` (Hive layout), one row
per item a reader yielded, in the columns of :data:`COLUMNS`:

- ``kind=patent|trademark|event|class-titles``: the validated record as JSON (``record``), with its
  publication number / mark key / event id (``number``), the hash of its source bytes
  (``source_hash``: what the store's merge recognises a source by) and a few columns the analytics
  read without parsing JSON (``doc_type``, ``kind_code``, ``date``, ``citations``, ``label``);
- ``kind=quarantine``: the quarantine dataset: ``file``, ``position``, ``stage``, ``reason`` (and
  ``format``, ``record_id``) of every document the parse or validate stage rejected and of every file
  that failed part-way;
- ``kind=file``: the ledger, one row per source file: ``fingerprint``, ``status``
  (done / unsupported / failed), ``reason``, ``size``.

``file_index`` (the file's place in the sorted input), ``part`` (the chunk of documents it came in)
and ``seq`` (its place in that chunk) give every row its place in its file, so a load replays each
file's items in reader order. ``DATASET/_batch.json`` is written last: a dataset without it was cut
short (a killed job) and is refused by the load.

>>> [c for c, _ in COLUMNS][:6]
['file_index', 'file', 'part', 'seq', 'format', 'number']
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import orjson

from iprhub.ingest.formats.base import ClassTitles, Rejected
from iprhub.model.event import ApplicationEvent
from iprhub.model.trademark import Trademark
from iprhub.store.rows import PatentRows

RECORDS = "records"
MANIFEST = "_batch.json"
PARTITIONS = ("kind", "office", "year")
NONE = "none"  # partition value of rows with no office or year (quarantine, ledger, class titles)
UNKNOWN_YEAR = "unknown"
FAILURE_PART = 1 << 30  # ``part`` of the quarantine row of a file that stopped part-way: after its items

# (name, type) in row order; the partition columns come last
COLUMNS: tuple[tuple[str, str], ...] = (
    ("file_index", "int"), ("file", "string"), ("part", "int"), ("seq", "int"), ("format", "string"),
    ("number", "string"), ("source_hash", "string"), ("record", "string"),
    ("doc_type", "string"), ("kind_code", "string"), ("date", "string"), ("citations", "int"), ("label", "string"),
    ("position", "string"), ("stage", "string"), ("reason", "string"), ("record_id", "string"),
    ("fingerprint", "string"), ("status", "string"), ("size", "long"),
    ("kind", "string"), ("office", "string"), ("year", "string"),
)
NAMES = tuple(name for name, _ in COLUMNS)
_INDEX = {name: i for i, name in enumerate(NAMES)}


def make_row(**values: Any) -> tuple[Any, ...]:
    """A dataset row as a tuple in :data:`COLUMNS` order (unnamed columns are null)."""
    row: list[Any] = [None] * len(NAMES)
    for k, v in values.items():
        row[_INDEX[k]] = v
    return tuple(row)


def _year(value: dt.date | None) -> str:
    return f"{value.year:04d}" if value else UNKNOWN_YEAR


def item_row(item: Any, file_index: int, file: str, fmt: str, part: int, seq: int) -> tuple[Any, ...]:
    """The row of one item as the validate stage left it (:func:`iprhub.ingest.pipeline.prepare_record`)."""
    where = {"file_index": file_index, "file": file, "format": fmt, "part": part, "seq": seq}
    if isinstance(item, PatentRows):
        d = item.doc
        return make_row(**where, kind="patent", office=d["country"], year=_year(d["pub_date"]),
                        number=item.pub_number, source_hash=item.source[4], record=d["record"],
                        doc_type=d["doc_type"], kind_code=d["kind"],
                        date=d["pub_date"].isoformat() if d["pub_date"] else None, citations=len(item.citations))
    if isinstance(item, Trademark):
        return make_row(**where, kind="trademark", office=item.office, year=_year(item.app_date), number=item.key,
                        source_hash=item.provenance[0].content_hash, record=item.model_dump_json(),
                        date=item.app_date.isoformat() if item.app_date else None)
    if isinstance(item, ApplicationEvent):
        office = (item.app_key or item.pub_number or "")[:2] or NONE
        return make_row(**where, kind="event", office=office, year=_year(item.date), number=item.identity(),
                        source_hash=item.provenance[0].content_hash, record=item.model_dump_json(),
                        date=item.date.isoformat() if item.date else None, label=str(item.event_type))
    if isinstance(item, ClassTitles):
        return make_row(**where, kind="class-titles", office=NONE, year=NONE,
                        record=orjson.dumps(item.rows, default=str).decode())
    if isinstance(item, Rejected):
        return make_row(**where, kind="quarantine", office=NONE, year=NONE, position=item.position,
                        stage=item.stage, reason=item.reason, record_id=item.record_id)
    raise TypeError(f"no dataset row for {type(item).__name__}")


def row_item(row: dict[str, Any]) -> Any:
    """The item a dataset row holds, as the load stage of the embedded pipeline receives it."""
    kind = row["kind"]
    if kind == "patent":
        from iprhub.model.patent import PatentDocument

        return PatentRows.of(PatentDocument.model_validate_json(row["record"]))
    if kind == "trademark":
        return Trademark.model_validate_json(row["record"])
    if kind == "event":
        return ApplicationEvent.model_validate_json(row["record"])
    if kind == "class-titles":
        return ClassTitles(orjson.loads(row["record"]))
    if kind == "quarantine":
        return Rejected(row["position"], row["reason"], row["stage"], row["record_id"])
    raise ValueError(f"row of kind {kind!r} holds no record")


def records_path(dataset: str | Path) -> str:
    return f"{str(dataset).rstrip('/')}/{RECORDS}"


def manifest_path(dataset: str | Path) -> str:
    return f"{str(dataset).rstrip('/')}/{MANIFEST}"
