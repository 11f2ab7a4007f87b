"""EP publication-server full text (``ep-patent-document``, DTD v1.0 – v1.5.1, also ``ep-bulletin``).

The bibliography is in INID-coded ``SDOBI`` tags (B110 number, B210 application, B300 priorities,
B540 titles per language, B560 cited documents, B7xx parties, B840 designated states …);
description, claims (a B document has claims in DE, EN and FR), abstract, the search report
(``search-report-data``) and the applicant's reference list (``ep-reference-list``) follow.

Citations: B561/B562 are the documents cited on a granted patent's front page (examiner, phase not
stated); a structured search report (``srep-for-pub/srep-citations``) gives categories X/Y/A and the
search phase; the reference list names documents cited by the applicant in the description (APP).
"""

from __future__ import annotations

import re

from lxml import etree

from iprhub.ingest.formats import _st36 as st36
from iprhub.ingest.formats._docdb import (
    app_number,
    categories_of,
    citation,
    claim_dependencies,
    doc_number,
    doc_type_for,
    ipc7,
    ipcr_text,
    lang_of,
    phase_code,
)
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, descendants, find_all, first, local, parse_xml, text
from iprhub.model.classification import Classification
from iprhub.model.common import Party, Text, clean_text, normalize_name, parse_date, partial_date
from iprhub.model.patent import NplCitation, PatentCitation, PatentDocument, Priority, RelatedDocument

# party containers: (group tag, item tag, role); B731 proprietors are the patent's assignees (as in the
# USPTO ST.32 reader), B781 opponents are kept as "other"
_PARTY_TAGS = (("B710", "B711", "applicant"), ("B720", "B721", "inventor"), ("B730", "B731", "assignee"),
               ("B740", "B741", "agent"), ("B780", "B781", "other"))
_B561 = re.compile(r"^\s*([A-Z]{2})\s*-\s*([A-Z]\d?)?\s*-\s*(.+?)\s*$")


def _party(el: etree._Element, role: str, seq: int) -> Party | None:
    name = ", ".join(p for p in (text(first(el, "snm")), text(first(el, "fnm"))) if p)
    if not name:
        name = text(first(el, "onm"))
    if not name:
        return None
    country = text(first(el, "adr/ctry")) or None
    address = ", ".join(p for p in (text(first(el, "adr/str")), text(first(el, "adr/city"))) if p)
    return Party(role=role, name=name, normalized_name=normalize_name(name),
                 country=country.upper()[:2] if country else None, address=address or None, sequence=seq)


def _parties(sdobi: etree._Element) -> list[Party]:
    out: list[Party] = []
    for group, item, role in _PARTY_TAGS:
        for seq, el in enumerate(find_all(sdobi, f"B700/{group}/{item}"), start=1):
            p = _party(el, role, seq)
            if p:
                out.append(p)
    return out


def _priorities(sdobi: etree._Element) -> list[Priority]:
    """B300 is a flat run of B310 (number), B320 (date), B330 (country) triples."""
    out: list[Priority] = []
    current: dict[str, str] = {}

    def flush() -> None:
        if current.get("number"):
            out.append(Priority(country=(current.get("country") or "XX").upper()[:2], number=current["number"],
                                date=parse_date(current.get("date"), "B320")))
        current.clear()

    for el in find_all(sdobi, "B300/*"):
        tag = local(el)
        if tag == "B310":
            flush()
            current["number"] = text(el)
        elif tag == "B320":
            current["date"] = text(first(el, "date"))
        elif tag == "B330":
            current["country"] = text(first(el, "ctry"))
    flush()
    return out


def _titles(sdobi: etree._Element) -> list[Text]:
    """B540: B541 language followed by B542 title."""
    out: list[Text] = []
    lang = None
    for el in find_all(sdobi, "B500/B540/*"):
        if local(el) == "B541":
            lang = lang_of(text(el))
        elif local(el) == "B542" and text(el):
            out.append(Text(lang=lang, text=text(el)))
    return out


def _classifications(sdobi: etree._Element) -> list[Classification]:
    out: list[Classification] = []
    for el in descendants(first(sdobi, "B500"), "classification-ipcr"):
        c = ipcr_text("".join((first(el, "text") if first(el, "text") is not None else el).itertext()))
        if c:
            out.append(c)
    for el in descendants(first(sdobi, "B500"), "classification-cpc"):
        c = ipcr_text("".join((first(el, "text") if first(el, "text") is not None else el).itertext()), "CPC")
        if c:
            out.append(c)
    b510 = first(sdobi, "B500/B510")
    if b510 is not None:
        edition = text(first(b510, "B516")) or None
        for el in find_all(b510, "B511") + find_all(b510, "B512") + find_all(b510, "B513"):
            sym = ipc7(text(el))
            if sym:
                out.append(Classification(scheme="IPC", symbol=sym, first=local(el) == "B511", version=edition))
    seen: set[tuple[str, str]] = set()
    return [c for c in out if not ((c.scheme, c.symbol) in seen or seen.add((c.scheme, c.symbol)))]


def _b561(value: str) -> PatentCitation | None:
    """``US-A- 5 719 948`` / ``WO-A-01/92999`` / ``JP-A- H08 246 101`` -> a citation."""
    m = _B561.match(value)
    if not m:
        return None
    cc, kind, raw = m.group(1), m.group(2), m.group(3)
    number = raw.replace(" ", "") if cc == "WO" else re.sub(r"[\s,]", "", raw)
    dn = doc_number(cc, number, kind)
    return PatentCitation(number=dn.without_kind, country=cc, doc_number=dn.number, kind=dn.kind,
                          cited_by="examiner", office="EP")


def _front_page_citations(sdobi: etree._Element) -> tuple[list[PatentCitation], list[NplCitation]]:
    pats: list[PatentCitation] = []
    npls: list[NplCitation] = []
    for el in find_all(sdobi, "B500/B560/B561"):
        c = _b561(text(first(el, "text")) or text(el))
        if c:
            pats.append(c)
    for el in find_all(sdobi, "B500/B560/B562"):
        body = text(first(el, "text")) or text(el)
        if body:
            npls.append(NplCitation(text=body, cited_by="examiner"))
    return pats, npls


def _search_report(root: etree._Element) -> tuple[list[PatentCitation], list[NplCitation]]:
    """Structured search reports (``srep-for-pub/srep-citations/citation``), where published."""
    pats: list[PatentCitation] = []
    npls: list[NplCitation] = []
    for srep in descendants(root, "search-report-data"):
        office = srep.get("srep-office") or "EP"
        for cit in descendants(srep, "citation"):
            c = citation(cit, office)
            if c is None:
                continue
            if c.phase is None:
                c = c.model_copy(update={"phase": phase_code(cit.get("srep-phase")) or "SEA"})
            if c.cited_by == "unknown":
                c = c.model_copy(update={"cited_by": "examiner"})
            if not c.categories:
                c = c.model_copy(update={"categories": categories_of([text(x) for x in descendants(cit, "category")])})
            (pats if isinstance(c, PatentCitation) else npls).append(c)
    return pats, npls


def _reference_list(root: etree._Element) -> tuple[list[PatentCitation], list[NplCitation]]:
    """``ep-reference-list``: documents the applicant cites in the description."""
    pats: list[PatentCitation] = []
    npls: list[NplCitation] = []
    for refs in descendants(root, "ep-reference-list"):
        for pc in descendants(refs, "patcit"):
            d = st36.doc_id(pc)
            cc = (d["country"] or "").upper()
            if not d["number"] and pc.get("dnum"):
                m = re.fullmatch(r"([A-Z]{2})(.+?)([A-Z]\d?)?", pc.get("dnum", ""))
                if m:
                    cc, d["number"], d["kind"] = m.group(1), m.group(2), m.group(3)
            if not d["number"]:
                continue
            if not cc:
                pats.append(PatentCitation(number=clean_text(d["number"]), cited_by="applicant", phase="APP",
                                           office="EP"))
                continue
            dn = doc_number(cc, d["number"], d["kind"])
            pats.append(PatentCitation(number=dn.without_kind, country=cc, doc_number=dn.number, kind=dn.kind,
                                       date=partial_date(d["date"]), name=d["name"], cited_by="applicant",
                                       phase="APP", office="EP"))
        for nc in descendants(refs, "nplcit"):
            body = text(nc, sep=" ")
            if body:
                npls.append(NplCitation(text=body, cited_by="applicant", phase="APP"))
    return pats, npls


def _ep_app(anum: str) -> str | None:
    """``01976162.6`` -> ``EP01976162`` (check digit dropped)."""
    return app_number("EP", anum.split(".")[0]) if anum else None


def _related(sdobi: etree._Element) -> list[RelatedDocument]:
    out: list[RelatedDocument] = []
    for relation, path in (("parent-application", "B600/B620/parent/pdoc"),
                           ("divisional-application", "B600/B620EP/parent/cdoc")):
        for doc in find_all(sdobi, path):
            anum = text(first(doc, "dnum/anum"))
            number = _ep_app(anum)
            if number:
                out.append(RelatedDocument(relation=relation, number=number,
                                           date=parse_date(text(first(doc, "date")), f"{path}/date")))
    for relation, path, tag in (("pct-application", "B800/B860/B861", "anum"),
                                ("pct-publication", "B800/B870/B871", "pnum")):
        for el in find_all(sdobi, path):
            value = re.sub(r"[\s/]", "", text(first(el, f"dnum/{tag}")))
            if value:
                number = doc_number("WO", value[2:]).without_kind if tag == "pnum" and value[:2] == "WO" else value
                out.append(RelatedDocument(relation=relation, number=number,
                                           date=parse_date(text(first(el, "date")), f"{path}/date")))
    return out


class EpFulltextXml(Format):
    name = "ep-fulltext-xml"
    label = "EP publication server full-text XML (ep-patent-document v1.0-v1.5.1)"
    priority = 10
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root == "ep-patent-document"

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        if local(root) != "ep-patent-document":
            return []
        sdobi = first(root, "SDOBI")
        number = root.get("doc-number") or text(first(sdobi, "B100/B110"))
        kind = root.get("kind") or text(first(sdobi, "B100/B130"))
        country = root.get("country") or text(first(sdobi, "B100/B190")) or "EP"
        dn = doc_number(country, st36.require(number, "B110"), kind or None)
        lang = lang_of(root.get("lang") or text(first(sdobi, "B200/B260")))
        pats, npls = _front_page_citations(sdobi)
        for more in (_search_report(root), _reference_list(root)):
            pats += more[0]
            npls += more[1]
        claims = [cs.model_copy(update={"lang": lang_of(cs.lang), "claims": [
            c if c.depends_on else c.model_copy(update={"depends_on": claim_dependencies(c.text, c.num)})
            for c in cs.claims]}) for cs in st36.claims(root, lang)]
        doc = PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type=doc_type_for(dn.country, dn.kind),
            pub_date=parse_date(root.get("date-publ") or text(first(sdobi, "B100/B140/date")), "B140"),
            app_number=_ep_app(text(first(sdobi, "B200/B210"))),
            app_date=parse_date(text(first(sdobi, "B200/B220/date")), "B220"),
            lang=lang,
            priorities=_priorities(sdobi),
            parties=_parties(sdobi),
            titles=_titles(sdobi),
            abstracts=st36.texts(root, "abstract", lang),
            claims=claims,
            descriptions=st36.texts(root, "description", lang),
            classifications=_classifications(sdobi),
            citations=pats,
            npl_citations=npls,
            related=_related(sdobi),
            designated_states=list(dict.fromkeys(text(c) for c in find_all(sdobi, "B800/B840/ctry") if text(c))),
            provenance=[ctx.provenance(raw.position, raw.data, root.get("dtd-version"))],
        )
        return [doc]
