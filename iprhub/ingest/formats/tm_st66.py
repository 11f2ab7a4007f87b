"""Trademark status XML in WIPO ST.66 (``Transaction/TradeMarkTransactionBody``), as USPTO TSDR
serves it: USPTO extensions (``ns2:…Ext``) carry the status text, drawing code and party types."""

from __future__ import annotations

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats import _tm_common as tmc
from iprhub.ingest.formats._st36 import require
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, descendants, find_all, first, local, parse_xml, text
from iprhub.model.common import Party, Provenance
from iprhub.model.trademark import Trademark, TrademarkEvent

ST66_NS = "http://www.wipo.int/standards/XMLSchema/trademarks"


def _name(book: etree._Element | None) -> str:
    name = first(book, "FormattedNameAddress/Name")
    line = first(name, "FreeFormatName/FreeFormatNameDetails/FreeFormatNameLine")
    if line is not None and text(line):
        return text(line)
    formatted = first(name, "FormattedName")
    org = text(first(formatted, "OrganizationName"))
    if org:
        return org
    last, given = text(first(formatted, "LastName")), text(first(formatted, "FirstName"))
    return ", ".join(p for p in (last, given) if p)


def _address(book: etree._Element | None) -> tuple[str | None, str | None]:
    addr = first(book, "FormattedNameAddress/Address/FormattedAddress")
    if addr is None:
        return None, None
    parts = [text(first(addr, n)) for n in ("AddressRoom", "AddressBuilding", "AddressStreet", "AddressCity",
                                            "AddressState", "AddressPostcode")]
    return ", ".join(p for p in parts if p) or None, text(first(addr, "FormattedAddressCountryCode")) or None


def _applicants(scope: etree._Element) -> list[Party]:
    out: list[Party] = []
    for i, el in enumerate(descendants(scope, "Applicant"), start=1):
        book = first(el, "ApplicantAddressBook")
        name = _name(book)
        if not name:
            continue
        address, addr_country = _address(book)
        country = text(first(el, "ApplicantIncorporationCountryCode")) or text(first(el, "ApplicantNationalityCode")) \
            or addr_country
        ext = first(el, "ApplicantExt")
        code = text(first(ext, "PartyTypeCode")) or text(first(el, "ApplicantSequenceNumber"))
        role = tmc.applicant_role(text(first(ext, "PartyTypeDescriptionText")) or None)
        out.append(tmc.party(role, name, country, address, int(code) if code.isdigit() else i))
    return out


def _representatives(tm: etree._Element, start: int) -> list[Party]:
    out: list[Party] = []
    for el in find_all(tm, "RepresentativeDetails/Representative"):
        book = first(el, "RepresentativeAddressBook")
        name = _name(book)
        if not name:
            continue
        comment = text(first(el, "Comment")).lower()
        role = "correspondent" if "correspondent" in comment else "agent"
        address, country = _address(book)
        out.append(tmc.party(role, name, country, address, None))
    # agents before correspondents, as the ST.96 rendering of the same record lists them
    out.sort(key=lambda p: p.role == "correspondent")
    return [p.model_copy(update={"sequence": start + i}) for i, p in enumerate(out, start=1)]


def _events(tm: etree._Element) -> list[TrademarkEvent]:
    out = []
    for ev in find_all(tm, "MarkEventDetails/MarkEvent"):
        ext = first(ev, "MarkEventExt")
        description = text(first(ext, "MarkEventInternalDescriptionText")) or text(first(ev, "MarkEventDescription")) \
            or text(first(ev, "Comment"))
        if description:
            out.append(TrademarkEvent(date=tmc.tm_date(text(first(ev, "MarkEventDate")), "MarkEvent/MarkEventDate"),
                                      code=text(first(ev, "MarkEventCode")) or None, description=description))
    return out


def st66_trademark(tm: etree._Element, scope: etree._Element, provenance: list[Provenance]) -> Trademark:
    office = text(first(tm, "RegistrationOfficeCode")).upper()
    number = require(tmc.app_number(text(first(tm, "ApplicationNumber"))), "ApplicationNumber")
    mark = text(first(tm, "WordMarkSpecification/MarkVerbalElementText")) or None
    ext = first(tm, "TradeMarkExt")
    lang = "en" if office == "US" else None
    nice = tmc.NiceCollector()
    for desc in find_all(tm, "GoodsServicesDetails/GoodsServices/ClassDescriptionDetails/ClassDescription"):
        number_ = tmc.nice_number(text(first(desc, "ClassNumber")))
        for goods in find_all(desc, "GoodsServicesDescription"):
            nice.add(number_, text(goods) or None, goods.get("languageCode") or lang)
        nice.add(number_)
    pubs = [tmc.tm_date(text(first(p, "PublicationDate")), "Publication/PublicationDate")
            for p in find_all(tm, "PublicationDetails/Publication")]
    applicants = _applicants(tm) or _applicants(scope)
    return Trademark(
        office=office, app_number=number,
        reg_number=tmc.app_number(text(first(tm, "RegistrationNumber"))) or None,
        mark_text=mark, mark_script=tmc.mark_script(mark),
        mark_type=tmc.mark_type(text(first(ext, "MarkFeatureCode")), text(first(tm, "MarkFeature"))),
        status=text(first(ext, "MarkCurrentStatusExternalDescriptionText")) or text(first(tm, "MarkCurrentStatusCode"))
        or None,
        status_date=tmc.tm_date(text(first(tm, "MarkCurrentStatusDate")), "MarkCurrentStatusDate"),
        app_date=tmc.tm_date(text(first(tm, "ApplicationDate")), "ApplicationDate"),
        reg_date=tmc.tm_date(text(first(tm, "RegistrationDate")), "RegistrationDate"),
        # IPAS exports write 1900-01-01 where the publication date is unknown
        pub_date=min((d for d in pubs if d and d.year > 1900), default=None),
        expiry_date=tmc.tm_date(text(first(tm, "ExpiryDate")), "ExpiryDate"),
        nice_classes=nice.classes(),
        parties=applicants + _representatives(tm, len(applicants)),
        designations=tmc.designations(tm),
        events=_events(tm),
        provenance=provenance,
    )


class TrademarkSt66(Format):
    name = "tm-st66-xml"
    label = "Trademark status XML, WIPO ST.66 (Transaction; USPTO TSDR)"
    kind = "trademark"
    priority = 30
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root == "Transaction" and head.namespace == ST66_NS


    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        if local(root) != "Transaction":
            raise ParseError(f"unexpected root element <{local(root)}> in a ST.66 file", stage="parse")
        out: list[Item] = []
        for data in find_all(root, "TradeMarkTransactionBody/TransactionContentDetails/TransactionData"):
            # TSDR: TransactionData/TradeMarkDetails; the IPAS offices' Global Brand Database exports wrap
            # it in TradeMarkApplication (that wrapper left 14 GBD files quarantined as "no TradeMark")
            marks = find_all(data, "TradeMarkDetails/TradeMark") or \
                find_all(data, "TradeMarkApplication/TradeMarkDetails/TradeMark")
            for i, tm in enumerate(marks, start=1):
                position = raw.position if len(marks) == 1 else f"{raw.position}, trademark {i}"
                # TSDR puts ApplicantDetails beside TradeMarkDetails; ST.66 allows it inside TradeMark
                out.append(st66_trademark(tm, data, [ctx.provenance(position, raw.data, "ST.66")]))
        if not out:
            raise ParseError("no TradeMark element in the transaction", field="TradeMarkDetails/TradeMark",
                             stage="parse")
        return out
