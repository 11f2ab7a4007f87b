"""KIPRIS Plus (KIPO, Korea) trademark OpenAPI XML responses.

``TradeMarkInfo`` items are trademark records. ``trademarkDesignationGoodstInfo`` items list the
designated goods of *one* trademark, but the response does not say which: the application number
is only a request parameter. Those items are quarantined with that reason rather than attached
to a guessed trademark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from iprhub.errors import IprHubError, ParseError
from iprhub.ingest.formats import _tm_common as tmc
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.ingest.xml_stream import first, iter_elements, text
from iprhub.model.trademark import MarkType, Trademark

_ITEMS = ("TradeMarkInfo", "trademarkDesignationGoodstInfo")


def _mark_type(title: str | None, vienna: str | None) -> MarkType:
    # a Vienna (figurative element) code means the mark has a device; KIPRIS gives no mark type
    if vienna:
        return "combined" if title else "figurative"
    return "word" if title else "other"


def kipris_trademark(el: etree._Element, ctx: ReadContext, position: str, data: bytes) -> Trademark:
    def field(name: str) -> str:
        return text(first(el, name))

    number = tmc.app_number(field("ApplicationNumber"))
    if not number:
        raise ParseError("missing ApplicationNumber", field="ApplicationNumber", stage="normalize")
    title = field("Title") or None
    nice = tmc.NiceCollector()
    for code in re.findall(r"\d+", field("GoodClassificationCode")):
        nice.add(tmc.nice_number(code))
    parties = []
    for name_field, role in (("ApplicantName", "applicant"), ("RegistrationRightholderName", "owner"),
                             ("AgentName", "agent")):
        # several names come joined with "|"
        for name in (n.strip() for n in field(name_field).split("|")):
            if name:
                parties.append(tmc.party(role, name, None, None, len(parties) + 1))
    return Trademark(
        office="KR", app_number=number,
        reg_number=tmc.app_number(field("RegistrationNumber")) or None,
        mark_text=title, mark_script=tmc.mark_script(title),
        mark_type=_mark_type(title, field("ViennaCode")),
        status=field("ApplicationStatus") or None,
        app_date=tmc.tm_date(field("ApplicationDate"), "ApplicationDate"),
        reg_date=tmc.tm_date(field("RegistrationDate"), "RegistrationDate"),
        pub_date=tmc.tm_date(field("PublicDate"), "PublicDate"),
        nice_classes=nice.classes(),
        vienna_codes=[f"{c[:2]}.{c[2:4]}.{c[4:]}" if len(c) == 6 and c.isdigit() else c
                      for c in (v.strip() for v in field("ViennaCode").split("|")) if c],
        parties=parties,
        provenance=[ctx.provenance(position, data, None)],
    )


def _goods_reason(el: etree._Element) -> str:
    cls = text(first(el, "DesignationGoodsClassificationInformationCode"))
    goods = text(first(el, "DesignationGoodsHangeulName")) or text(first(el, "DesignationGoodsEnglishsentenceName"))
    return (f"KIPRIS designated-goods item (Nice class {cls or '?'}: {goods or '?'}) names no application number; "
            "the response does not identify its trademark, so the goods cannot be attached to one")


class KiprisTrademark(Format):
    name = "kipris-tm-xml"
    label = "KIPRIS Plus trademark OpenAPI XML (TradeMarkInfo, designated goods)"
    kind = "trademark"
    priority = 30

    def sniff(self, head: Head) -> bool:
        return head.root == "response" and any(f"<{tag}>".encode() in head.data for tag in _ITEMS)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        for n, el in enumerate(iter_elements(stream, _ITEMS, file=ctx.source), start=1):
            position = f"record {n} (line {el.sourceline})"
            if etree.QName(el).localname == "trademarkDesignationGoodstInfo":
                yield Rejected(position, _goods_reason(el), "normalize")
                continue
            try:
                yield kipris_trademark(el, ctx, position, etree.tostring(el))
            except IprHubError as exc:
                reason = exc.message + (f" [field {exc.field}]" if exc.field else "")
                yield Rejected(position, reason, exc.stage or "parse")
