"""Open data and ingest: export download (analyst), its JSON Schema, upload and ingest jobs (admin)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from iprhub.errors import NotFound
from iprhub.limits import Deadline
from iprhub.web.deps import AdminDep, AnalystDep, HubDep
from iprhub.web.representation import json_response
from iprhub.web.uploads import IngestJob

router = APIRouter()
_MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


@router.get("/export", tags=["open data"], response_class=FileResponse,
            responses={200: {"content": {m: {} for m in _MEDIA.values()}, "description": "The export file."},
                       403: {"description": "Needs the analyst or admin role."},
                       504: {"description": "The time limit ran out; the error says what was written."}})
def export(hub: HubDep, _: AnalystDep,
           format: Literal["jsonl", "csv", "parquet"] = Query("jsonl", description="jsonl and parquet "
                                                               "re-import to identical records; csv is a flat view."),
           time_limit: float | None = Query(None, ge=1, le=3600, description="Seconds; past them the answer is "
                                            "504 saying what was written."),
           records: Literal["patent", "trademark", "event"] = Query("patent", description="csv only: the flat "
                                                                     "table of one record kind.")) -> FileResponse:
    """The whole store as open data (analyst). One JSONL line: `{"type", "record"}`; schema at `/export/schema`."""
    folder = Path(tempfile.mkdtemp(prefix="iprhub-export-"))
    try:
        result = hub.export(format, folder / f"iprhub.{format}", deadline=Deadline.after(time_limit))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    path = result.get("paths", {}).get(records, result["path"]) if format == "csv" else result["path"]
    if format == "csv" and records not in result["paths"]:
        shutil.rmtree(folder, ignore_errors=True)
        raise NotFound(f"the store holds no {records} records", field="records")
    return FileResponse(path, media_type=_MEDIA[format], filename=Path(path).name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


@router.get("/export/schema", tags=["open data"], response_model=dict[str, Any])
def export_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of one export line."""
    from iprhub.export import json_schema

    return json_schema()


@router.post("/ingest", tags=["ingest"], status_code=202, response_model=IngestJob,
             responses={200: {"model": IngestJob, "description": "Finished (with `wait=true`)."},
                        403: {"description": "Needs the admin role."},
                        413: {"description": "Larger than the upload limit; nothing is stored."},
                        415: {"description": "Not XML, JSON, text, gzip or zip; nothing is stored."}})
def ingest(request: Request, principal: AdminDep,
           file: UploadFile = File(..., description="An office file: XML, JSON, text, .gz or .zip."),
           wait: bool = Query(False, description="Answer when the ingest has finished (up to 5 minutes)."),
           ) -> Response:
    """Upload one office file and ingest it (admin). The answer is the job; poll `/ingest/jobs/{id}`."""
    jobs = request.app.state.jobs
    job = jobs.receive(file.filename, file.file, principal.name)
    if wait:
        job = jobs.wait(job.id, timeout=300)
    done = job.status in ("done", "failed")
    response = json_response(job, status=200 if done else 202)
    response.headers["Location"] = f"/api/v1/ingest/jobs/{job.id}"
    return response


@router.get("/ingest/jobs", tags=["ingest"], response_model=list[IngestJob])
def jobs(request: Request, _: AdminDep) -> list[IngestJob]:
    """Recent upload jobs, newest first (admin)."""
    return request.app.state.jobs.list()


@router.get("/ingest/jobs/{job_id}", tags=["ingest"], response_model=IngestJob)
def job(request: Request, _: AdminDep, job_id: str) -> IngestJob:
    """One job: status (queued, running, done, failed, interrupted), bytes done of total, current file
    (relative to the upload), stored documents, rejections, report (admin). Jobs survive a restart."""
    return request.app.state.jobs.get(job_id)


@router.post("/ingest/jobs/{job_id}/resume", tags=["ingest"], status_code=202, response_model=IngestJob,
             responses={400: {"description": "The job is not interrupted or failed, or its upload is gone."}})
def resume(request: Request, _: AdminDep, job_id: str) -> IngestJob:
    """Queue an interrupted (or failed) upload job again; documents it stored before are recognised (admin)."""
    return request.app.state.jobs.resume(job_id)
