"""TIPO (Taiwan) trademark application XML ``tmarkappl`` (DTD B104.1.0), alone or inside the open-data
API response (``<API>`` with status, counts and a ``tmarkappl`` page): ``tmarkcontent`` records with
application number and date, mark name and the words in it (Chinese/English/Japanese), goods per Nice
class with TIPO similarity groups, applicants and agents."""

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


def appl_trademark(el: etree._Element, ctx: ReadContext, position: str) -> Trademark:
    def field(name: str) -> str:
        return text(first(el, name))

    number = tmc.app_number(field("appl-no"))
    if not number:
        raise ParseError("missing appl-no", field="appl-no", stage="normalize")
    name = field("tmark-name") or None
    nice = tmc.NiceCollector()
    for goods in find_all(el, "goodsclasses/goodsclass"):
        nice.add(tmc.nice_number(text(first(goods, "goodsclass-code"))), text(first(goods, "goods-name")) or None,
                 "zh")
    parties = []
    for path, role in (("parties/applicants/applicant", "applicant"), ("parties/agents/agent", "agent")):
        for p in find_all(el, path):
            names = [" ".join(text(first(p, tag)).split()) for tag in ("chinese-name", "english-name", "japanese-name")]
            names = [n for n in names if n]
            if names:
                parties.append(tmc.party(role, names[0], text(first(p, "country-code")) or None,
                                         text(first(p, "address")) or None, len(parties) + 1, names[1:]))
    kind = field("tmark-class-desc")
    return Trademark(
        office="TW", app_number=number, mark_text=name, mark_script=tmc.mark_script(name),
        mark_type=tipo_mark_type(name) if kind in ("", "商標") else "other",
        app_date=roc_date(field("appl-date"), "appl-date"),
        nice_classes=nice.classes(), parties=parties,
        provenance=[ctx.provenance(position, etree.tostring(el), "tmarkappl")],
    )


class TipoApplication(Format):
    name = "tipo-tm-appl-xml"
    label = "TIPO (Taiwan) trademark application XML (tmarkappl, also inside the open-data API response)"
    kind = "trademark"
    priority = 30

    def sniff(self, head: Head) -> bool:
        return head.root == "tmarkappl" or (head.root == "API" and b"<tmarkappl" in head.data)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        for n, el in enumerate(iter_elements(stream, ("tmarkcontent",), file=ctx.source), start=1):
            position = f"record {el.get('sequence') or n} (line {el.sourceline})"
            try:
                yield appl_trademark(el, ctx, position)
            except IprHubError as exc:
                yield Rejected(position, exc.message + (f" [field {exc.field}]" if exc.field else ""),
                               exc.stage or "parse")
