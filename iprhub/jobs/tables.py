"""The ``jobs`` table: background work that outlives the request (and the server) that asked for it.

The migration ``0006_jobs`` creates exactly this table; keep both in step. ``params``,
``progress``, ``result`` and ``error`` are JSON text written by :mod:`iprhub.jobs.store`.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, String, Table, Text

from iprhub.store.schema import metadata

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("kind", String(32), nullable=False),  # the handler's name: ingest, or a capability's
    Column("status", String(16), nullable=False),  # queued, running, done, failed, interrupted
    Column("params", Text, nullable=False),
    Column("progress", Text),
    Column("result", Text),
    Column("error", Text),
    Column("submitted_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
)
Index("ix_jobs_status", jobs.c.status)
Index("ix_jobs_created_at", jobs.c.created_at)
