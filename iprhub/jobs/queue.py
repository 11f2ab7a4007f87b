"""Jobs kept in the store: submitted by any server process, claimed and run by the one job runner.

The table is the queue: a job is claimed by a conditional update (``queued`` -> ``running``), so
two runners could never take the same job; progress and results are JSON written as the job goes.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field
from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError

from iprhub.errors import InvalidInput, NotFound, StoreError
from iprhub.jobs.tables import jobs as t
from iprhub.store import Store

Status = Literal["queued", "running", "done", "failed", "interrupted"]
#: the error of a job its runner stopped (server shut down or died): resumable
INTERRUPTED = {"code": "interrupted", "message": "the server stopped while this job ran; resume it to run it again "
               "(finished work is recognised and skipped)", "field": None}


class Job(BaseModel):
    """One background job as stored: what to do (``kind``, ``params``), how far it got, how it ended."""

    id: str
    kind: str
    status: Status
    params: dict[str, Any] = Field(default_factory=dict)
    progress: dict[str, Any] = Field(default_factory=dict)
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = Field(None, description="{code, message, field} when the job failed.")
    submitted_by: str
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; they were written as UTC
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _dump(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def _load(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)


class JobStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def submit(self, kind: str, params: dict[str, Any], submitted_by: str, job_id: str | None = None) -> Job:
        job = Job(id=job_id or secrets.token_hex(6), kind=kind, status="queued", params=params,
                  submitted_by=submitted_by, created_at=_now())
        self._write(t.insert().values(id=job.id, kind=kind, status="queued", params=_dump(params),
                                      progress=_dump({}), submitted_by=submitted_by, created_at=job.created_at))
        return job

    def get(self, job_id: str) -> Job:
        rows = self._read(select(t).where(t.c.id == job_id))
        if not rows:
            raise NotFound(f"no job {job_id!r}", field="job_id")
        return _job(rows[0])

    def list(self, kind: str | None = None, limit: int = 100) -> list[Job]:
        """Newest first."""
        q = select(t).order_by(t.c.created_at.desc(), t.c.id).limit(limit)
        if kind:
            q = q.where(t.c.kind == kind)
        return [_job(r) for r in self._read(q)]

    def claim_next(self) -> Job | None:
        """Take the oldest queued job (``running`` from now on), or None."""
        for row in self._read(select(t.c.id).where(t.c.status == "queued").order_by(t.c.created_at).limit(5)):
            if self._write(update(t).where(t.c.id == row.id, t.c.status == "queued")
                           .values(status="running", started_at=_now(), finished_at=None)):
                return self.get(row.id)
        return None

    def progress(self, job_id: str, progress: dict[str, Any]) -> None:
        self._write(update(t).where(t.c.id == job_id).values(progress=_dump(progress)))

    def finish(self, job_id: str, status: Status, *, progress: dict[str, Any] | None = None,
               result: dict[str, Any] | None = None, error: dict[str, Any] | None = None) -> Job:
        values: dict[str, Any] = {"status": status, "finished_at": _now(), "result": _dump(result),
                                  "error": _dump(error)}
        if progress is not None:
            values["progress"] = _dump(progress)
        self._write(update(t).where(t.c.id == job_id).values(**values))
        return self.get(job_id)

    def interrupt_running(self) -> list[str]:
        """Mark jobs left ``running`` by a runner that died as ``interrupted`` (run by a starting runner)."""
        ids = [r.id for r in self._read(select(t.c.id).where(t.c.status == "running"))]
        if ids:
            self._write(update(t).where(t.c.id.in_(ids), t.c.status == "running").values(
                status="interrupted", finished_at=_now(),
                error=_dump(INTERRUPTED)))
        return ids

    def resume(self, job_id: str) -> Job:
        """Queue an interrupted or failed job again (its handler must be idempotent, as ingest is)."""
        job = self.get(job_id)
        if job.status not in ("interrupted", "failed"):
            raise InvalidInput(f"job {job_id} is {job.status}; only interrupted or failed jobs are resumed",
                               field="job_id")
        self._write(update(t).where(t.c.id == job_id).values(status="queued", finished_at=None, error=None,
                                                             result=None))
        return self.get(job_id)

    def unfinished(self) -> int:
        """How many jobs are queued or (as far as the table knows) running."""
        rows = self._read(select(func.count()).select_from(t).where(t.c.status.in_(("queued", "running"))))
        return int(rows[0][0])

    def last_finished(self) -> dt.datetime | None:
        """When the latest job ended (caches of what jobs change compare it)."""
        rows = self._read(select(func.max(t.c.finished_at)))
        return _utc(rows[0][0]) if rows else None

    def _read(self, q: Any) -> list[Any]:
        try:
            with self.store.engine.connect() as conn:
                return list(conn.execute(q).all())
        except SQLAlchemyError as exc:
            raise StoreError(f"reading jobs failed: {exc}") from exc

    def _write(self, stmt: Any) -> int:
        try:
            with self.store.begin() as conn:
                return conn.execute(stmt).rowcount
        except SQLAlchemyError as exc:
            raise StoreError(f"writing jobs failed: {exc}") from exc


def _job(r: Any) -> Job:
    return Job(id=r.id, kind=r.kind, status=r.status, params=_load(r.params) or {}, progress=_load(r.progress) or {},
               result=_load(r.result), error=_load(r.error), submitted_by=r.submitted_by,
               created_at=_utc(r.created_at), started_at=_utc(r.started_at), finished_at=_utc(r.finished_at))
