"""Store tables of the accounts capability: portal users and their API keys.

The migration ``migrations/0003_web.py`` creates exactly these tables; keep both in step (a test
compares them). A key is kept only as a salted hash; its short public ``prefix`` finds the row. The
``web_`` prefix predates the capability and stays: renaming tables would be a data migration.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, String, Table, Text

from iprhub.capability import table_metadata
from iprhub.store.schema import Id

metadata = table_metadata()

web_users = Table(
    "web_users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # admin, analyst
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
)

web_api_keys = Table(
    "web_api_keys",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_id", Id, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("salt", String(32), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("label", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)
Index("ix_web_api_keys_user_id", web_api_keys.c.user_id)
