"""The job table as a queue, the runner's handling of one job, and the ingest job on a real file."""

from __future__ import annotations

import pytest

from iprhub.errors import InvalidInput, NotFound
from iprhub.jobs.ingest import ingest_upload
from iprhub.jobs.runner import JobStopped, _run_one, job_handlers
from iprhub.jobs.store import JobStore
from tests.conftest import data_path

US6840965 = "uspto/grant_xml_v4x/ChemDataExtractor__US06840965B2.xml.gz"


def test_jobs_are_claimed_once_in_order_and_keep_progress_and_result(hub):
    jobs = JobStore(hub.store)
    first = jobs.submit("ingest", {"path": "/x/a.xml"}, "ada")
    second = jobs.submit("report", {"n": 2}, "bob")
    assert [j.id for j in jobs.list()] == [second.id, first.id]  # newest first
    assert jobs.unfinished() == 2
    claimed = jobs.claim_next()
    assert claimed.id == first.id and claimed.status == "running" and claimed.started_at is not None
    jobs.progress(first.id, {"files": 1, "current_file": "a.xml"})
    done = jobs.finish(first.id, "done", result={"records": 3})
    assert (done.status, done.progress, done.result, done.params) == (
        "done", {"files": 1, "current_file": "a.xml"}, {"records": 3}, {"path": "/x/a.xml"})
    assert jobs.last_finished() == done.finished_at
    assert jobs.claim_next().id == second.id
    assert jobs.claim_next() is None
    assert [j.kind for j in jobs.list(kind="report")] == ["report"]


def test_a_job_left_running_is_interrupted_then_resumed(hub):
    jobs = JobStore(hub.store)
    job = jobs.submit("ingest", {}, "ada")
    jobs.claim_next()
    assert jobs.interrupt_running() == [job.id]  # what a starting runner does
    interrupted = jobs.get(job.id)
    assert interrupted.status == "interrupted" and interrupted.error["code"] == "interrupted"
    assert jobs.resume(job.id).status == "queued"
    with pytest.raises(InvalidInput, match="only interrupted or failed jobs"):
        jobs.resume(job.id)
    with pytest.raises(NotFound):
        jobs.get("nope")


def _handlers(outcome):
    def handler(hub, params, progress):
        progress({"step": 1})
        if isinstance(outcome, BaseException):
            raise outcome
        return {"echo": params["n"]}

    return {"demo": handler}


@pytest.mark.parametrize(("outcome", "status", "code"), [
    (None, "done", None),
    (InvalidInput("no such thing", field="n"), "failed", "invalid_input"),
    (RuntimeError("boom"), "failed", "internal_error"),
    (JobStopped(), "interrupted", "interrupted"),
])
def test_the_runner_records_how_a_job_ended(hub, outcome, status, code, caplog):
    jobs = JobStore(hub.store)
    jobs.submit("demo", {"n": 7}, "ada")
    _run_one(hub, jobs, _handlers(outcome), jobs.claim_next(), lambda: False)
    job = jobs.list()[0]
    assert job.status == status and job.progress == {"step": 1}
    assert (job.error or {}).get("code") == code
    assert job.result == ({"echo": 7} if status == "done" else None)


def test_a_stop_request_ends_a_job_at_its_next_progress_report(hub):
    jobs = JobStore(hub.store)
    jobs.submit("demo", {"n": 1}, "ada")
    _run_one(hub, jobs, _handlers(None), jobs.claim_next(), lambda: True)
    assert jobs.list()[0].status == "interrupted"


def test_unknown_kinds_fail_and_capabilities_add_handlers(hub):
    jobs = JobStore(hub.store)
    jobs.submit("nothing", {}, "ada")
    _run_one(hub, jobs, job_handlers(hub), jobs.claim_next(), lambda: False)
    assert jobs.list()[0].error["message"] == "no handler for jobs of kind 'nothing'"

    class WithJobs:
        def job_handlers(self):
            return {"watch.scan": lambda hub, params, progress: {}}

    assert sorted(job_handlers(WithJobs())) == ["ingest", "watch.scan"]


def test_the_ingest_job_stores_a_real_file_reports_relative_names_and_deletes_the_upload(hub):
    folder = hub.settings.home / "uploads" / "job1"
    folder.mkdir(parents=True)
    upload = folder / "grant.xml.gz"
    upload.write_bytes(data_path(US6840965).read_bytes())
    size = upload.stat().st_size
    seen = []
    result = ingest_upload(hub, {"path": str(upload), "filename": upload.name, "size": size},
                           lambda state: seen.append(dict(state)))
    assert result["report"]["records"] == {"inserted": 1, "updated": 0, "unchanged": 0}
    assert result["report"]["files"] == {"total": 1, "done": 1}
    assert seen[0]["current_file"] == "grant.xml.gz" and seen[-1]["documents"] == ["US6840965B2"]
    assert seen[-1]["bytes_done"] == seen[-1]["bytes_total"] == size
    assert str(hub.settings.home) not in str(result)
    assert not folder.exists()
    assert hub.document("US6840965B2").pub_number == "US6840965B2"


def test_an_ingest_stopped_between_batches_keeps_its_upload_and_what_it_stored(hub):
    hub.settings.batch_size = 20
    folder = hub.settings.home / "uploads" / "job2"
    folder.mkdir(parents=True)
    upload = folder / "grants.xml.gz"
    upload.write_bytes(data_path("uspto/grant_xml_v25_pg/patentprocessor__pg020507hundred.xml.gz").read_bytes())

    def progress(state):
        if state["documents_stored"] >= 20:
            raise JobStopped

    with pytest.raises(JobStopped):
        ingest_upload(hub, {"path": str(upload), "filename": upload.name, "size": 1}, progress)
    assert upload.exists()  # kept to resume
    assert hub.stats().totals["documents"] == 20  # whole batches only
    result = ingest_upload(hub, {"path": str(upload), "filename": upload.name, "size": 1}, lambda s: None)
    records = result["report"]["records"]
    assert records["inserted"] + records["unchanged"] + records["updated"] == hub.stats().totals["documents"]
    assert records["unchanged"] == 20 and not upload.exists()
