"""Uploads for ingest: size-limited, typed by content, names checked, then ingested in the background.

An upload is written to ``<home>/uploads/.incoming`` in chunks (refused past the size limit),
sniffed (XML, JSON, text, gzip or zip — anything else is refused), zip member names are checked
for path traversal, and only then is it moved under ``<home>/uploads/<sha256>/`` and handed to
``hub.ingest`` on one background worker. A refused upload leaves nothing behind. The ingest's own
guards (no entity expansion, no DTD or network access, document size limit) apply as for any file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Literal

from pydantic import BaseModel, Field, PrivateAttr, computed_field

from iprhub.errors import InvalidInput, IprHubError, NotFound, ParseError
from iprhub.web.errors import ErrorDetail, PayloadTooLarge, UnsupportedMediaType, log

CHUNK = 1 << 20
MAX_ZIP_MEMBERS = 10_000
ZIP_RATIO = 50  # uncompressed bytes allowed per uploaded byte limit (zip-bomb guard)
KEEP_JOBS = 100
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f]")

Kind = Literal["xml", "json", "text", "gzip", "zip"]


class Rejection(BaseModel):
    file: str
    position: str | None = None
    reason: str


class IngestJob(BaseModel):
    """One uploaded file and its ingest, as the admin page and ``/api/v1/ingest/jobs`` show it."""

    id: str
    filename: str
    kind: Kind
    size: int
    sha256: str
    submitted_by: str
    status: Literal["queued", "running", "done", "failed"] = "queued"
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    bytes_total: int = 0
    bytes_done: int = 0
    current_file: str | None = None
    documents: list[str] = Field(default_factory=list, description="Publication numbers stored (first 200).")
    documents_stored: int = 0
    report: dict[str, Any] | None = Field(None, description="The ingest report, as `iprhub ingest --json` prints it.")
    rejected: list[Rejection] = Field(default_factory=list, description="Quarantined records and refused files.")
    error: ErrorDetail | None = None
    _future: Any = PrivateAttr(None)

    @computed_field(description="Share of the upload's bytes ingested, 0 to 1.")  # type: ignore[prop-decorator]
    @property
    def progress(self) -> float:
        if self.status == "done":
            return 1.0
        return min(1.0, self.bytes_done / self.bytes_total) if self.bytes_total else 0.0


def safe_filename(name: str | None) -> str:
    """The upload's own name, refused when it tries to name a path.

    >>> safe_filename("ipg250107.xml.gz")
    'ipg250107.xml.gz'
    >>> safe_filename("../../etc/passwd")
    Traceback (most recent call last):
    ...
    iprhub.errors.InvalidInput: the file name may not contain a path (field file)
    """
    text = (name or "").strip()
    if not text:
        raise InvalidInput("the upload has no file name", field="file")
    if "/" in text or "\\" in text or text in (".", "..") or _BAD_NAME.search(text) or ":" in text:
        raise InvalidInput("the file name may not contain a path", field="file")
    if len(text) > 200:
        raise InvalidInput("the file name is longer than 200 characters", field="file")
    return text


def sniff(head: bytes) -> Kind:
    """The upload's type from its first bytes (the name and the declared type are not trusted)."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    text = head
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if text.startswith(bom):
            text = text[len(bom):]
            break
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = text.replace(b"\x00", b"")
    stripped = text.lstrip()
    if not stripped:
        raise UnsupportedMediaType("the upload is empty", field="file")
    if b"\x00" in stripped[:4096]:
        raise UnsupportedMediaType("the upload is binary and not gzip or zip; office files are XML, JSON, "
                                   "text, .gz or .zip", field="file")
    if stripped.startswith(b"<"):
        return "xml"
    if stripped[:1] in (b"{", b"["):
        return "json"
    sample = stripped[:4096]
    printable = sum(1 for b in sample if b >= 32 or b in (9, 10, 13))
    if printable / len(sample) < 0.95:
        raise UnsupportedMediaType("the upload is not text, XML, JSON, gzip or zip", field="file")
    return "text"


_ENTITY_DECLARATION = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.S)


def check_zip(path: Path, max_bytes: int) -> None:
    """Refuse archives whose member names leave the archive or whose contents balloon."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsupportedMediaType(f"corrupt zip archive: {exc}", field="file") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InvalidInput(f"the archive has more than {MAX_ZIP_MEMBERS} members", field="file")
    total = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]) or _BAD_NAME.search(name):
            raise InvalidInput(f"archive member {info.filename!r} names a path outside the archive", field="file")
        total += info.file_size
    if total > max_bytes * ZIP_RATIO:
        raise PayloadTooLarge(f"the archive unpacks to {total} bytes, more than {max_bytes * ZIP_RATIO}",
                              field="file")


class IngestJobs:
    """Receives uploads and runs their ingests one at a time on a background thread."""

    def __init__(self, hub: Any, *, max_bytes: int, on_done: Callable[[IngestJob], None] | None = None) -> None:
        self.hub = hub
        self.on_done = on_done
        self.max_bytes = max_bytes
        self.root = Path(hub.settings.home) / "uploads"
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def receive(self, filename: str | None, stream: BinaryIO, user: str) -> IngestJob:
        """Store, check and queue one upload; refused uploads raise and leave no file."""
        name = safe_filename(filename)
        incoming = self.root / ".incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        tmp = incoming / (secrets.token_hex(8) + ".part")
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with tmp.open("wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise PayloadTooLarge(f"the upload is larger than {self.max_bytes} bytes", field="file")
                    if len(head) < 8192:
                        head += chunk[:8192 - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
            kind = sniff(head)
            if kind == "zip":
                check_zip(tmp, self.max_bytes)
            if kind == "xml" and _ENTITY_DECLARATION.search(head):
                # refused up front; inside .gz/.zip the parser refuses each such document
                raise ParseError("XML entity declarations are refused (entity expansion and external entity "
                                 "attacks)", field="file", stage="detect")
            sha = digest.hexdigest()
            final = self.root / sha[:16] / name
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp.replace(final)
        finally:
            tmp.unlink(missing_ok=True)
        job = IngestJob(id=secrets.token_hex(6), filename=name, kind=kind, size=size, sha256=sha, submitted_by=user,
                        created_at=dt.datetime.now(dt.UTC), bytes_total=size)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="iprhub-ingest")
            future = self._pool.submit(self._run, job, final)
        job._future = future
        return job

    def wait(self, job_id: str, timeout: float) -> IngestJob:
        job = self.get(job_id)
        future = job._future
        if future is not None:
            from concurrent.futures import TimeoutError as FutureTimeout

            try:
                future.result(timeout=timeout)
            except FutureTimeout:
                pass
        return self.get(job_id)

    def get(self, job_id: str) -> IngestJob:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no ingest job {job_id!r}", field="job_id")
        return job

    def list(self) -> list[IngestJob]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: IngestJob, path: Path) -> None:
        job.status, job.started_at = "running", dt.datetime.now(dt.UTC)

        def on_file(name: str, _size: int) -> None:
            job.current_file = name.rsplit("/", 1)[-1]

        def on_bytes(n: int) -> None:
            job.bytes_done += n

        def on_documents(numbers: list[str]) -> None:
            job.documents_stored += len(numbers)
            room = 200 - len(job.documents)
            if room > 0:
                job.documents.extend(numbers[:room])

        try:
            report = self.hub.ingest([path], force=True, on_file=on_file, on_bytes=on_bytes, on_documents=on_documents)
            data = report.to_dict()
            job.report = data
            job.rejected = ([Rejection(file=_short(q["source_file"]), position=q["position"], reason=q["reason"])
                             for q in data["quarantined"]] +
                            [Rejection(file=_short(u["file"]), reason=u["reason"] or "unsupported")
                             for u in data["unsupported"] + data["failed"]])
            job.status = "done"
        except IprHubError as exc:
            job.error = ErrorDetail(code=exc.code, message=exc.message, field=exc.field)
            job.status = "failed"
        except Exception:  # noqa: BLE001 - a background job must record, not lose, its failure
            log.exception("ingest job %s failed", job.id)
            job.error = ErrorDetail(code="internal_error", message="the ingest failed; the server log has details")
            job.status = "failed"
        finally:
            job.finished_at = dt.datetime.now(dt.UTC)
            job.current_file = None
            if self.on_done:
                self.on_done(job)


def _short(path: str) -> str:
    return path.split("/uploads/", 1)[-1].split("/", 1)[-1]

