"""USPTO grant full text 2001-2004: ST.32 XML "PATDOC" (DTD v2.4 and v2.5), incl. weekly files.

The tags are SGML-derived WIPO ST.32 codes: ``B110`` number, ``B130`` kind, ``B140`` date,
``B210``/``B220`` application, ``B300`` priorities, ``B510`` IPC edition 7 (Locarno for
designs), ``B520`` US class, ``B540`` title, ``B561``/``B562`` cited patents / literature,
``B72x`` inventors, ``B73x`` assignees, ``B74x`` agents and examiners, ``SDOAB`` abstract,
``SDODE`` description, ``SDOCL`` claims (``CLM``, ``CLMSTEP``, ``CLREF``).

The helpers it shares with the pap-v1.x reader (inert prolog, ISO 8879 Greek entities, edition-7
IPC and USPC spellings) live in ``_uspto_text``.
"""

from __future__ import annotations

import re

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats import _st36 as st36
from iprhub.ingest.formats._uspto_text import (
    block_text,
    claim_references,
    fix_entities,
    inert_prolog,
    ipc7_symbol,
    strip_claim_number,
    us_app_number,
    us_doc_type,
    uspc_symbol,
)
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, descendants, find_all, first, local, parse_xml, text
from iprhub.model.classification import Classification
from iprhub.model.common import Party, Text, normalize_name, parse_date, partial_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import (
    Claim,
    ClaimSet,
    NplCitation,
    PatentCitation,
    PatentDocument,
    Priority,
    RelatedDocument,
)

_BLOCKS = frozenset({"PARA", "CLMSTEP", "H", "PTEXT", "NCIT"})
_RELATION = {  # B6xx as the ST32-US-Grant-025 DTD defines them
    "B610": "addition", "B620": "division", "B631": "continuation", "B632": "continuation-in-part",
    "B633": "continuing-reissue", "B640": "reissue", "B641US": "divisional-reissue", "B645": "reexamination",
    "B646US": "reexamination", "B660": "substitution", "B680US": "us-provisional-application",
    "B690US": "related-publication", "B861": "pct-application", "B871": "pct-publication",
}


def _pdat(el: etree._Element | None, path: str) -> str:
    return fix_entities(text(first(el, path)))


def _raw_pdat(el: etree._Element | None) -> str | None:
    """Untrimmed text of the ``PDAT`` below ``el``: fixed-width class fields need their blanks."""
    pdat = first(el, "PDAT") if el is not None and local(el) != "PDAT" else el
    return pdat.text if pdat is not None else None


def _party(party_el: etree._Element, role: str, seq: int) -> Party | None:
    nam = first(party_el, "NAM")
    org = _pdat(nam, "ONM")
    if org:
        name = org
    else:
        last, given = _pdat(nam, "SNM"), _pdat(nam, "FNM")
        suffix = _pdat(nam, "SFX")
        last = f"{last} {suffix}".strip() if suffix else last
        name = ", ".join(p for p in (last, given) if p)
    if not name:
        return None
    adr = first(party_el, "ADR")
    city, state, country = _pdat(adr, "CITY"), _pdat(adr, "STATE"), _pdat(adr, "CTRY")
    country = country or _pdat(party_el, "RCTRY") or _pdat(party_el, "NCTRY")
    if not country and state:
        country = "US"
    address = ", ".join(p for p in (city, state) if p)
    return Party(role=role, name=name, normalized_name=normalize_name(name),
                 country=country.upper()[:2] or None, address=address or None, sequence=seq)


def _parties(bi: etree._Element) -> list[Party]:
    out: list[Party] = []
    for tag, role in (("B721", "inventor"), ("B731", "assignee"), ("B741", "agent"),
                      ("B746", "examiner"), ("B747", "examiner")):
        for holder in descendants(bi, tag):
            for party_el in holder:
                if isinstance(party_el.tag, str) and local(party_el).startswith("PARTY"):
                    p = _party(party_el, role, len([q for q in out if q.role == role]) + 1)
                    if p:
                        out.append(p)
    return out


def _cited_by(marker: etree._Element | None) -> str:
    name = local(marker) if marker is not None else ""
    if name == "CITED-BY-EXAMINER":
        return "examiner"
    if name == "CITED-BY-OTHER":
        return "other"
    return "unknown"


def _marker(holder: etree._Element) -> etree._Element | None:
    """The empty ``CITED-BY-EXAMINER`` / ``CITED-BY-OTHER`` element beside a citation."""
    for child in holder:
        if isinstance(child.tag, str) and local(child).startswith("CITED-BY"):
            return child
    return None


def _citations(bi: etree._Element) -> tuple[list[PatentCitation], list[NplCitation]]:
    pats: list[PatentCitation] = []
    npls: list[NplCitation] = []
    for b561 in descendants(bi, "B561"):
        pcit = first(b561, "PCIT")
        doc = first(pcit, "DOC")
        number = _pdat(doc, "DNUM")
        if not number:
            continue
        cc = (_pdat(doc, "CTRY") or "US").upper()[:2]
        kind = _pdat(doc, "KIND") or None
        dn = normalize_doc_number(cc, number, kind)
        name = _pdat(first(pcit, "PARTY-US"), "NAM") or None
        pats.append(PatentCitation(
            number=dn.without_kind, country=cc, doc_number=dn.number, kind=dn.kind,
            date=partial_date(_pdat(doc, "DATE")), name=name,
            cited_by=_cited_by(_marker(b561)),
            office="US"))
    for b562 in descendants(bi, "B562"):
        body = block_text(first(b562, "NCIT"), _BLOCKS)
        if body:
            npls.append(NplCitation(text=body, cited_by=_cited_by(_marker(b562))))
    return pats, npls


def _priorities(bi: etree._Element) -> list[Priority]:
    out: list[Priority] = []
    for b300 in descendants(bi, "B300"):
        numbers = find_all(b300, "B310")
        dates = find_all(b300, "B320")
        countries = find_all(b300, "B330")
        for i, num_el in enumerate(numbers):
            number = _pdat(num_el, "DNUM") or _pdat(num_el, "PDAT")
            if not number:
                continue
            date = _pdat(dates[i], "DATE") if i < len(dates) else None
            cc = _pdat(countries[i], "CTRY") if i < len(countries) else ""
            out.append(Priority(country=(cc or "XX").upper()[:2], number=number,
                                date=parse_date(date, "B320"), kind="national"))
    return out


def _classifications(bi: etree._Element, design: bool) -> list[Classification]:
    out: list[Classification] = []
    b510 = first(first(bi, "B500"), "B510")
    edition = _pdat(b510, "B516") or None
    for i, el in enumerate(find_all(b510, "B511") + find_all(b510, "B512")):
        raw = _raw_pdat(el)
        value = (raw or "").strip()
        if design and re.fullmatch(r"\d{4}", value):
            out.append(Classification(scheme="LOCARNO", symbol=value, first=i == 0, version=edition))
            continue
        sym = ipc7_symbol(raw)
        if sym:
            out.append(Classification(scheme="IPC", symbol=sym, first=i == 0, version=edition))
    b520 = first(first(bi, "B500"), "B520")
    for i, el in enumerate(find_all(b520, "B521") + find_all(b520, "B522")):
        sym = uspc_symbol(_raw_pdat(el))
        if sym and not any(c.scheme == "USPC" and c.symbol == sym for c in out):
            out.append(Classification(scheme="USPC", symbol=sym, first=i == 0))
    return out


def _related(bi: etree._Element) -> list[RelatedDocument]:
    out: list[RelatedDocument] = []
    for tag, relation in _RELATION.items():
        for el in descendants(bi, tag):
            parent = first(el, "PARENT-US")
            doc = first(parent, "PDOC/DOC") if parent is not None else first(el, "DOC")
            number = _pdat(doc, "DNUM")
            if not number:
                continue
            cc = (_pdat(doc, "CTRY") or "US").upper()[:2]
            kind = _pdat(doc, "KIND")
            if relation == "related-publication":
                ref = normalize_doc_number(cc, number, kind or None).canonical
            elif number.upper().startswith("PCT") or cc == "WO":
                ref = number
            else:
                ref = f"{cc}{re.sub(r'[^0-9A-Za-z]', '', number)}"
            out.append(RelatedDocument(relation=relation, number=ref, date=parse_date(_pdat(doc, "DATE"), tag)))
    return out


def _claims(root: etree._Element) -> list[ClaimSet]:
    clms = descendants(first(root, "SDOCL"), "CLM")
    ids: dict[str, int] = {}
    numbered: list[tuple[int, etree._Element]] = []
    for i, clm in enumerate(clms, start=1):
        m = re.search(r"\d+", clm.get("ID") or "")
        num = int(m.group()) if m else i
        ids[clm.get("ID") or f"#{i}"] = num
        numbered.append((num, clm))
    out: list[Claim] = []
    for num, clm in numbered:
        deps: list[int] = []
        for ref in descendants(clm, "CLREF"):
            target = ids.get(ref.get("ID") or "")
            if target is None:
                found = claim_references(text(ref), num)
                target = found[0] if found else None
            if target is not None and target != num and target not in deps:
                deps.append(target)
        body = strip_claim_number(block_text(clm, _BLOCKS), num)
        if body:
            out.append(Claim(num=num, text=body, depends_on=deps))
    return [ClaimSet(lang="en", claims=out)] if out else []


class UsptoPatdoc(Format):
    name = "uspto-patdoc"
    label = "USPTO grant full text ST.32 XML v2.4/v2.5 (PATDOC, 2001-2004)"
    priority = 20
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root == "PATDOC"

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(inert_prolog(raw.data), file=ctx.source, position=raw.position)
        if local(root) == "sequence-cwu":
            return []  # a sequence listing travelling with its patent is not a document
        if local(root) != "PATDOC":
            raise ParseError(f"unexpected root element <{local(root)}> in a PATDOC file", field="root")
        bi = first(root, "SDOBI")
        b100 = first(bi, "B100")
        number = st36.require(_pdat(b100, "B110/DNUM"), "B110")
        kind = _pdat(b100, "B130") or None
        dn = normalize_doc_number(_pdat(b100, "B190") or "US", number, kind)
        b200 = first(bi, "B200")
        series = _pdat(b200, "B211US") or None
        doc_type = us_doc_type(dn.kind, "design" if series == "29" else None, grant=True)
        pats, npls = _citations(bi)
        title = _pdat(first(bi, "B500"), "B540")
        abstract = block_text(first(root, "SDOAB"), _BLOCKS)
        description = block_text(first(root, "SDODE"), _BLOCKS)
        doc = PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type=doc_type,
            pub_date=parse_date(_pdat(b100, "B140/DATE"), "B140"),
            app_number=us_app_number(_pdat(b200, "B210/DNUM") or None, series),
            app_date=parse_date(_pdat(b200, "B220/DATE"), "B220"),
            lang="en",
            priorities=_priorities(bi),
            parties=_parties(bi),
            titles=[Text(lang="en", text=title)] if title else [],
            abstracts=[Text(lang="en", text=abstract)] if abstract else [],
            claims=_claims(root),
            descriptions=[Text(lang="en", text=description)] if description else [],
            classifications=_classifications(bi, doc_type == "design"),
            citations=pats,
            npl_citations=npls,
            related=_related(bi),
            provenance=[ctx.provenance(raw.position, raw.data, root.get("DTD"))],
        )
        return [doc]
