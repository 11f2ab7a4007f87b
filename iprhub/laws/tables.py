"""Store tables of the laws capability: ``laws_laws`` (one row per law version) and ``laws_articles``.
The migration ``migrations/l001_laws.py`` creates exactly these (a test compares them)."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Text

from iprhub.capability import table_metadata
from iprhub.store.schema import Id

metadata = table_metadata()

laws = Table(
    "laws_laws",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("jurisdiction", String(8), nullable=False),
    Column("title", Text, nullable=False),
    Column("short_title", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("issuing_body", Text),
    Column("document_number", Text),
    Column("adopted", Date),
    Column("promulgated", Date),
    Column("effective", Date),
    Column("version_date", Date),
    Column("status", String(16), nullable=False),
    Column("amendments", Text, nullable=False),  # JSON list of {date, text}
    Column("chapters", Text, nullable=False),  # JSON list of headings
    Column("preamble", Text, nullable=False),
    Column("source_file", Text, nullable=False),
    Column("source_url", Text),
    Column("content_hash", String(64), nullable=False),
    Column("loaded_at", String(32), nullable=False),
    Index("ix_laws_laws_jurisdiction", "jurisdiction", "short_title"),
)

articles = Table(
    "laws_articles",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("law_key", String(255), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("suffix", Integer),
    Column("label", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("chapter", Text),
    Column("section", Text),
    Column("text", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Index("ix_laws_articles_law", "law_key", "seq"),
)
