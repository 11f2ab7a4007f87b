"""``iprhub batch load``: the Parquet batch dataset -> the store (PostgreSQL, or SQLite).

The load stage of the embedded pipeline, fed from Parquet instead of the readers: file by file in
the ingest's order, each file's items in reader order, in batches of ``batch_size`` written by the
record kinds' writers (:data:`iprhub.ingest.record_kinds.KINDS`) through
:meth:`iprhub.ingest.pipeline.Pipeline._load`, one transaction a batch (side tables go by COPY on
PostgreSQL). So publications from several sources merge exactly as an embedded ingest merges them,
the quarantine holds the same rows, and the ingest ledger marks each file done with its
fingerprint after its last batch: a killed load re-run skips the files already loaded and re-reads
the one it was in (its stored records are recognised as unchanged).

Reading needs pyarrow only (the ``parquet`` extra), not Spark: the dataset is scanned a group of
files at a time (``file_index`` ranges; row groups carry min/max statistics, so the filter skips
most of the dataset), which keeps memory to one group.
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

GROUP_BYTES = 256 * 1024 * 1024  # source bytes of the files read from the dataset at a time
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
    pipeline = Pipeline(store, settings)
    pipeline._index = index
    with ingest_lock(store, wait=settings.ingest_lock_wait):
        for group in _groups(files):
            todo = [f for f in group if force or not store.file_done(f["file"], f["fingerprint"] or "")]
            for f in group:
                if f not in todo:
                    report.files.append(_outcome(f["file"], f["format"], "skipped", "already ingested (same bytes)"))
            if not todo:
                continue
            items = _items(ds, todo)
            for f in todo:
                if on_file:
                    on_file(f["file"])
                _load_file(pipeline, f, items.get(f["file_index"], []), report)
    report.seconds = time.perf_counter() - started
    return report


def _groups(files: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    group: list[dict[str, Any]] = []
    size = 0
    for f in files:
        group.append(f)
        size += f["size"] or 0
        if size >= GROUP_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


def _items(ds: Any, files: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    import pyarrow.compute as pc

    lo, hi = files[0]["file_index"], files[-1]["file_index"]
    wanted = {f["file_index"] for f in files}
    table = ds.to_table(columns=_ITEM_COLUMNS, filter=(pc.field("kind") != "file")
                        & (pc.field("file_index") >= lo) & (pc.field("file_index") <= hi))
    out: dict[int, list[dict[str, Any]]] = {}
    for row in table.to_pylist():
        if row["file_index"] in wanted:
            out.setdefault(row["file_index"], []).append(row)
    for rows in out.values():
        rows.sort(key=lambda r: (r["part"], r["seq"]))
    return out


def _load_file(pipeline: Pipeline, f: dict[str, Any], rows: list[dict[str, Any]], report: IngestReport) -> None:
    store, name, fingerprint = pipeline.store, f["file"], f["fingerprint"] or ""
    source = Source(name, _no_bytes, f["size"] or 0, lambda: fingerprint)
    if f["status"] == "unsupported":
        with store.begin() as conn:
            store.mark_file(conn, name, fingerprint, fmt=None, status="unsupported", reason=f["reason"],
                            records=0, size=source.size)
        report.files.append(_outcome(name, None, "unsupported", f["reason"]))
        return
    failure = next((r for r in rows if r["kind"] == "quarantine" and r["part"] == FAILURE_PART), None)
    if f["status"] == "failed" and failure is None:  # its bytes could not be read: nothing to store
        report.files.append(_outcome(name, None, "failed", f["reason"]))
        return
    if f["format"] is None:  # could not be opened or sniffed
        assert failure is not None
        pipeline._fail(source, fingerprint, report, None, _error(failure))
        return
    ctx = ReadContext(source=name, format=f["format"])
    counts = report.by_format[f["format"]]
    counts["files"] += 1
    with store.begin() as conn:
        store.clear_quarantine_for(conn, name)
    stored = 0
    size = pipeline.settings.batch_size
    items = [_item(r, pipeline._index) for r in rows if r is not failure]
    for i in range(0, len(items), size):
        stored += pipeline._load(items[i:i + size], ctx, report, counts)
    if failure is not None:
        pipeline._fail(source, fingerprint, report, f["format"], _error(failure), records=stored)
        return
    with store.begin() as conn:
        store.mark_file(conn, name, fingerprint, fmt=f["format"], status="done", reason=None, records=stored,
                        size=source.size)
    report.files.append(_outcome(name, f["format"], "done", None, stored))


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
