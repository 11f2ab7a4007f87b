"""The relational schema (SQLAlchemy Core). Migrations in ``migrations/`` must match it
(a test compares them).

Each normalised record is kept whole as JSON in ``record``; the side tables carry the fields
that queries, statistics and joins need (parties, classes, citations, priorities, sources).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)  # core tables only: capabilities keep their own

Id = BigInteger().with_variant(Integer(), "sqlite")

documents = Table(
    "documents",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("pub_number", String(40), nullable=False, unique=True),
    Column("country", String(4), nullable=False),
    Column("doc_number", String(32), nullable=False),
    Column("kind", String(4)),
    Column("doc_type", String(20), nullable=False),
    Column("pub_date", Date),
    Column("app_number", String(48)),
    Column("app_date", Date),
    Column("family_id", String(32)),
    Column("lang", String(8)),
    Column("title", Text),
    Column("content_hash", String(64), nullable=False),
    Column("source_count", Integer, nullable=False, default=1),
    Column("record", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_documents_country_number", documents.c.country, documents.c.doc_number)
Index("ix_documents_app_number", documents.c.app_number)
Index("ix_documents_family_id", documents.c.family_id)
Index("ix_documents_pub_date", documents.c.pub_date)


def _child(name: str, *cols: Column) -> Table:
    return Table(
        name,
        metadata,
        Column("doc_id", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
        *cols,
    )


doc_parties = _child(
    "doc_parties",
    Column("role", String(16), nullable=False),
    Column("seq", Integer),
    Column("name", Text, nullable=False),
    Column("norm_name", Text, nullable=False),
    Column("country", String(4)),
)
Index("ix_doc_parties_norm_name", doc_parties.c.norm_name)

doc_classes = _child(
    "doc_classes",
    Column("scheme", String(10), nullable=False),
    Column("symbol", String(32), nullable=False),
    Column("first", Boolean, nullable=False, default=False),
)
Index("ix_doc_classes_symbol", doc_classes.c.scheme, doc_classes.c.symbol)

doc_citations = _child(
    "doc_citations",
    Column("cited_number", String(48)),  # canonical, kind-less; NULL for non-patent literature
    Column("cited_country", String(4)),
    Column("categories", String(16)),
    Column("cited_by", String(12), nullable=False),
    Column("phase", String(16)),
    Column("npl_text", Text),
)
Index("ix_doc_citations_cited_number", doc_citations.c.cited_number)

doc_priorities = _child(
    "doc_priorities",
    Column("country", String(4), nullable=False),
    Column("number", String(48), nullable=False),
    Column("date", Date),
)

doc_sources = _child(
    "doc_sources",
    Column("format", String(40), nullable=False),
    Column("format_version", String(80)),
    Column("source_file", Text, nullable=False),
    Column("position", String(80), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("record", Text),  # kept only when a document has several sources, to re-merge
)
Index("ix_doc_sources_hash", doc_sources.c.content_hash)

trademarks = Table(
    "trademarks",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("tm_key", String(64), nullable=False, unique=True),
    Column("office", String(4), nullable=False),
    Column("app_number", String(48), nullable=False),
    Column("reg_number", String(48)),
    Column("mark_text", Text),
    Column("norm_mark", Text),
    Column("mark_type", String(20)),
    Column("status", Text),
    Column("app_date", Date),
    Column("reg_date", Date),
    Column("content_hash", String(64), nullable=False),
    Column("source_count", Integer, nullable=False, default=1),
    Column("record", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_trademarks_norm_mark", trademarks.c.norm_mark)

tm_sources = Table(
    "tm_sources",
    metadata,
    Column("tm_id", Id, ForeignKey("trademarks.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("format", String(40), nullable=False),
    Column("source_file", Text, nullable=False),
    Column("position", String(80), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("record", Text, nullable=False),
)

tm_classes = Table(
    "tm_classes",
    metadata,
    Column("tm_id", Id, ForeignKey("trademarks.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("nice_class", Integer, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("event_key", String(64), nullable=False, unique=True),
    Column("app_key", String(48), nullable=False),
    Column("pub_number", String(40)),
    Column("event_type", String(20), nullable=False),
    Column("date", Date),
    Column("code", String(64)),
    Column("description", Text, nullable=False),
    Column("format", String(40), nullable=False),
    Column("source_file", Text, nullable=False),
    Column("position", String(80), nullable=False),
    Column("record", Text, nullable=False),
)
Index("ix_events_app_key", events.c.app_key)
Index("ix_events_pub_number", events.c.pub_number)

# applications as records (see iprhub/store/applications.py): one row per application key, written
# with the documents and events that name it; ``doc_numbers`` holds each document's application and
# priority keys in the one canonical spelling (iprhub.model.application_numbers)
applications = Table(
    "applications",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("app_key", String(64), nullable=False, unique=True),
    Column("office", String(4), nullable=False),
    Column("number", String(48)),  # NULL for an application known only through its patent (pn: key)
    Column("known_by", String(40)),  # the kind-less publication of a number-less application
    Column("filing_date", Date),
    Column("title", Text),
    Column("family_id", String(32)),
    Column("status", Text),
    Column("status_date", Date),
    Column("documents", Integer, nullable=False, default=0),
    Column("events", Integer, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_applications_number", applications.c.number)
Index("ix_applications_known_by", applications.c.known_by)

doc_numbers = _child(
    "doc_numbers",
    Column("role", String(12), nullable=False),  # application / priority
    Column("app_key", String(64), nullable=False),
)
Index("ix_doc_numbers_app_key", doc_numbers.c.app_key)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("source_file", Text, nullable=False),
    Column("position", String(80), nullable=False),
    Column("format", String(40)),
    Column("stage", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("record_id", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source_file", "position", "stage"),
)

ingested_files = Table(
    "ingested_files",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("format", String(40)),
    Column("status", String(16), nullable=False),  # done / unsupported / failed
    Column("reason", Text),
    Column("records", Integer, nullable=False, default=0),
    Column("bytes", BigInteger, nullable=False, default=0),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("path", "file_hash"),
)

class_titles = Table(
    "class_titles",
    metadata,
    Column("scheme", String(10), primary_key=True),
    Column("symbol", String(32), primary_key=True),
    Column("level", Integer),
    Column("title", Text, nullable=False),
    Column("lang", String(8), primary_key=True, default="en"),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
from iprhub.jobs import tables as _jobs_tables  # noqa: E402,F401  (a core table defined beside its package)
