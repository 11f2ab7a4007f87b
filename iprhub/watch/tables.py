"""Store tables of the watch capability (its own metadata).

The migration ``migrations/w001_watch.py`` creates exactly these tables; keep both in step (a test
compares them). A watch keeps a cursor per record table (the last ``trademarks.id`` / ``documents.id``
it has looked at), so each run sees only records that arrived since; ``watch_alerts`` is unique per
(watch, record), so no alert is raised twice even when a cursor is reset.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from iprhub.capability import table_metadata
from iprhub.store.schema import Id

metadata = table_metadata()

watch_watches = Table(
    "watch_watches",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # mark / owner / query / patent
    Column("subject", Text, nullable=False),  # the mark, owner name, query or patent number
    Column("classes", Text, nullable=False, default=""),  # Nice classes, comma-separated
    Column("countries", Text, nullable=False, default=""),  # offices (ST.3), comma-separated
    Column("min_tier", String(8), nullable=False, default="medium"),
    Column("label", Text),
    Column("webhook_url", Text),
    Column("webhook_secret", Text),
    Column("email", Text),  # recipients of the e-mail digest, comma-separated
    Column("cursor_tm", Id, nullable=False, default=0),
    Column("cursor_doc", Id, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_run_at", DateTime(timezone=True)),
)

watch_alerts = Table(
    "watch_alerts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("watch_id", Id, ForeignKey("watch_watches.id", ondelete="CASCADE"), nullable=False),
    Column("record_kind", String(16), nullable=False),  # trademark / patent
    Column("record_key", String(80), nullable=False),
    Column("office", String(4)),
    Column("title", Text),
    Column("owner", Text),
    Column("score", Float, nullable=False),
    Column("tier", String(8), nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of {signal, score, detail}
    Column("publication_date", Date),
    Column("deadline", Date),
    Column("deadline_note", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("read_at", DateTime(timezone=True)),
    UniqueConstraint("watch_id", "record_kind", "record_key"),
)
Index("ix_watch_alerts_watch", watch_alerts.c.watch_id)

watch_deliveries = Table(
    "watch_deliveries",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("alert_id", Id, ForeignKey("watch_alerts.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(8), nullable=False),  # webhook / email
    Column("target", Text, nullable=False),
    Column("status", String(12), nullable=False),  # pending / delivered / failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("delivered_at", DateTime(timezone=True)),
)
Index("ix_watch_deliveries_status", watch_deliveries.c.status, watch_deliveries.c.next_attempt_at)
Index("ix_watch_deliveries_alert", watch_deliveries.c.alert_id)
