"""USPTO application publications 2001-2004: ``patent-application-publication`` XML, pap v1.5/v1.6.

Includes the variant some samples carry with an XHTML DOCTYPE and no XML declaration. The
numbered claims reference their parents with ``dependent-claim-reference depends_on="CLM-…"``.
"""

from __future__ import annotations

import re

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats import _st36 as st36
from iprhub.ingest.formats._uspto_text import (
    block_text,
    claim_references,
    correspondence_parties,
    fix_entities,
    inert_prolog,
    strip_claim_number,
    us_app_number,
)
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, descendants, find_all, first, local, parse_xml, text
from iprhub.model.classification import Classification, normalize_ipc
from iprhub.model.common import Party, Text, normalize_name, parse_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import Claim, ClaimSet, PatentDocument, Priority, RelatedDocument

_BLOCKS = frozenset({"paragraph", "heading", "claim-text", "claim", "section"})
_RELATION = {
    "division-of": "division", "continuation-of": "continuation",
    "continuation-in-part-of": "continuation-in-part", "non-provisional-of-provisional": "us-provisional-application",
    "a-371-of-international": "pct-application", "reissue-of": "reissue",
    "continuing-reissue-of": "continuing-reissue", "substitution-for": "substitution",
    "corrected-republication-of": "corrected-republication",
}


def _t(el: etree._Element | None, path: str | None = None) -> str:
    return fix_entities(text(first(el, path) if path else el))


def _person(name_el: etree._Element | None) -> str:
    org = _t(name_el, "organization-name")
    if org:
        return org
    family = " ".join(p for p in (_t(name_el, "family-name"), _t(name_el, "name-suffix")) if p)
    given = " ".join(p for p in (_t(name_el, "given-name"), _t(name_el, "middle-name")) if p)
    return ", ".join(p for p in (family, given) if p)


def _residence(el: etree._Element) -> tuple[str | None, str | None]:
    res = first(el, "residence")
    place = first(res, "residence-us")
    if place is None:
        place = first(res, "residence-non-us")
    if place is None:
        place = first(el, "address")
    city, state = _t(place, "city"), _t(place, "state")
    country = _t(place, "country-code") or _t(place, "country/country-code")
    if not country and place is not None and local(place) == "residence-us":
        country = "US"
    address = ", ".join(p for p in (city, state) if p)
    return (country.upper()[:2] or None), (address or None)


def _parties(bi: etree._Element) -> list[Party]:
    out: list[Party] = []
    inventors = first(bi, "inventors")
    for i, el in enumerate(find_all(inventors, "first-named-inventor") + find_all(inventors, "inventor"), 1):
        name = _person(first(el, "name"))
        if name:
            country, address = _residence(el)
            out.append(Party(role="inventor", name=name, normalized_name=normalize_name(name),
                             country=country, address=address, sequence=i))
    for i, el in enumerate(find_all(bi, "assignee"), 1):
        name = _t(el, "organization-name") or _person(first(el, "name"))
        if name:
            country, address = _residence(el)
            out.append(Party(role="assignee", name=name, normalized_name=normalize_name(name),
                             country=country, address=address, sequence=i))
    named = []
    for i, el in enumerate(find_all(bi, "correspondence-address"), 1):
        name = _t(el, "name-1")
        extra = _t(el, "name-2")
        if extra and not extra.lower().startswith(("attn", "attention", "c/o")):
            name = f"{name} {extra}".strip()  # some files split a person's name over name-1/name-2
        if name:
            country, address = _residence(el)
            named.append(Party(role="correspondent", name=name, normalized_name=normalize_name(name),
                               country=country, address=address, sequence=i))
    return out + correspondence_parties(named, out)


def _uspc(el: etree._Element) -> str | None:
    cls, sub = _t(el, "class"), _t(el, "subclass")
    if not cls or not sub:
        return None
    if re.fullmatch(r"\d{6}", sub):
        main, dec = str(int(sub[:3])), sub[3:].rstrip("0")
        sub = f"{main}.{dec}" if dec else main
    cls = cls.lstrip("0") or cls
    return f"{cls}/{sub}"


def _classifications(bi: etree._Element) -> list[Classification]:
    out: list[Classification] = []
    tech = first(bi, "technical-information")
    ipc = first(tech, "classification-ipc")
    edition = _t(ipc, "classification-ipc-edition").lstrip("0") or None
    for i, el in enumerate(descendants(first(ipc, "classification-ipc-primary"), "ipc")
                           + descendants(first(ipc, "classification-ipc-secondary"), "ipc")):
        sym = normalize_ipc(_t(el))
        if sym:
            out.append(Classification(scheme="IPC", symbol=sym, first=i == 0, version=edition))
    us = first(tech, "classification-us")
    for i, el in enumerate(descendants(first(us, "classification-us-primary"), "uspc")
                           + descendants(first(us, "classification-us-secondary"), "uspc")):
        sym = _uspc(el)
        if sym:
            out.append(Classification(scheme="USPC", symbol=sym, first=i == 0))
    return out


def _priorities(bi: etree._Element) -> list[Priority]:
    out: list[Priority] = []
    for el in find_all(bi, "foreign-priority-data"):
        number = _t(el, "priority-application-number/doc-number")
        if number:
            out.append(Priority(country=(_t(el, "country-code") or "XX").upper()[:2], number=number,
                                date=parse_date(_t(el, "filing-date"), "foreign-priority-data/filing-date"),
                                kind="national"))
    return out


def _related(bi: etree._Element) -> list[RelatedDocument]:
    out: list[RelatedDocument] = []
    for container in find_all(bi, "continuity-data"):
        for el in container.iter():
            relation = _RELATION.get(local(el))
            if relation is None:
                continue
            parents = [first(pc, "parent/document-id") for pc in find_all(el, "parent-child")] \
                or find_all(el, "document-id")
            for doc in parents:
                number = _t(doc, "doc-number")
                if not number:
                    continue
                cc = (_t(doc, "country-code") or "US").upper()
                ref = number if number.upper().startswith("PCT") else f"{cc}{re.sub(r'[^0-9A-Za-z]', '', number)}"
                out.append(RelatedDocument(relation=relation, number=ref,
                                           date=parse_date(_t(doc, "document-date"), f"{local(el)}/document-date")))
    return out


def _claims(root: etree._Element) -> list[ClaimSet]:
    claim_els = descendants(first(root, "subdoc-claims"), "claim")
    ids: dict[str, int] = {}
    numbered: list[tuple[int, etree._Element]] = []
    for i, el in enumerate(claim_els, start=1):
        m = re.search(r"\d+", el.get("id") or "")
        num = int(m.group()) if m else i
        ids[el.get("id") or f"#{i}"] = num
        numbered.append((num, el))
    out: list[Claim] = []
    for num, el in numbered:
        deps: list[int] = []
        for ref in descendants(el, "dependent-claim-reference"):
            target = ids.get((ref.get("depends_on") or "").strip())
            if target is None:
                found = claim_references(text(ref), num + 1)
                target = found[0] if found else None
            if target is not None and target != num and target not in deps:
                deps.append(target)
        body = strip_claim_number(block_text(el, _BLOCKS), num)
        if not deps and not descendants(el, "dependent-claim-reference"):
            deps = claim_references(body, num)  # the XHTML variant leaves references unmarked
        if body:
            out.append(Claim(num=num, text=body, depends_on=deps))
    return [ClaimSet(lang="en", claims=out)] if out else []


class UsptoPap(Format):
    name = "uspto-pap"
    label = "USPTO application publication XML pap v1.5/v1.6 (2001-2004)"
    priority = 20
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root == "patent-application-publication"

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(inert_prolog(raw.data), file=ctx.source, position=raw.position)
        if local(root) == "sequence-cwu":
            return []  # a sequence listing travelling with its application is not a document
        if local(root) != "patent-application-publication":
            raise ParseError(f"unexpected root element <{local(root)}> in a pap file", field="root")
        bi = first(root, "subdoc-bibliographic-information")
        pub = first(bi, "document-id")
        number = st36.require(_t(pub, "doc-number"), "document-id/doc-number")
        dn = normalize_doc_number(_t(pub, "country-code") or "US", number, _t(pub, "kind-code") or None)
        filing = first(bi, "domestic-filing-data")
        title = _t(bi, "technical-information/title-of-invention")
        abstract = block_text(first(root, "subdoc-abstract"), _BLOCKS)
        description = block_text(first(root, "subdoc-description"), _BLOCKS)
        m = re.search(rb"pap-v(\d)(\d)", raw.data[:4096])
        version = f"v{m.group(1).decode()}.{m.group(2).decode()}" if m else None
        doc = PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type="application",
            pub_date=parse_date(_t(pub, "document-date"), "document-id/document-date"),
            app_number=us_app_number(_t(filing, "application-number/doc-number") or None,
                                     _t(filing, "application-number-series-code") or None),
            app_date=parse_date(_t(filing, "filing-date"), "domestic-filing-data/filing-date"),
            lang="en",
            priorities=_priorities(bi),
            parties=_parties(bi),
            titles=[Text(lang="en", text=title)] if title else [],
            abstracts=[Text(lang="en", text=abstract)] if abstract else [],
            claims=_claims(root),
            descriptions=[Text(lang="en", text=description)] if description else [],
            classifications=_classifications(bi),
            related=_related(bi),
            provenance=[ctx.provenance(raw.position, raw.data, version)],
        )
        return [doc]
