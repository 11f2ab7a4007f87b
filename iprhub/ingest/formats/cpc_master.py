"""USPTO CPC Master Classification File (MCF, ST.96 namespaces): current CPC of US patents.

Each record yields a partial :class:`PatentDocument` (number, kind, dates, CPC list) that the
store merges with the full text of the same publication; the main CPC comes first, flagged
``first``. Grant records carry ``PatentGrantIdentification``; application-publication records
(``PatentPublicationIdentification``) are read the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from iprhub.errors import IprHubError, ParseError
from iprhub.ingest.formats._uspto_text import us_app_number, us_doc_type
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.ingest.xml_stream import descendants, first, iter_elements, local, text
from iprhub.model.classification import Classification, ipc_from_parts, scheme_version
from iprhub.model.common import parse_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import PatentDocument

_ID_ELEMENTS = {
    "PatentGrantIdentification": ("PatentNumber", "GrantDate", True),
    "PatentPublicationIdentification": ("PublicationNumber", "PublicationDate", False),
}


def _classifications(record: etree._Element) -> list[Classification]:
    out: list[Classification] = []
    seen: set[str] = set()
    for bag in ("MainCPC", "FurtherCPC"):
        for holder in descendants(record, bag):
            for el in descendants(holder, "CPCClassification"):
                symbol = ipc_from_parts(*(text(first(el, p)) for p in
                                          ("CPCSection", "Class", "Subclass", "MainGroup", "Subgroup")))
                if symbol is None:
                    raise ParseError(f"incomplete CPC symbol {text(el)!r}", field=f"{bag}/CPCClassification")
                if symbol in seen:
                    continue
                seen.add(symbol)
                position = text(first(el, "SymbolPositionCode"))
                out.append(Classification(
                    scheme="CPC", symbol=symbol, first=bag == "MainCPC" or position == "F",
                    version=scheme_version(text(first(el, "ClassificationVersionDate"))),
                    value=text(first(el, "CPCClassificationValueCode")) or None))
    return out


def _document(record: etree._Element, raw: bytes, position: str, ctx: ReadContext) -> PatentDocument:
    ident = next((el for el in record if local(el) in _ID_ELEMENTS), None)
    if ident is None:
        raise ParseError("record without PatentGrantIdentification or PatentPublicationIdentification",
                         field="PatentGrantIdentification")
    number_tag, date_tag, grant = _ID_ELEMENTS[local(ident)]
    number = text(first(ident, number_tag))
    if not number:
        raise ParseError(f"{local(ident)} without {number_tag}", field=number_tag)
    country = text(first(ident, "IPOfficeCode")) or "US"
    dn = normalize_doc_number(country, number, text(first(ident, "PatentDocumentKindCode")) or None)
    app = first(record, "ApplicationIdentification")
    app_number = text(first(app, "ApplicationNumber/ApplicationNumberText"))
    return PatentDocument(
        pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
        doc_type=us_doc_type(dn.kind, None, grant) if dn.country == "US" else ("grant" if grant else "application"),
        pub_date=parse_date(text(first(ident, date_tag)), date_tag),
        app_number=(us_app_number(app_number) if dn.country == "US" else f"{dn.country}{app_number}")
        if app_number else None,
        classifications=_classifications(record),
        provenance=[ctx.provenance(position, raw)],
    )


class CpcMasterXml(Format):
    name = "uspto-cpc-master"
    label = "USPTO CPC Master Classification File (ST.96 XML)"

    def sniff(self, head: Head) -> bool:
        return head.root == "CPCMasterClassificationFile"

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        for index, record in enumerate(
                iter_elements(stream, ["CPCMasterClassificationRecord"], file=ctx.source), 1):
            position = f"record {index} (line {record.sourceline})"
            raw = etree.tostring(record)  # iterparse keeps no byte offsets: hash the record re-serialised
            try:
                yield _document(record, raw, position, ctx)
            except IprHubError as exc:
                reason = exc.message + (f" [field {exc.field}]" if exc.field else "")
                yield Rejected(position, reason, exc.stage or "parse")
