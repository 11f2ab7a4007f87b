"""Tables of the exchange capability: where each partner node's feed was read up to, and which node each
pulled record came from."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text

from iprhub.capability import table_metadata

metadata = table_metadata()

# one row per partner node (by the node name its feed gives): the cursor of the last committed page
sync_state = Table(
    "exchange_sync",
    metadata,
    Column("node", String(120), primary_key=True),
    Column("url", Text, nullable=False),
    Column("cursor", Text, nullable=False),
    Column("pulled", Integer, nullable=False, default=0),
    Column("pages", Integer, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# provenance of pulled records: (kind, key) came from node (the last node that sent it)
provenance = Table(
    "exchange_provenance",
    metadata,
    Column("kind", String(12), primary_key=True),
    Column("key", String(120), primary_key=True),
    Column("node", String(120), nullable=False),
    Column("url", Text, nullable=False),
    Column("pulled_at", DateTime(timezone=True), nullable=False),
)
