"""EPO OPS 3.x REST responses (``ops:world-patent-data``): the published-data services.

OPS answers every service with the same root; the service shows in its first child, so each
service group is a reader of its own (its name lands in ``field_sources``):

* ``epo-ops-biblio`` — ``exchange-documents`` (biblio, abstract, full-cycle): the DOCDB
  ``exchange-document`` structure, read with :func:`epo_docdb.exchange_document`;
* ``epo-ops-search`` — ``biblio-search`` results: each hit as a minimal record with its family id;
* ``epo-ops-inquiry`` — full-text / image / equivalents inquiries: the subject publication, with
  its published equivalents as related documents;
* ``epo-ops-number`` — number conversion (``standardization``): recognised, describes no document.

Claims and descriptions (``epo_ops_fulltext``), families and legal status (``epo_ops_family``) and
the European Patent Register (``epo_ops_register``) live in sibling modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import BinaryIO, ClassVar

from lxml import etree

from iprhub.errors import IprHubError, ParseError
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.ingest.formats.epo_docdb import (
    best_id,
    doc_number,
    doc_type_for,
    document_ids,
    exchange_document,
    split_epodoc,
)
from iprhub.ingest.xml_stream import descendants, find_all, first, local, parse_xml
from iprhub.model.common import parse_date
from iprhub.model.patent import PatentDocument, RelatedDocument

OPS_NS = "http://ops.epo.org"
_START_TAG = re.compile(rb"<(?![?!/])(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def ops_service(head: Head) -> str | None:
    """Local name of the element under ``world-patent-data`` (``meta`` skipped)."""
    if head.root != "world-patent-data" or head.namespace != OPS_NS:
        return None
    body = re.sub(rb"<!--.*?-->", b"", head.data[:65536], flags=re.S)
    names = [m.group(1).decode("latin-1") for m in _START_TAG.finditer(body)]
    return next((n for n in names[1:] if n != "meta"), None)


def stub(ids: dict[str, dict[str, str]], ctx: ReadContext, position: str, data: bytes,
         **fields: object) -> PatentDocument | None:
    """A record from a bare publication reference (docdb id with kind wanted)."""
    fmt, d = best_id(ids)
    number, country = d.get("doc-number", ""), d.get("country", "")
    if fmt == "epodoc" or not country:
        country, number = split_epodoc(number)
    if not number or not re.fullmatch(r"[A-Z]{2}", country):
        return None
    dn = doc_number(country, number, d.get("kind") or None)
    return PatentDocument(pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
                          doc_type=doc_type_for(dn.country, dn.kind),
                          pub_date=parse_date(d.get("date"), "publication-reference/date"),
                          provenance=[ctx.provenance(position, data)], **fields)


class OpsFormat(Format):
    """Base of the OPS readers: sniff by service, parse the (small) response whole."""

    services: ClassVar[tuple[str, ...]] = ()
    priority = 30

    def sniff(self, head: Head) -> bool:
        return ops_service(head) in self.services

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = stream.read(ctx.max_document_bytes + 1)
        if len(data) > ctx.max_document_bytes:
            raise ParseError(f"response larger than the {ctx.max_document_bytes}-byte limit", file=ctx.source,
                             position="file", stage="parse")
        root = parse_xml(data, file=ctx.source, position="file")
        yield from self.records(root, ctx)

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        raise NotImplementedError

    @staticmethod
    def guarded(position: str, build: Callable[..., object], *args: object, **kwargs: object) -> Iterator[Item]:
        """Run one record's builder; a bad record becomes a Rejected, never a stopped file."""
        try:
            result = build(*args, **kwargs)
        except IprHubError as exc:
            yield Rejected(position, exc.message + (f" [field {exc.field}]" if exc.field else ""),
                           exc.stage or "parse")
            return
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            yield Rejected(position, f"{type(exc).__name__}: {exc}")
            return
        for item in result if isinstance(result, list) else [result]:
            if item is not None:
                yield item


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
