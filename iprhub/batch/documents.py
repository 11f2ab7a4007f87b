"""What the Spark executors run: split a file into documents, parse them, validate them.

The same stages as the embedded pipeline, by format name (:mod:`iprhub.ingest.pipeline`): a source
is opened and sniffed (``make_head`` + ``detect``), split into raw documents by its reader
(``fmt.split``), and each raw document is parsed (``safe_parse``) and validated (``prepare_record``) as
the pipeline's worker processes do. Nothing here touches a store; every function takes and returns
plain picklable values, so Spark can ship them and re-run a failed task.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from iprhub.batch.dataset import FAILURE_PART, NONE, item_row, make_row
from iprhub.errors import IprHubError, SourceError
from iprhub.ingest.formats import detect, get_format
from iprhub.ingest.formats.base import ReadContext, make_head, safe_parse
from iprhub.ingest.pipeline import HEAD_BYTES, PARALLEL_CHUNK_BYTES, HeadStream, prepare_record
from iprhub.ingest.sources import Source, iter_sources
from iprhub.ingest.unsupported import explain_unsupported
from iprhub.ingest.xml_stream import RawDoc

ITEMS_PER_PART = 500  # items of a non-parallel reader carried in one unit


@dataclass(frozen=True)
class FileTask:
    """One source file: its place in the sorted input and its name (``a.zip!member`` for members)."""

    index: int
    name: str
    size: int = 0  # bytes on disk (compressed)


@dataclass
class Chunk:
    """Raw documents of one file, parsed by another task after the shuffle."""

    file_index: int
    file: str
    part: int
    format: str
    docs: list[RawDoc]


Unit = Chunk | tuple[Any, ...]  # a chunk to parse, or a finished dataset row


def list_files(paths: list[str]) -> list[FileTask]:
    """The sources of ``paths`` in the order the embedded ingest reads them."""
    return [FileTask(i, s.name, s.size) for i, s in enumerate(iter_sources([*paths]))]


def _source(name: str) -> Source:
    top = name.split("!", 1)[0]
    for source in iter_sources([top]):
        if source.name == name:
            return source
    raise SourceError(f"no such file or member: {name}", file=name, stage="detect")


def split_file(task: FileTask, max_document_bytes: int,
               fail_once: tuple[str, str] | None = None) -> Iterator[Unit]:
    """Sniff and split one file: chunks of raw documents of parallel readers, parsed rows of the
    others, its quarantine row when it fails part-way, and last its ledger row.
    ``fail_once`` (tests only): ``(name part, marker file)``: the first attempt of the task of a file
    whose name holds the part raises, once the marker file exists no attempt does."""
    if fail_once and fail_once[0] in task.name:
        _fail_once(task.name, fail_once[1])
    try:
        source = _source(task.name)
        fingerprint = source.fingerprint()
    except (OSError, SourceError) as exc:
        yield make_row(kind="file", office=NONE, year=NONE, file_index=task.index, file=task.name,
                       status="failed", reason=str(exc), size=0)
        return
    status, fmt_name, reason = "done", None, None
    try:
        stream = source.open()
        head_bytes = stream.read(HEAD_BYTES)
        head = make_head(head_bytes, source.name)
        fmt = detect(head)
        if fmt is None:
            status, reason = "unsupported", explain_unsupported(head)
            stream.close()
        else:
            fmt_name = fmt.name
            ctx = ReadContext(source=source.name, format=fmt.name, max_document_bytes=max_document_bytes)
            buffered = io.BufferedReader(HeadStream(head_bytes, stream), buffer_size=1 << 20)
            try:
                if fmt.parallel:
                    yield from _chunks(fmt.split(buffered, ctx), task, fmt.name)
                else:
                    yield from _read_rows(fmt.read(buffered, ctx), task, fmt.name)
            finally:
                buffered.close()
    except IprHubError as exc:  # the file stops here; what was read before stays, as in the embedded ingest
        status, reason = "failed", exc.message
        yield make_row(kind="quarantine", office=NONE, year=NONE, file_index=task.index, file=task.name,
                       part=FAILURE_PART, seq=0, format=fmt_name,
                       position=str(exc.position) if exc.position is not None else "file",
                       stage=exc.stage or "parse", reason=exc.message)
    yield make_row(kind="file", office=NONE, year=NONE, file_index=task.index, file=task.name, format=fmt_name,
                   fingerprint=fingerprint, status=status, reason=reason, size=source.size)


def _chunks(raws: Iterator[RawDoc], task: FileTask, fmt: str) -> Iterator[Chunk]:
    part, size, docs = 0, 0, []
    for raw in raws:
        docs.append(raw)
        size += len(raw.data)
        if size >= PARALLEL_CHUNK_BYTES:
            yield Chunk(task.index, task.name, part, fmt, docs)
            part, size, docs = part + 1, 0, []
    if docs:
        yield Chunk(task.index, task.name, part, fmt, docs)


def _read_rows(items: Iterator[Any], task: FileTask, fmt: str) -> Iterator[tuple[Any, ...]]:
    for n, item in enumerate(items):
        yield item_row(prepare_record(item), task.index, task.name, fmt, n // ITEMS_PER_PART, n % ITEMS_PER_PART)


def parse_unit(unit: Unit) -> Iterator[tuple[Any, ...]]:
    """Rows of one unit: a chunk is parsed and validated here (the parser workers' job in the
    embedded ingest); a row passes through."""
    if not isinstance(unit, Chunk):
        yield unit
        return
    fmt = get_format(unit.format)
    ctx = ReadContext(source=unit.file, format=unit.format)
    paused = gc.isenabled()
    gc.disable()  # as the pipeline's workers: parsing makes no reference cycles
    try:
        seq = 0
        for raw in unit.docs:
            for item in safe_parse(fmt, raw, ctx):
                yield item_row(prepare_record(item), unit.file_index, unit.file, unit.format, unit.part, seq)
                seq += 1
    finally:
        if paused:
            gc.enable()


def _fail_once(name: str, marker: str) -> None:
    """Raise in the first attempt of a task only: how the tests make Spark retry a task."""
    import os

    if not os.path.exists(marker):
        open(marker, "w").close()
        raise RuntimeError(f"injected failure in the task of {name}")
