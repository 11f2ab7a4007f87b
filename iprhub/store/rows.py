"""A patent document as the store writes it: the ``documents`` row with the JSON record, the
side-table rows and the source row.

The ingest pipeline builds these in its parser processes, so the loading process only runs the
INSERTs: strings and tuples cross a process boundary far more cheaply than pydantic objects, and
serialising and hashing the record happen in parallel.

>>> from iprhub.model.common import Provenance
>>> from iprhub.model.patent import PatentDocument
>>> d = PatentDocument(pub_number="US7123456B2", country="US", doc_number="7123456", kind="B2",
...                    provenance=[Provenance(source_file="f.xml", position="doc 1 (line 1)",
...                                           format="uspto-xml", content_hash="ab12")])
>>> rows = PatentRows.of(d)
>>> rows.pub_number, rows.doc["source_count"], rows.source
('US7123456B2', 1, ('uspto-xml', None, 'f.xml', 'doc 1 (line 1)', 'ab12'))
>>> rows.to_document() == d
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iprhub.model.patent import PatentDocument

PARTY_COLUMNS = ("role", "seq", "name", "norm_name", "country")
CLASS_COLUMNS = ("scheme", "symbol", "first")
CITATION_COLUMNS = ("cited_number", "cited_country", "categories", "cited_by", "phase", "npl_text")
PRIORITY_COLUMNS = ("country", "number", "date")
SOURCE_COLUMNS = ("format", "format_version", "source_file", "position", "content_hash")


def source_of(d: PatentDocument) -> tuple[Any, ...]:
    """The ``doc_sources`` columns (:data:`SOURCE_COLUMNS`) of a document's first provenance entry."""
    p = d.provenance[0]
    return p.format, p.format_version, p.source_file, p.position, p.content_hash


@dataclass(slots=True)
class PatentRows:
    """Rows of one patent document; side-table tuples follow the ``*_COLUMNS`` orders, without
    the ``doc_id`` the store assigns."""

    pub_number: str
    doc: dict[str, Any]  # documents columns except id and updated_at
    parties: list[tuple[Any, ...]]
    classes: list[tuple[Any, ...]]
    citations: list[tuple[Any, ...]]
    priorities: list[tuple[Any, ...]]
    source: tuple[Any, ...]  # doc_sources row of the first provenance entry, without doc_id and record
    document: PatentDocument | None = None  # kept when built in the loading process
    index_fields: Any = None  # what the search index makes of the document, when the parser prepared it
    warnings: int = 0  # lines in the document's Provenance.warnings (counted by the ingest summary)

    @classmethod
    def of(cls, d: PatentDocument, *, keep: bool = False) -> PatentRows:
        """Rows of ``d``; ``keep`` keeps the object itself for a merge (otherwise it is rebuilt
        from the record, which round-trips exactly)."""
        record, content_hash = d.json_and_hash()
        return cls(
            pub_number=d.pub_number,
            doc={
                "pub_number": d.pub_number, "country": d.country, "doc_number": d.doc_number, "kind": d.kind,
                "doc_type": d.doc_type, "pub_date": d.pub_date, "app_number": d.app_number,
                "app_date": d.app_date, "family_id": d.family_id, "lang": d.lang, "title": d.title(),
                "content_hash": content_hash,
                "source_count": max(1, len({q.content_hash for q in d.provenance})),
                "record": record,
            },
            parties=[(q.role, q.sequence, q.name, q.normalized_name, q.country) for q in d.parties],
            classes=[(c.scheme, c.symbol, c.first) for c in d.classifications],
            citations=[(c.number, c.country, "".join(c.categories)[:16] or None, c.cited_by, c.phase, None)
                       for c in d.citations]
            + [(None, None, "".join(c.categories)[:16] or None, c.cited_by, c.phase, c.text)
               for c in d.npl_citations],
            priorities=[(q.country, q.number, q.date) for q in d.priorities],
            source=source_of(d),
            document=d if keep else None,
            warnings=sum(len(q.warnings) for q in d.provenance),
        )

    def to_document(self) -> PatentDocument:
        if self.document is not None:
            return self.document
        d = PatentDocument.model_validate_json(self.doc["record"])
        d._content_hash = self.doc["content_hash"]  # the record holds the hashed content: no need to hash again
        return d
