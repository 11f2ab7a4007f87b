"""``iprhub batch load``: the Parquet batch dataset -> the store (PostgreSQL, or SQLite).

The load stage of the embedded pipeline, fed from Parquet instead of the readers: file by file in
the ingest's order, each file's items in reader order, in batches of ``batch_size`` written by the
record kinds' writers (:data:`iprhub.ingest.record_kinds.KINDS`) through
:meth:`iprhub.ingest.pipeline.Pipeline.load_batch`, one transaction a batch (side tables go by COPY on
PostgreSQL). So publications from several sources merge exactly as an embedded ingest merges them,
the quarantine holds the same rows, and the ingest ledger marks each file done with its
fingerprint after its last batch: a killed load re-run skips the files already loaded and re-reads
the one it was in (its stored records are recognised as unchanged).

Reading needs pyarrow only (the ``parquet`` extra), not Spark: the dataset is scanned about
:data:`WINDOW_PARTS` chunks of documents at a time (several small files, or a window of one large
file's chunks; rows are sorted by file and chunk within each Parquet file, so row-group statistics
let the filter skip the rest), which keeps memory flat whatever the size of a file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from iprhub.batch.dataset import FAILURE_PART, PARTITIONS, manifest_path, records_path, row_item
from iprhub.errors import InvalidInput, IprHubError
from iprhub.ingest.formats.base import ReadContext
from iprhub.ingest.pipeline import IndexHooks, IngestReport, Pipeline
from iprhub.ingest.record_kinds import PATENT, kind_of
from iprhub.ingest.sources import Source
from iprhub.store.rows import PatentRows

WINDOW_PARTS = 32  # chunks of documents (2 MB of source each for splitting readers) read from the dataset at a time
_ITEM_COLUMNS = ["file_index", "part", "seq", "kind", "record", "position", "stage", "reason", "record_id"]


def open_dataset(dataset: str) -> Any:
    """The records dataset, checked complete (its manifest is written last)."""
    try:
        import pyarrow.dataset as pads
        import pyarrow.fs as pafs
    except ImportError:
        raise InvalidInput("batch load needs pyarrow: pip install 'iprhub[parquet]'", field="parquet") from None
    fs, root = pafs.FileSystem.from_uri(_uri(dataset))
    try:
        with fs.open_input_stream(manifest_path(root)) as f:
            manifest = orjson.loads(f.read())
    except (FileNotFoundError, OSError):
        raise InvalidInput(f"{dataset} is not a complete batch dataset (no {Path(manifest_path(root)).name}): "
                           "its ingest was cut short or never ran; re-run iprhub batch ingest", file=dataset) from None
    import pyarrow as pa

    # partition values stay text ("2012", "unknown"), whatever a dataset's values look like
    partitioning = pads.partitioning(pa.schema([(p, pa.string()) for p in PARTITIONS]), flavor="hive")
    ds = pads.dataset(records_path(root), filesystem=fs, format="parquet", partitioning=partitioning)
    return ds, manifest


def _uri(path: str) -> str:
    return path if "://" in path else str(Path(path).resolve())


def load_dataset(store: Any, settings: Any, dataset: str, *, force: bool = False,
                 index: IndexHooks | None = None, on_file: Callable[[str], None] | None = None) -> IngestReport:
    """Load ``dataset`` into ``store`` under the store's ingest lock (one writer at a time)."""
    import pyarrow.compute as pc

    from iprhub.store.lock import ingest_lock

    ds, _manifest = open_dataset(dataset)
    ledger = ds.to_table(filter=pc.field("kind") == "file",
                         columns=["file_index", "file", "format", "fingerprint", "status", "reason", "size"])
    files = sorted(ledger.to_pylist(), key=lambda r: r["file_index"])
    report = IngestReport()
    started = time.perf_counter()
    pipeline = Pipeline(store, settings, index=index)
    with ingest_lock(store, wait=settings.ingest_lock_wait):
        todo = []
        for f in files:
            if force or not store.file_done(f["file"], f["fingerprint"] or ""):
                todo.append(f)
            else:
                report.files.append(_outcome(f["file"], f["format"], "skipped", "already ingested (same bytes)"))
        for f, rows in _row_streams(ds, todo):
            if on_file:
                on_file(f["file"])
            _load_file(pipeline, f, rows, report, index)
    report.seconds = time.perf_counter() - started
    return report


def _parts(ds: Any, files: list[dict[str, Any]]) -> dict[int, list[int]]:
    """The chunks (``part``) each file's rows came in: two integer columns, read once."""
    import pyarrow.compute as pc

    if not files:
        return {}
    table = ds.to_table(columns=["file_index", "part"], filter=pc.field("kind") != "file")
    found: dict[int, set[int]] = {}
    for i, part in zip(table.column("file_index").to_pylist(), table.column("part").to_pylist(), strict=True):
        found.setdefault(i, set()).add(part)
    return {i: sorted(p) for i, p in found.items()}


def _row_streams(ds: Any, files: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], Iterator[dict[str, Any]]]]:
    """Each file with its rows in reader order, reading at most about :data:`WINDOW_PARTS` chunks
    of documents at a time: small files several to a scan, a large file a window of its chunks at
    a time (memory stays flat whatever the file's size)."""
    parts = _parts(ds, files)
    pending: list[dict[str, Any]] = []
    count = 0

    def flush() -> Iterator[tuple[dict[str, Any], Iterator[dict[str, Any]]]]:
        rows = _scan(ds, [f["file_index"] for f in pending])
        by_file: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            by_file.setdefault(row["file_index"], []).append(row)
        for f in pending:
            yield f, iter(by_file.get(f["file_index"], []))

    for f in files:
        n = len(parts.get(f["file_index"], ()))
        if n > WINDOW_PARTS:
            yield from flush()
            pending, count = [], 0
            yield f, _windows(ds, f["file_index"], parts[f["file_index"]])
            continue
        pending.append(f)
        count += n
        if count >= WINDOW_PARTS:
            yield from flush()
            pending, count = [], 0
    if pending:
        yield from flush()


def _scan(ds: Any, indexes: list[int], part_range: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    import pyarrow.compute as pc

    if not indexes:
        return []
    where = (pc.field("kind") != "file") & pc.field("file_index").isin(indexes)
    if part_range is not None:
        where = where & (pc.field("part") >= part_range[0]) & (pc.field("part") <= part_range[1])
    rows = ds.to_table(columns=_ITEM_COLUMNS, filter=where).to_pylist()
    rows.sort(key=lambda r: (r["file_index"], r["part"], r["seq"]))
    return rows


def _windows(ds: Any, index: int, parts: list[int]) -> Iterator[dict[str, Any]]:
    for i in range(0, len(parts), WINDOW_PARTS):
        window = parts[i:i + WINDOW_PARTS]
        yield from _scan(ds, [index], (window[0], window[-1]))


def _load_file(pipeline: Pipeline, f: dict[str, Any], rows: Iterator[dict[str, Any]], report: IngestReport,
               index: IndexHooks | None) -> None:
    store, name, fingerprint = pipeline.store, f["file"], f["fingerprint"] or ""
    source = Source(name, _no_bytes, f["size"] or 0, lambda: fingerprint)
    if f["status"] == "unsupported":
        with store.begin() as conn:
            store.mark_file(conn, name, fingerprint, fmt=None, status="unsupported", reason=f["reason"],
                            records=0, size=source.size)
        report.files.append(_outcome(name, None, "unsupported", f["reason"]))
        return
    if f["format"] is None:  # stopped before its format was known: at most its failure row
        failure = next((r for r in rows if _is_failure(r)), None)
        if failure is None:  # its bytes could not be read: nothing to store
            report.files.append(_outcome(name, None, "failed", f["reason"]))
        else:
            pipeline.fail_file(source, fingerprint, report, None, _error(failure))
        return
    ctx = ReadContext(source=name, format=f["format"])
    counts = report.by_format[f["format"]]
    counts["files"] += 1
    with store.begin() as conn:
        store.clear_quarantine_for(conn, name)
    stored = 0
    size = pipeline.settings.batch_size
    batch: list[Any] = []
    failure = None
    for row in rows:
        if _is_failure(row):
            failure = row
            continue
        batch.append(_item(row, index))
        if len(batch) >= size:
            stored += pipeline.load_batch(batch, ctx, report, counts)
            batch = []
    if batch:
        stored += pipeline.load_batch(batch, ctx, report, counts)
    if failure is not None:
        pipeline.fail_file(source, fingerprint, report, f["format"], _error(failure), records=stored)
        return
    with store.begin() as conn:
        store.mark_file(conn, name, fingerprint, fmt=f["format"], status="done", reason=None, records=stored,
                        size=source.size)
    report.files.append(_outcome(name, f["format"], "done", None, stored))


def _is_failure(row: dict[str, Any]) -> bool:
    return row["kind"] == "quarantine" and row["part"] == FAILURE_PART


def _error(failure: dict[str, Any]) -> IprHubError:
    """The error that stopped a file, as the executor recorded it."""
    position = None if failure["position"] == "file" else failure["position"]
    return IprHubError(failure["reason"], position=position, stage=failure["stage"])


def _item(row: dict[str, Any], index: IndexHooks | None) -> Any:
    item = row_item(row)
    if index is not None and index.prepare is not None and kind_of(item) is PATENT:
        assert isinstance(item, PatentRows)
        item.index_fields = index.prepare(item.to_document(), item.doc["content_hash"])
    return item


def _outcome(name: str, fmt: str | None, status: str, reason: str | None, records: int = 0) -> Any:
    from iprhub.ingest.pipeline import FileOutcome

    return FileOutcome(name, fmt, status, records=records, reason=reason)


def _no_bytes() -> Any:
    raise InvalidInput("a batch-loaded source is read from its dataset, not opened")
