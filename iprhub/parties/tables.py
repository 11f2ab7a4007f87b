"""The parties capability's one table: the merges and splits a person decided, keyed by name keys
(:func:`~iprhub.parties.names.org_key` / person keys), so they hold across re-ingests."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text

from iprhub.capability import table_metadata

metadata = table_metadata()

decisions = Table(
    "parties_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(12), nullable=False),  # applicant | inventor
    Column("action", String(8), nullable=False),  # merge | split
    Column("key_a", Text, nullable=False),
    Column("key_b", Text, nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
