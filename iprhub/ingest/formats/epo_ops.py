"""EPO OPS 3.x REST responses (``ops:world-patent-data``): the published-data services.

OPS answers every service with the same root; the service shows in its first child, so each
service group is a reader of its own (its name lands in ``field_sources``):

* ``epo-ops-biblio`` — ``exchange-documents`` (biblio, abstract, full-cycle): the DOCDB
  ``exchange-document`` structure, read with :func:`_docdb.exchange_document`;
* ``epo-ops-search`` — ``biblio-search`` results: each hit as a minimal record with its family id;
* ``epo-ops-inquiry`` — full-text / image / equivalents inquiries: the subject publication, with
  its published equivalents as related documents;
* ``epo-ops-number`` — number conversion (``standardization``): recognised, describes no document.

Claims and descriptions (``epo_ops_fulltext``), families and legal status (``epo_ops_family``) and
the European Patent Register (``epo_ops_register``) live in sibling modules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from iprhub.ingest.formats._docdb import (
    best_id,
    doc_number,
    document_ids,
    exchange_document,
    split_epodoc,
)
from iprhub.ingest.formats._ops import OpsFormat, stub
from iprhub.ingest.formats.base import Item, ReadContext
from iprhub.ingest.xml_stream import descendants, find_all, first, local
from iprhub.model.patent import PatentDocument, RelatedDocument


class EpoOpsBiblio(OpsFormat):
    name = "epo-ops-biblio"
    label = "EPO OPS published-data XML: biblio, abstract, full-cycle"
    services = ("exchange-documents",)

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        for i, el in enumerate(descendants(root, "exchange-document"), start=1):
            position = f"record {i} (line {el.sourceline})"
            yield from self.guarded(position, exchange_document, el, ctx, position, etree.tostring(el))


class EpoOpsSearch(OpsFormat):
    name = "epo-ops-search"
    label = "EPO OPS published-data search results"
    services = ("biblio-search",)

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        hits = find_all(first(root, "biblio-search"), "search-result/publication-reference")
        for i, ref in enumerate(hits, start=1):
            position = f"record {i} (line {ref.sourceline})"
            yield from self.guarded(position, stub, document_ids([ref]), ctx, position, etree.tostring(ref),
                                    family_id=ref.get("family-id") or None)
        # searches that ask for the biblio constituent carry whole exchange documents
        docs = descendants(first(root, "biblio-search"), "exchange-document")
        for i, el in enumerate(docs, start=len(hits) + 1):
            position = f"record {i} (line {el.sourceline})"
            yield from self.guarded(position, exchange_document, el, ctx, position, etree.tostring(el))


class EpoOpsInquiry(OpsFormat):
    name = "epo-ops-inquiry"
    label = "EPO OPS inquiries: full-text and image availability, published equivalents"
    services = ("fulltext-inquiry", "document-inquiry", "equivalents-inquiry")

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        inquiry = next(c for c in root if isinstance(c.tag, str) and local(c) in self.services)
        subject = first(inquiry, "publication-reference")
        if subject is None:
            return
        related: list[RelatedDocument] = []
        if local(inquiry) == "equivalents-inquiry":
            for result in find_all(inquiry, "inquiry-result"):
                fmt, d = best_id(document_ids(find_all(result, "publication-reference")))
                cc, number = (d.get("country", ""), d.get("doc-number", "")) if fmt == "docdb" \
                    else split_epodoc(d.get("doc-number", ""))
                if number and re.fullmatch(r"[A-Z]{2}", cc):
                    related.append(RelatedDocument(relation="equivalent",
                                                   number=doc_number(cc, number).without_kind))
        position = f"record 1 (line {subject.sourceline})"
        yield from self.guarded(position, self._subject, subject, related, ctx, position)

    @staticmethod
    def _subject(subject: etree._Element, related: list[RelatedDocument], ctx: ReadContext,
                 position: str) -> PatentDocument | None:
        doc = stub(document_ids([subject]), ctx, position, etree.tostring(subject))
        if doc is None:
            return None
        own = f"{doc.country}{doc.doc_number}"
        return doc.model_copy(update={"related": [r for r in related if r.number != own]})


class EpoOpsNumber(OpsFormat):
    name = "epo-ops-number"
    label = "EPO OPS number-service conversions (describe no document; nothing stored)"
    kind = "reference"
    services = ("standardization",)

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        return iter(())
