"""Tables of the quality capability: screening runs, their findings with reviews, credit records.

``migrations/q001_quality.py`` creates exactly these (a test compares them)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, ForeignKey, Index, Integer, String, Table, Text

from iprhub.capability import table_metadata
from iprhub.store.schema import Id

metadata = table_metadata()

runs = Table(
    "quality_runs", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("scope", Text, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("screened", Integer, nullable=False),
    Column("partial", Integer, nullable=False),
    Column("notice", Text),
    Column("seconds", Float, nullable=False),
    Column("run", Text, nullable=False),  # the ScreeningRun as JSON (weights, clusters)
)

findings = Table(
    "quality_findings", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("run_id", Id, ForeignKey("quality_runs.id", ondelete="CASCADE"), nullable=False),
    Column("subject_kind", String(20), nullable=False),
    Column("subject", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("signals", Text, nullable=False),
    Column("status", String(12), nullable=False),
    Column("note", Text),
    Column("reviewed_at", DateTime(timezone=True)),
    Index("ix_quality_findings_run", "run_id", "score"),
    Index("ix_quality_findings_subject", "subject_kind", "subject"),
)

credit = Table(
    "quality_credit", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("party_kind", String(12), nullable=False),
    Column("party", Text, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("points", Float, nullable=False),
    Column("detail", Text, nullable=False),
    Column("finding_id", Id, ForeignKey("quality_findings.id", ondelete="SET NULL")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text),
    Index("ix_quality_credit_party", "party_kind", "party"),
)
