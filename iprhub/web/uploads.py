"""Uploads for ingest: size-limited, typed by content, names checked, then ingested in the background.

An upload is written to ``<home>/uploads/.incoming`` in chunks (refused past the size limit),
sniffed (XML, JSON, text, gzip or zip — anything else is refused), zip member names are checked
for path traversal, and only then is it moved under ``<home>/uploads/<job id>/`` and queued as an
``ingest`` job for the job runner (:mod:`iprhub.jobs`), which deletes it when the job ends. A refused
upload leaves nothing behind. The ingest's own
guards (no entity expansion, no DTD or network access, document size limit) apply as for any file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import time
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Literal

from pydantic import BaseModel, Field, computed_field

from iprhub.errors import InvalidInput, NotFound, ParseError
from iprhub.jobs.store import Job, JobStore
from iprhub.limits import Deadline
from iprhub.web.errors import ErrorDetail, PayloadTooLarge, UnsupportedMediaType

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
    status: Literal["queued", "running", "done", "failed", "interrupted"] = "queued"
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

    @classmethod
    def of(cls, job: Job) -> IngestJob:
        """The upload's view of a stored ``ingest`` job (file names relative to the upload)."""
        p, progress, result = job.params, job.progress, job.result or {}
        return cls(id=job.id, filename=p["filename"], kind=p["kind"], size=p["size"], sha256=p["sha256"],
                   submitted_by=job.submitted_by, status=job.status, created_at=job.created_at,
                   started_at=job.started_at, finished_at=job.finished_at, bytes_total=p["size"],
                   bytes_done=progress.get("bytes_done", 0), current_file=progress.get("current_file"),
                   documents=progress.get("documents", []), documents_stored=progress.get("documents_stored", 0),
                   report=result.get("report"), rejected=[Rejection(**r) for r in result.get("rejected", [])],
                   error=ErrorDetail(**job.error) if job.error else None)

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
    """Receives uploads and queues their ingest as jobs (``kind="ingest"``) for the job runner.

    The job lives in the store, so every server process sees it and it survives a restart; the
    runner (:mod:`iprhub.jobs.runner`) runs it in its own process. ``runner`` is None in a server
    process that does not own the runner: it polls the table.
    """

    def __init__(self, hub: Any, *, max_bytes: int, runner: Any = None,
                 on_done: Callable[[IngestJob], None] | None = None) -> None:
        self.hub = hub
        self.on_done = on_done
        self.max_bytes = max_bytes
        self.runner = runner
        self.root = Path(hub.settings.home) / "uploads"
        self.store = JobStore(hub.store)
        self._seen_done: set[str] = set()

    def receive(self, filename: str | None, stream: BinaryIO, user: str) -> IngestJob:
        """Store, check and queue one upload; refused uploads raise and leave no file."""
        name = safe_filename(filename)
        incoming = self.root / ".incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        tmp = incoming / (secrets.token_hex(8) + ".part")
        digest, size, head = hashlib.sha256(), 0, b""
        job_id = secrets.token_hex(6)
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
            final = self.root / job_id / name  # one folder per job: deleted when the job ends
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp.replace(final)
        finally:
            tmp.unlink(missing_ok=True)
        params = {"path": str(final), "filename": name, "kind": kind, "size": size, "sha256": digest.hexdigest()}
        job = self.store.submit("ingest", params, user, job_id=job_id)
        if self.runner is not None:
            self.runner.notify()
        return IngestJob.of(job)

    def wait(self, job_id: str, timeout: float) -> IngestJob:
        deadline = Deadline.after(timeout)
        job = self.get(job_id)
        while job.status in ("queued", "running") and not deadline.expired():
            time.sleep(0.1)
            job = self.get(job_id)
        return job

    def get(self, job_id: str) -> IngestJob:
        job = self.store.get(job_id)
        if job.kind != "ingest":
            raise NotFound(f"no ingest job {job_id!r}", field="job_id")
        return self._seen(IngestJob.of(job))

    def list(self) -> list[IngestJob]:
        return [self._seen(IngestJob.of(j)) for j in self.store.list("ingest", limit=KEEP_JOBS)]

    def resume(self, job_id: str) -> IngestJob:
        """Queue an interrupted (or failed) ingest again; what it stored before is recognised and skipped."""
        job = self.get(job_id)
        stored = self.store.get(job_id)
        if stored.status in ("interrupted", "failed") and not Path(stored.params.get("path", "")).is_file():
            raise InvalidInput(f"the upload of job {job_id} is gone; upload the file again", field="job_id")
        self.store.resume(job.id)
        if self.runner is not None:
            self.runner.notify()
        return self.get(job_id)

    def _seen(self, job: IngestJob) -> IngestJob:
        # the first time this process sees a job ended, its caches of what the ingest changed go
        if job.status in ("done", "failed") and job.id not in self._seen_done:
            self._seen_done.add(job.id)
            if self.on_done:
                self.on_done(job)
        return job
