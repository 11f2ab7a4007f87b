"""The one job runner: background jobs run in a separate process started cleanly, never in a server thread.

Why a process started with ``spawn``: a server process has live request threads, some of them
inside OpenBLAS (semantic search); ``fork`` from such a process copies held locks into the child
and deadlocked the whole server when an upload's ingest forked its parser pool. A spawned runner
starts from a fresh interpreter, builds its own :class:`~iprhub.hub.Hub` from the settings, and
its ingest forks the parser pool from there, where no other thread touches BLAS.

The ``jobs`` table is the queue (:mod:`iprhub.jobs.queue`): any server process submits, the runner
claims. Stopping is cooperative: the runner is told to stop, and a job's next progress report
raises :class:`JobStopped` (ingest reports after each committed batch, so nothing is half-written);
a job that does not report within the grace period is killed, which a transaction survives too.
Either way the job is left ``interrupted`` and can be resumed.

>>> from iprhub.settings import Settings
>>> runner = JobRunner(Settings(database_url="sqlite:///:memory:"))
>>> runner.alive
False
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable
from typing import Any

from iprhub.capability import JobHandler
from iprhub.errors import IprHubError
from iprhub.jobs.queue import INTERRUPTED
from iprhub.settings import Settings

log = logging.getLogger("iprhub.jobs")
POLL_SECONDS = 0.5  # how often an idle runner looks for jobs submitted by other server processes
PROGRESS_SECONDS = 0.5  # progress is written at most this often
GRACE_SECONDS = 3.0  # a stopping job reaches its next progress report within this, or is killed


class JobStopped(BaseException):
    """Raised inside a job (from its progress callback) when the runner stops.

    A ``BaseException``, like ``KeyboardInterrupt``: it is a request to stop, not an error, and must
    pass through handlers that record their own errors (the ingest marks a failed file on IprHubError).
    """


def job_handlers(hub: Any) -> dict[str, JobHandler]:
    """Handlers by job kind: the core ``ingest`` and those of the hub's capabilities."""
    from iprhub.jobs.ingest import ingest_upload

    return {"ingest": ingest_upload, **hub.job_handlers()}


class JobRunner:
    """Starts, wakes and stops the runner process (from the one server process that owns it)."""

    def __init__(self, settings: Settings, *, grace: float = GRACE_SECONDS) -> None:
        self.settings = settings
        self.grace = grace
        self._ctx = mp.get_context("spawn")
        self._process: Any = None
        self._stop: Any = None
        self._wake: Any = None
        self._stop_asked: float | None = None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        """Start the runner process (it first marks jobs a dead runner left running as interrupted)."""
        if self.alive:
            return
        self._stop, self._wake = self._ctx.Event(), self._ctx.Event()
        # not a daemon: a daemonic process may not start the ingest's parser pool
        self._process = self._ctx.Process(target=_serve_jobs, name="iprhub-jobs",
                                          args=(self.settings.model_dump(), self._stop, self._wake, os.getpid()))
        self._process.start()
        # multiprocessing joins live children at exit: a runner nobody stopped would hold the process forever
        atexit.register(self.stop)

    def notify(self) -> None:
        """A job was submitted: start the runner, or wake it from its poll."""
        if not self.alive:
            self.start()
        else:
            self._wake.set()

    def request_stop(self) -> None:
        """Ask the runner to stop and return at once (from a signal handler)."""
        if self._stop is not None:
            self._stop_asked = self._stop_asked or time.monotonic()
            self._stop.set()
            self._wake.set()

    def stop(self) -> None:
        """Stop the runner: its job stops at its next progress report, or is killed after the grace period."""
        if self._process is None:
            return
        atexit.unregister(self.stop)
        self.request_stop()
        # the grace period counts from the stop request (SIGTERM), not from when the server drained
        self._process.join(max(0.2, self.grace - (time.monotonic() - (self._stop_asked or time.monotonic()))))
        if self._process.is_alive():
            log.warning("the job runner did not stop within %.1f s; killing it", self.grace)
            self._process.kill()
            self._process.join(5)
            from iprhub.hub import Hub
            from iprhub.jobs.queue import JobStore

            with Hub(self.settings, migrate=False) as hub:
                JobStore(hub.store).interrupt_running()
        self._process.close()
        # release the events' semaphores now, not at interpreter exit (where they are reported leaked)
        self._process = self._stop = self._wake = self._stop_asked = None


# the runner process -------------------------------------------------------------------------------
def _serve_jobs(settings_data: dict[str, Any], stop: Any, wake: Any, parent_pid: int) -> None:
    """The runner process's main loop: claim the oldest queued job, run it, repeat until told to stop."""
    # Ctrl-C in a terminal reaches the whole process group; the server tells the runner to stop instead
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    from iprhub.hub import Hub
    from iprhub.jobs.queue import JobStore

    def stopping() -> bool:
        return stop.is_set() or os.getppid() != parent_pid  # told to, or the server died

    hub = Hub(Settings(**settings_data), migrate=False)  # the server migrated the store before starting us
    try:
        jobs = JobStore(hub.store)
        for job_id in jobs.interrupt_running():
            log.warning("job %s was running when its runner stopped: marked interrupted", job_id)
        handlers = job_handlers(hub)
        while not stopping():
            job = jobs.claim_next()
            if job is None:
                wake.wait(POLL_SECONDS)
                wake.clear()
                continue
            _run_one(hub, jobs, handlers, job, stopping)
    finally:
        hub.close()


def _run_one(hub: Any, jobs: Any, handlers: dict[str, JobHandler], job: Any, stopping: Callable[[], bool]) -> None:
    last: dict[str, Any] = {}
    written = [0.0]

    def progress(state: dict[str, Any]) -> None:
        last.clear()
        last.update(state)
        if stopping():
            raise JobStopped
        now = time.monotonic()
        if now - written[0] >= PROGRESS_SECONDS:
            written[0] = now
            jobs.progress(job.id, last)

    handler = handlers.get(job.kind)
    try:
        if handler is None:
            raise IprHubError(f"no handler for jobs of kind {job.kind!r}", field="kind")
        result = handler(hub, job.params, progress)
        jobs.finish(job.id, "done", progress=last, result=result)
    except JobStopped:
        jobs.finish(job.id, "interrupted", progress=last, error=INTERRUPTED)
    except IprHubError as exc:
        jobs.finish(job.id, "failed", progress=last, error={"code": exc.code, "message": exc.message,
                                                            "field": exc.field})
    except Exception:  # noqa: BLE001 - a background job must record, not lose, its failure
        log.exception("job %s (%s) failed", job.id, job.kind)
        jobs.finish(job.id, "failed", progress=last, error={
            "code": "internal_error", "message": "the job failed; the server log has details", "field": None})
