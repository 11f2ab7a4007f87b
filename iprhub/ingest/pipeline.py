"""Ingestion as ordered stages: detect -> parse -> normalize -> validate -> load.

Readers do parse + normalise (they emit normalised records). Loading happens in batches, each
in one transaction; a file is marked done only after its last batch, so a killed run is
re-run safely: records already stored from the same bytes are recognised and skipped.
"""

from __future__ import annotations

import functools
import gc
import io
import os
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from iprhub.errors import IprHubError, SourceError
from iprhub.ingest.formats import all_formats, detect, get_format
from iprhub.ingest.formats.base import (
    Head,
    Item,
    ReadContext,
    Record,
    Rejected,
    make_head,
    safe_parse,
)
from iprhub.ingest.record_kinds import KINDS, PATENT, RecordKind, kind_of
from iprhub.ingest.sources import Source, iter_sources
from iprhub.ingest.unsupported import explain_unsupported
from iprhub.ingest.validate import validate
from iprhub.ingest.xml_stream import RawDoc
from iprhub.model.patent import PatentDocument
from iprhub.settings import Settings
from iprhub.store import QuarantineItem, Store
from iprhub.store.rows import PatentRows

HEAD_BYTES = 65536
PARALLEL_CHUNK_BYTES = 2 * 1024 * 1024  # documents sent to a worker at a time, at most
FIRST_CHUNK_BYTES = 512 * 1024  # the first chunks are smaller: workers start sooner


@dataclass
class FileOutcome:
    path: str
    format: str | None
    status: str  # done / skipped / unsupported / failed
    records: int = 0
    reason: str | None = None


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)
    by_format: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: set[str] = field(default_factory=set)
    quarantined: list[QuarantineItem] = field(default_factory=list)
    bytes_read: int = 0
    seconds: float = 0.0
    # what each capability's after-ingest hook answered (watch alerts raised …), by capability name
    after_ingest: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = Counter(f.status for f in self.files)
        return {
            "files": {"total": len(self.files), **dict(status)},
            "by_format": {k: dict(v) for k, v in sorted(self.by_format.items())},
            "records": {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged},
            "merged_publications": len(self.merged),
            "quarantined": [q.__dict__ for q in self.quarantined],
            "unsupported": [{"file": f.path, "reason": f.reason} for f in self.files if f.status == "unsupported"],
            "failed": [{"file": f.path, "reason": f.reason} for f in self.files if f.status == "failed"],
            "bytes": self.bytes_read,
            "seconds": round(self.seconds, 3),
            **({"after_ingest": self.after_ingest} if self.after_ingest else {}),
        }


class HeadStream(io.RawIOBase):
    """Re-plays the sniffed head, then continues with the rest of the stream: a source is read once,
    its first :data:`HEAD_BYTES` for format detection, then whole by the reader (the batch ingest
    wraps its executors' streams the same way)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buf))
        buf[: len(data)] = data
        return len(data)


ProgressFn = Callable[[str, int], None]
PrepareFn = Callable[[PatentDocument, str], Any]  # (document, content hash) -> index fields


@dataclass
class IndexHooks:
    """Keeps a search index in step with ingest: ``prepare`` (a module-level function, so worker
    processes can run it) turns each parsed document into what the index stores; ``on_batch``
    gets each committed batch's publication numbers with the prepared values of the documents
    stored exactly as parsed. The rest (merged with another source) the index reads back, and
    every document when ``prepare`` is None."""

    prepare: PrepareFn | None
    on_batch: Callable[[list[str], dict[str, Any]], None]


class Pipeline:
    def __init__(self, store: Store, settings: Settings, *, index: IndexHooks | None = None) -> None:
        self.store = store
        self.settings = settings
        self._on_documents: Callable[[list[str]], None] | None = None
        self._index: IndexHooks | None = index  # run() sets its own; load_batch() callers give it here

    def run(self, paths: Iterable[str], *, force: bool = False, on_file: ProgressFn | None = None,
            on_bytes: Callable[[int], None] | None = None,
            on_documents: Callable[[list[str]], None] | None = None,
            index: IndexHooks | None = None) -> IngestReport:
        """Ingest ``paths``. ``on_documents`` gets the publication numbers written by each committed
        batch (inserted or changed); ``index`` keeps a search index in step."""
        from iprhub.store.lock import ingest_lock

        with ingest_lock(self.store, wait=self.settings.ingest_lock_wait):
            return self._run(paths, force=force, on_file=on_file, on_bytes=on_bytes, on_documents=on_documents,
                             index=index)

    def _run(self, paths: Iterable[str], *, force: bool, on_file: ProgressFn | None,
             on_bytes: Callable[[int], None] | None, on_documents: Callable[[list[str]], None] | None,
             index: IndexHooks | None) -> IngestReport:
        self._on_documents = on_documents
        self._index = index
        report = IngestReport()
        started = time.perf_counter()
        all_formats()  # import readers once, before any worker forks
        executor: list[ProcessPoolExecutor] = []
        self._hasher = ThreadPoolExecutor(1, thread_name_prefix="iprhub-hash")

        def pool() -> ProcessPoolExecutor:  # started on first use: small jobs never pay for it
            if not executor:
                executor.append(ProcessPoolExecutor(self.settings.workers, initializer=_init_worker,
                                                    initargs=(os.getpid(),)))
            return executor[0]

        try:
            for source in iter_sources(list(paths)):
                if on_file:
                    on_file(source.name, source.size)
                self._one_file(source, report, force=force, pool=pool if self.settings.workers > 1 else None)
                if on_bytes:
                    on_bytes(source.size)
        finally:
            for ex in executor:
                ex.shutdown(cancel_futures=True)
            self._hasher.shutdown()
        report.seconds = time.perf_counter() - started
        return report

    # one file -----------------------------------------------------------------------
    def _one_file(self, source: Source, report: IngestReport, *, force: bool, pool: Any) -> None:
        fingerprint: Callable[[], str]
        if force or not self.store.file_seen(source.name):
            # a path never ingested: hash its bytes in a thread while it is parsed (hashlib releases
            # the GIL), not before the first document can start
            fingerprint = self._hasher.submit(source.fingerprint).result
        else:
            try:
                known = source.fingerprint()
            except OSError as exc:
                report.files.append(FileOutcome(source.name, None, "failed", reason=str(exc)))
                return
            if self.store.file_done(source.name, known):
                report.files.append(FileOutcome(source.name, None, "skipped", reason="already ingested (same bytes)"))
                return
            fingerprint = functools.partial(str, known)
        try:
            self._parse_file(source, report, pool, fingerprint)
        except OSError as exc:  # the bytes could not be hashed: the file stays un-done, a re-run parses it again
            report.files.append(FileOutcome(source.name, None, "failed", reason=str(exc)))

    def _parse_file(self, source: Source, report: IngestReport, pool: Any, fingerprint: Callable[[], str]) -> None:
        try:
            stream = source.open()
            head_bytes = stream.read(HEAD_BYTES)
        except SourceError as exc:
            self.fail_file(source, fingerprint(), report, None, exc)
            return
        head = make_head(head_bytes, source.name)
        fmt = detect(head)
        if fmt is None:
            reason = explain_unsupported(head)
            with self.store.begin() as conn:
                self.store.mark_file(conn, source.name, fingerprint(), fmt=None, status="unsupported",
                                     reason=reason, records=0, size=source.size)
            report.files.append(FileOutcome(source.name, None, "unsupported", reason=reason))
            stream.close()
            return
        ctx = ReadContext(source=source.name, format=fmt.name, max_document_bytes=self.settings.max_document_bytes)
        counts = report.by_format[fmt.name]
        counts["files"] += 1
        full = HeadStream(head_bytes, stream)
        buffered = io.BufferedReader(full, buffer_size=1 << 20)
        stored = 0
        with self.store.begin() as conn:
            self.store.clear_quarantine_for(conn, source.name)
        try:
            for batch in self._batches(fmt, buffered, ctx, pool, source.length):
                stored += self.load_batch(batch, ctx, report, counts)
        except IprHubError as exc:
            self.fail_file(source, fingerprint(), report, fmt.name, exc, records=stored)
            return
        finally:
            buffered.close()
        report.bytes_read += full_size(stream)
        with self.store.begin() as conn:
            self.store.mark_file(conn, source.name, fingerprint(), fmt=fmt.name, status="done", reason=None,
                                 records=stored, size=source.size)
        report.files.append(FileOutcome(source.name, fmt.name, "done", records=stored))

    def _batches(self, fmt: Any, stream: BinaryIO, ctx: ReadContext, pool: Any,
                 length: int | None = None) -> Iterator[list[Item | PatentRows]]:
        """Batches of parsed records in file order, each written in one transaction."""
        size = self.settings.batch_size
        prepare = self._index.prepare if self._index else None
        if pool is None or not fmt.parallel:
            yield from _batched((prepare_record(item, prepare) for item in fmt.read(stream, ctx)), size)
            return
        # parse chunks of documents in worker processes; a bounded window keeps memory flat and
        # results come back in file order. A batch is written when it is full, or as soon as the
        # next chunk is not parsed yet: the loading process writes while the workers parse instead
        # of waiting for a full batch and writing after them.
        window: deque[Future[list[Item | PatentRows]]] = deque()
        limit = self.settings.workers * 3
        pending: list[Item | PatentRows] = []

        def drain(final: bool) -> Iterator[list[Item | PatentRows]]:
            nonlocal pending
            while window and (final or len(window) >= limit or window[0].done()):
                pending.extend(window.popleft().result())
                while len(pending) >= size:
                    yield pending[:size]
                    pending = pending[size:]
                if pending and not (window and window[0].done()):
                    yield pending
                    pending = []

        for chunk in _chunked_docs(fmt.split(stream, ctx), PARALLEL_CHUNK_BYTES, length, self.settings.workers):
            window.append(pool().submit(_parse_chunk, fmt.name, chunk, ctx, prepare))
            yield from drain(False)
        yield from drain(True)
        if pending:
            yield pending

    def load_batch(self, batch: list[Item | PatentRows], ctx: ReadContext, report: IngestReport,
                   counts: Counter) -> int:
        """The load stage: one batch of validated items (:func:`prepare_record`) of one file written
        by their record kinds' writers in one transaction (publications merge with what is stored),
        the index hooks told; ``report`` and the file's ``counts`` are updated. Returns the number
        of records stored. The batch ingest's load feeds this from its Parquet dataset."""
        groups: dict[RecordKind, list[Any]] = defaultdict(list)
        for item in batch:  # records come validated (prepare_record)
            groups[kind_of(item)].append(item)
        fresh: list[str] = []
        stored = warned = 0
        with self.store.begin() as conn:
            for kind in KINDS:
                records = groups.get(kind)
                if not records:
                    continue
                res = kind.write(self.store, conn, records, ctx)
                fresh += res.fresh_numbers
                counts[kind.label] += kind.size(records)
                stored += kind.size(records) if kind.stored else 0
                report.inserted += res.inserted
                report.updated += res.updated
                report.unchanged += res.unchanged
                report.merged.update(res.merged_numbers)
                report.quarantined.extend(res.quarantined)
                warned += kind.warnings(records)
        if warned:  # records kept with a part dropped (Provenance.warnings)
            counts["warnings"] += warned
        patents: list[PatentRows] = groups.get(PATENT, [])
        if patents:
            numbers = sorted({p.pub_number for p in patents})
            if self._index:
                as_parsed = set(fresh)
                self._index.on_batch(numbers, {p.pub_number: p.index_fields for p in patents
                                               if p.pub_number in as_parsed and p.index_fields is not None})
            if self._on_documents:
                self._on_documents(numbers)
        return stored

    def fail_file(self, source: Source, fingerprint: str, report: IngestReport, fmt: str | None,
                  exc: IprHubError, records: int = 0) -> None:
        """A file that stopped with ``exc``: its quarantine row (position of the break) and its ledger
        row (failed, with the records stored before the break), in one transaction."""
        position = str(exc.position) if exc.position is not None else "file"
        item = QuarantineItem(source.name, position, exc.stage or "parse", exc.message, fmt)
        with self.store.begin() as conn:
            self.store.write_quarantine(conn, [item])
            self.store.mark_file(conn, source.name, fingerprint, fmt=fmt, status="failed", reason=exc.message,
                                 records=records, size=source.size)
        report.quarantined.append(item)
        report.files.append(FileOutcome(source.name, fmt, "failed", records=records, reason=exc.message))


def full_size(stream: Any) -> int:
    return getattr(stream, "consumed", 0)


def _chunked_docs(raws: Iterator[RawDoc], max_bytes: int, length: int | None = None,
                  workers: int = 1) -> Iterator[list[RawDoc]]:
    """Documents in chunks for the workers. Chunks grow from :data:`FIRST_CHUNK_BYTES` to
    ``max_bytes``, so the workers start while the stream is still being split. With the stream's
    ``length`` known, the last chunks shrink to a share of what is left, so the workers finish
    together and the rows written after the last parse are few."""
    smallest = limit = min(FIRST_CHUNK_BYTES, max_bytes)
    chunk: list[RawDoc] = []
    size = 0
    for raw in raws:
        chunk.append(raw)
        size += len(raw.data)
        if size >= limit:
            yield chunk
            chunk, size = [], 0
            limit = min(max_bytes, limit * 2)
            if length:
                left = length - raw.offset - len(raw.data)
                limit = max(smallest, min(limit, left // (2 * workers)))
    if chunk:
        yield chunk


def _init_worker(parent: int) -> None:
    """Run first in each parser process: drop inherited lock files, and end with the loading
    process. A worker blocked waiting for work would otherwise outlive a killed (``kill -9``)
    ingest for ever, holding memory and the database and index files it inherited."""
    _drop_inherited_locks()
    _exit_with_parent(parent)


def _exit_with_parent(parent: int) -> None:
    """Linux signals the worker when its parent dies (``PR_SET_PDEATHSIG``); elsewhere, and as a
    fallback, a thread checks once a second whether the worker was re-parented."""
    start = os.getppid()
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if start != parent and parent not in _ancestors():  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != start:
                os._exit(1)

    import threading

    threading.Thread(target=watch, name="iprhub-parent-watch", daemon=True).start()


def _ancestors() -> set[int]:
    """The pids above this process (a forkserver may stand between a worker and its pool's owner)."""
    found: set[int] = set()
    pid = os.getppid()
    while pid > 1 and pid not in found:
        found.add(pid)
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                pid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return found


def _drop_inherited_locks() -> None:
    """Run first in each parser process: close the descriptors of lock files it inherited by
    fork. A search-index writer open in the loading process holds its lock by flock, which forked
    children share: were they to keep the descriptor, the lock would outlive the writer and no new
    writer could open until the workers exit. Linux names each descriptor's file in /proc (macOS
    spawns its workers, which inherit nothing)."""
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return
    for fd in fds:
        try:
            if os.readlink(f"/proc/self/fd/{fd}").endswith(".lock"):
                os.close(int(fd))
        except OSError:
            continue


def _parse_chunk(fmt_name: str, chunk: list[RawDoc], ctx: ReadContext,
                 prepare: PrepareFn | None = None) -> list[Item | PatentRows]:
    """Parse one chunk in a worker. The cyclic garbage collector is paused meanwhile: parsing makes
    many short-lived containers (scanned again and again by the collector) but no reference cycles
    (tests/ingest/test_pipeline.py checks that on the real corpus), so reference counting frees all."""
    fmt = get_format(fmt_name)
    paused = gc.isenabled()
    gc.disable()
    try:
        return [prepare_record(item, prepare) for raw in chunk for item in safe_parse(fmt, raw, ctx)]
    finally:
        if paused:
            gc.enable()


def prepare_record(item: Item, prepare: PrepareFn | None = None) -> Item | PatentRows:
    """The validate stage for every record, and a patent document turned into storage rows (and,
    with ``prepare``, search index fields), so validating, serialising, hashing and index
    preparation run in the parser processes and only rows travel back to the loading process.
    A record that fails validation comes back as :class:`Rejected` (for the quarantine); the batch
    ingest's executors run this same function."""
    kind = kind_of(item)
    if not kind.validated:
        return item
    reason = validate(item)
    if reason:
        return _rejected(item, reason)
    if kind is not PATENT:
        return item
    assert isinstance(item, PatentDocument)
    rows = PatentRows.of(item)
    if prepare is not None:
        rows.index_fields = prepare(item, rows.doc["content_hash"])
    return rows


_prepare = prepare_record  # its former private name (bench/ingest.py and branches in flight use it)


def _rejected(item: Record, reason: str) -> Rejected:
    """A record the validate stage drops, with its position and number for the quarantine."""
    position = item.provenance[0].position if item.provenance else "?"
    rid = getattr(item, "pub_number", None) or getattr(item, "app_number", None)
    return Rejected(position, reason, "validate", rid)


def _batched(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def sniff_file(source: Source) -> tuple[Head, Any]:
    """Detect the format of one source (used by ``iprhub formats --detect``)."""
    with source.open() as stream:
        head = make_head(stream.read(HEAD_BYTES), source.name)
    return head, detect(head)
