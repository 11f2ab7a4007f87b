"""Background jobs: persisted in the store, run by one runner process started cleanly (``spawn``).

- :mod:`iprhub.jobs.store` — :class:`JobStore` and :class:`Job`: the ``jobs`` table as a queue.
- :mod:`iprhub.jobs.runner` — :class:`JobRunner` (the server's handle) and the runner process.
- :mod:`iprhub.jobs.ingest` — the core ``ingest`` job for uploads.

A capability adds jobs through ``hub.job_handlers()``: ``{kind: handler}``, each handler
``(hub, params: dict, progress: Callable[[dict], None]) -> dict`` (the result). ``progress`` may
raise :class:`JobStopped`; let it pass.
"""
