"""EPO OPS family and legal-status responses (``ops:patent-family``).

Every ``family-member`` becomes a record with the DOCDB simple family id, its application and
priorities — a whole ``exchange-document`` when the biblio constituent was asked for. With the
legal constituent (``legal="true"``) the member's INPADOC events become ``legal_events``: code,
description (with the event's detail fields), gazette date and reporting office.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from iprhub.ingest.formats._docdb import app_number, best_id, document_ids, exchange_document, priorities
from iprhub.ingest.formats._ops import OpsFormat, ops_service, stub
from iprhub.ingest.formats.base import Head, Item, ReadContext
from iprhub.ingest.xml_stream import find_all, first, local, text
from iprhub.model.common import clean_text, parse_date
from iprhub.model.patent import LegalEvent, PatentDocument

_LEGAL_FAMILY = re.compile(rb"<(?:[\w.\-]+:)?patent-family\b[^>]*\blegal=\"true\"")


def legal_events(member: etree._Element) -> list[LegalEvent]:
    out: list[LegalEvent] = []
    for el in find_all(member, "legal"):
        code = clean_text(el.get("code")) or text(first(el, "L008EP")) or None
        title = clean_text(el.get("desc")) or code or "legal event"
        details = [f"{clean_text(d.get('desc'))}: {text(d)}" for group in find_all(el, "L500EP")
                   for d in group if isinstance(d.tag, str) and d.get("desc") and text(d)]
        out.append(LegalEvent(
            date=parse_date(text(first(el, "L007EP")), "legal/L007EP"), code=code,
            description=title + (f" ({'; '.join(details)})" if details else ""),
            office=(text(first(el, "L001EP")) or None), source="INPADOC"))
    return out


def _member(member: etree._Element, ctx: ReadContext, position: str, with_legal: bool) -> PatentDocument | None:
    family_id = member.get("family-id") or None
    data = etree.tostring(member)
    exchange = first(member, "exchange-document")
    if exchange is not None:
        doc = exchange_document(exchange, ctx, position, data)
        doc = doc.model_copy(update={"family_id": doc.family_id or family_id})
    else:
        doc = stub(document_ids(find_all(member, "publication-reference")), ctx, position, data,
                   family_id=family_id)
        if doc is None:
            return None
        app_fmt, app = best_id(document_ids(find_all(member, "application-reference")))
        if app_fmt == "docdb":
            doc = doc.model_copy(update={
                "app_number": app_number(app.get("country"), app.get("doc-number")),
                "app_date": parse_date(app.get("date"), "application-reference/date"),
                "priorities": priorities(member)})
    if with_legal:
        doc = doc.model_copy(update={"legal_events": legal_events(member)})
    return doc


class EpoOpsFamily(OpsFormat):
    name = "epo-ops-family"
    label = "EPO OPS INPADOC family (members, optionally with biblio)"
    services = ("patent-family",)
    legal = False

    def sniff(self, head: Head) -> bool:
        return ops_service(head) in self.services and bool(_LEGAL_FAMILY.search(head.data)) == self.legal

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        family = next(c for c in root if isinstance(c.tag, str) and local(c) == "patent-family")
        for i, member in enumerate(find_all(family, "family-member"), start=1):
            position = f"record {i} (line {member.sourceline})"
            yield from self.guarded(position, _member, member, ctx, position, self.legal)


class EpoOpsLegal(EpoOpsFamily):
    name = "epo-ops-legal"
    label = "EPO OPS INPADOC legal status (family members with legal events)"
    legal = True
