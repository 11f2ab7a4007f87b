"""Israel Patent Office (ILPO) trademark XML ``<TMBRAND>``, as fed to the WIPO Global Brand Database.

One record per file: ``DETAILS`` (office number, dates ``YYYYMMDD``, status, the mark's names in
Hebrew and English, its transcription), applicants and representatives with Hebrew and English
names, Nice classes with goods in both languages, and events. The mark is kept as filed: the
Hebrew name where there is one (``mark_lang`` ``he``), else the English one.
"""

from __future__ import annotations

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats import _tm_common as tmc
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, find_all, first, local, parse_xml, text
from iprhub.model.common import Party
from iprhub.model.trademark import MarkType, Trademark, TrademarkEvent

_TYPES: dict[str, MarkType] = {"word": "word", "figurative": "figurative", "combined": "combined",
                               "three dimensional": "three-dimensional", "sound": "sound", "colour": "colour"}


def _by_lang(parent: etree._Element | None, tag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in find_all(parent, tag):
        value = " ".join(text(el).split())
        if value:
            out.setdefault(el.get("lang") or "", value)
    return out


def _parties(root: etree._Element) -> list[Party]:
    out: list[Party] = []
    for path, role in (("APPLICANTS/APPLICANT", "applicant"), ("REPRESENTATIVES/REPRESENTATIVE", "agent")):
        for el in find_all(root, path):
            names = _by_lang(first(el, "NAMES"), "NAME")
            addresses = _by_lang(first(el, "ADDRESSES"), "ADDRESS")
            # the English name where given (it is what other offices' records use), else the Hebrew
            name = names.get("en") or names.get("he") or next(iter(names.values()), "")
            if name:
                address = addresses.get("en") or addresses.get("he")
                out.append(tmc.party(role, name, None, address, len(out) + 1))
    return out


def _events(root: etree._Element) -> list[TrademarkEvent]:
    out = []
    for ev in find_all(root, "EVENTS/EVENT"):
        nature = _by_lang(ev, "NatureOfEvent")
        detail = _by_lang(ev, "EventDescription")
        description = nature.get("en") or nature.get("he") or ""
        extra = detail.get("en") or detail.get("he")
        if description:
            out.append(TrademarkEvent(date=tmc.tm_date(text(first(ev, "EventDate")), "EVENT/EventDate"),
                                      description=f"{description} {extra}".strip() if extra else description))
    return out


class TrademarkIlpo(Format):
    name = "tm-ilpo-xml"
    label = "Israel Patent Office trademark XML (TMBRAND, WIPO Global Brand Database feed)"
    kind = "trademark"
    priority = 30
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root == "TMBRAND"

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        if local(root) != "TMBRAND":
            raise ParseError(f"unexpected root element <{local(root)}> in an ILPO file", stage="parse")
        details = first(root, "DETAILS")
        number = tmc.app_number(text(first(details, "OFFICENUMBER")))
        if not number:
            raise ParseError("missing OFFICENUMBER", field="DETAILS/OFFICENUMBER", stage="normalize")
        names = _by_lang(first(details, "BRAND"), "NAME")
        lang = "he" if "he" in names else ("en" if "en" in names else None)
        mark = names.get(lang or "") if lang else None
        nice = tmc.NiceCollector()
        for cls in find_all(root, "NICEGROUP/NICECLASS"):
            number_ = tmc.nice_number(text(first(cls, "TYPE")))
            for goods_lang, goods in _by_lang(cls, "LIST").items():
                nice.add(number_, goods, goods_lang or None)
            nice.add(number_)
        kind = (text(first(details, "MARKFEATURE")) or text(first(root, "MarkFeature"))).lower()
        tm = Trademark(
            office="IL", app_number=number, reg_number=number if text(first(details, "REGISTRATIONDATE")) else None,
            mark_text=mark, mark_script=tmc.mark_script(mark), mark_lang=lang,
            mark_type=_TYPES.get(kind, "word" if mark else "other"),
            status=text(first(details, "STATUS")) or None,
            app_date=tmc.tm_date(text(first(details, "FILINGDATE")), "DETAILS/FILINGDATE"),
            reg_date=tmc.tm_date(text(first(details, "REGISTRATIONDATE")), "DETAILS/REGISTRATIONDATE"),
            expiry_date=tmc.tm_date(text(first(details, "EXPIRATIONDATE")), "DETAILS/EXPIRATIONDATE"),
            nice_classes=nice.classes(), parties=_parties(root), events=_events(root),
            provenance=[ctx.provenance(raw.position, raw.data, "TMBRAND")],
        )
        return [tm]
