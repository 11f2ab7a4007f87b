"""TIPO (Taiwan) trademark registration gazette index XML (``<RegContentList>`` of ``<RegContent>``).

Each ``RegContent`` is one registration published in the gazette issue: case (application) number,
registration number, mark name, filing date and term of the right in ROC years (111 = 2022), Nice
classes, agents, and the owner in Chinese and (when filed) English. The term's start (``SDate``) is the
gazette publication of the registration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from iprhub.errors import IprHubError, ParseError
from iprhub.ingest.formats import _tm_common as tmc
from iprhub.ingest.formats._tipo import roc_date, tipo_mark_type
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.ingest.xml_stream import find_all, first, iter_elements, text
from iprhub.model.trademark import Trademark


def gazette_trademark(el: etree._Element, ctx: ReadContext, position: str) -> Trademark:
    def field(name: str) -> str:
        return text(first(el, name))

    number = tmc.app_number(field("CaseNo"))
    if not number:
        raise ParseError("missing CaseNo", field="CaseNo", stage="normalize")
    name = field("Trademark_Name") or None
    nice = tmc.NiceCollector()
    for cls in find_all(el, "RegContentClassification/Class"):
        nice.add(tmc.nice_number(text(cls)))
    parties = []
    for owner in find_all(el, "RegContentOwner"):
        chinese, english = text(first(owner, "AChinese")), text(first(owner, "AEnglish"))
        if chinese or english:
            # the Chinese name is the one on the register; the English one, given by some owners, is kept
            # beside it so the owner is found by either
            parties.append(tmc.party("owner", chinese or english, None, None, len(parties) + 1,
                                     [english] if chinese else ()))
    for agent in find_all(el, "RegContentAgent"):
        if text(first(agent, "BChinese")):
            parties.append(tmc.party("agent", text(first(agent, "BChinese")), None, None, len(parties) + 1))
    start = roc_date(field("SDate"), "SDate")
    return Trademark(
        office="TW", app_number=number, reg_number=tmc.app_number(field("RegisterNo")) or None,
        mark_text=name, mark_script=tmc.mark_script(name), mark_lang=None, mark_type=tipo_mark_type(name),
        status="registered", status_date=start,
        app_date=roc_date(field("Filing_Date"), "Filing_Date"), reg_date=start, pub_date=start,
        expiry_date=roc_date(field("EDate"), "EDate"),
        nice_classes=nice.classes(), parties=parties,
        provenance=[ctx.provenance(position, etree.tostring(el), "RegContentList")],
    )


class TipoGazette(Format):
    name = "tipo-tm-gazette-xml"
    label = "TIPO (Taiwan) trademark registration gazette XML (RegContentList)"
    kind = "trademark"
    priority = 30

    def sniff(self, head: Head) -> bool:
        return head.root == "RegContentList"

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        for n, el in enumerate(iter_elements(stream, ("RegContent",), file=ctx.source), start=1):
            position = f"record {el.get('no') or n} (line {el.sourceline})"
            try:
                yield gazette_trademark(el, ctx, position)
            except IprHubError as exc:
                yield Rejected(position, exc.message + (f" [field {exc.field}]" if exc.field else ""),
                               exc.stage or "parse")
