"""WIPO ST.96 documents: ``PatentPublication``, ``DesignApplication``, ``TrademarkApplication``,
and ``GIApplication`` (geographical indications, recognised and quarantined: no record type)."""

from __future__ import annotations

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats import _cjk as cjk
from iprhub.ingest.formats import _tm_common as tmc
from iprhub.ingest.formats._st36 import require
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.ingest.xml_stream import RawDoc, descendants, find_all, first, local, parse_xml, text
from iprhub.model.classification import Classification, ipc_from_parts
from iprhub.model.common import Party, Text, parse_date, partial_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import (
    Claim,
    ClaimSet,
    DocType,
    LegalEvent,
    NplCitation,
    PatentCitation,
    PatentDocument,
    Priority,
    RelatedDocument,
)

ST96_NS = "http://www.wipo.int/standards/XMLSchema/ST96/"
_ROOTS = ("PatentPublication", "DesignApplication", "TrademarkApplication", "GIApplication")
_CITED_BY = {"applicant": "applicant", "examiner": "examiner", "third party": "third-party", "other": "other"}


def _attr(el: etree._Element | None, name: str) -> str | None:
    if el is None:
        return None
    for key, value in el.attrib.items():
        if key == name or key.endswith("}" + name):
            return value
    return None


def _doc_type(kind: str | None, subject: str) -> DocType:
    subject = subject.lower()
    if subject in ("design", "plant", "reissue"):
        return subject  # type: ignore[return-value]
    letter = (kind or "")[:1]
    return {"A": "application", "B": "grant", "C": "grant", "S": "design", "P": "plant", "E": "reissue",
            "U": "utility-model", "Y": "utility-model"}.get(letter, "other")  # type: ignore[return-value]


def _cited_number(office: str, number: str, kind: str | None, date: str | None) -> tuple[str, str]:
    """(kind-less canonical number, office number part) of a cited document."""
    value = number
    if office == "JP":
        year = date[:4] if date and date[:4].isdigit() else None
        value = cjk.jp_number(number, int(year) if year else None)
    dn = normalize_doc_number(office, value, kind)
    return dn.without_kind, dn.number


def citations(bag: etree._Element | None, office: str) -> tuple[list[PatentCitation], list[NplCitation]]:
    pats: list[PatentCitation] = []
    npls: list[NplCitation] = []
    for ref in find_all(bag, "ReferenceCitation"):
        cited_by = _CITED_BY.get((_attr(ref, "citingPartyCategory") or "").lower(), "unknown")
        for cit in descendants(ref, "CitedPatentDocumentIdentification"):
            pats.append(_patent_citation(cit, office, cited_by))
        for npl in descendants(ref, "NPLCitationText"):
            if text(npl):
                npls.append(NplCitation(text=text(npl), cited_by=cited_by))  # type: ignore[arg-type]
    return pats, npls


def _patent_citation(cit: etree._Element, office: str, cited_by: str) -> PatentCitation:
    cc = text(first(cit, "IPOfficeCode")).upper()
    kind = text(first(cit, "PatentDocumentKindCode")) or None
    date = text(first(cit, "PatentDocumentDate")) or None
    number, doc_number = _cited_number(cc, text(first(cit, "DocumentNumber")), kind, date)
    return PatentCitation(number=number, country=cc or None, doc_number=doc_number, kind=kind,
                          date=partial_date(date), name=text(first(cit, "EntityName")) or None,
                          cited_by=cited_by, office=office)  # type: ignore[arg-type]


def _party(role: str, el: etree._Element, seq: int) -> Party | None:
    contact = first(el, "PublicationContact")
    if contact is None:
        contact = first(el, "Contact")
    if contact is None:
        contact = el
    name = tmc.st96_contact_name(contact)
    if not name:
        return None
    address, country = tmc.st96_address(contact)
    value = _attr(el, "sequenceNumber") or ""
    return tmc.party(role, name, country, address, int(value) if value.isdigit() else seq)


def parties(scope: etree._Element, paths: tuple[tuple[str, str], ...]) -> list[Party]:
    out: list[Party] = []
    for path, role in paths:
        for el in find_all(scope, path):
            p = _party(role, el, len(out) + 1)
            if p:
                out.append(p)
    return out


def _classes(bag: etree._Element | None) -> list[Classification]:
    out: list[Classification | None] = []
    for el in find_all(bag, "IPCRClassificationBag/IPCRClassification"):
        sym = ipc_from_parts(text(first(el, "Section")), text(first(el, "Class")), text(first(el, "Subclass")),
                             text(first(el, "MainGroup")), text(first(el, "Subgroup")))
        if sym:
            out.append(Classification(scheme="IPC", symbol=sym, first=text(first(el, "SymbolPositionCode")) == "F",
                                      version=cjk.ipc_version(text(first(el, "ClassificationVersionDate"))),
                                      value=text(first(el, "IPCClassificationValueCode")) or None))
    for el in descendants(first(bag, "CPCClassificationBag"), "CPCClassification"):
        sym = ipc_from_parts(text(first(el, "CPCSection")), text(first(el, "Class")), text(first(el, "Subclass")),
                             text(first(el, "MainGroup")), text(first(el, "Subgroup")))
        if sym:
            out.append(Classification(scheme="CPC", symbol=sym, first=text(first(el, "SymbolPositionCode")) == "F",
                                      version=cjk.ipc_version(text(first(el, "ClassificationVersionDate"))),
                                      value=text(first(el, "CPCClassificationValueCode")) or None))
    return cjk.unique_classes(out)


def _app_id(el: etree._Element | None, cc_default: str) -> tuple[str | None, str | None]:
    cc = text(first(el, "IPOfficeCode")) or cc_default
    number = text(first(el, "ApplicationNumber/ApplicationNumberText"))
    if not number:
        return None, None
    return (number if number.upper().startswith("PCT/") else cjk.app_number(cc, number)), text(first(el, "FilingDate"))


def patent_publication(root: etree._Element, raw: RawDoc, ctx: ReadContext) -> PatentDocument:
    biblio = first(root, "BibliographicData")
    pub = first(biblio, "PatentPublicationIdentification")
    office = (text(first(pub, "IPOfficeCode")) or text(first(root, "IPOfficeCode"))).upper()
    number = require(text(first(pub, "PublicationNumber")), "PatentPublicationIdentification/PublicationNumber")
    dn = normalize_doc_number(office, number, text(first(pub, "PatentDocumentKindCode")) or None)
    lang = (_attr(root, "languageCode") or "en").lower()
    app = first(biblio, "ApplicationIdentification")
    app_number, app_date = _app_id(app, office)
    prios = []
    for el in find_all(biblio, "PriorityClaimBag/PriorityClaim"):
        num = text(first(el, "ApplicationNumber/ApplicationNumberText"))
        if num:
            prios.append(Priority(country=text(first(el, "IPOfficeCode")).upper() or "XX", number=num,
                                  date=parse_date(text(first(el, "FilingDate")), "PriorityClaim/FilingDate"),
                                  kind=text(first(el, "ApplicationFilingCategory")).lower() or None))
    titles = [Text(lang=(_attr(t, "languageCode") or lang).lower(), text=text(t))
              for t in find_all(biblio, "InventionTitleBag/InventionTitle") if text(t)]
    pats, npls = citations(first(biblio, "ReferenceCitationBag"), office)
    party_bag = first(biblio, "PartyBag")
    people = parties(party_bag, (
        ("ApplicantBag/Applicant", "applicant"), ("InventorBag/Inventor", "inventor"),
        ("RegisteredPractitionerBag/RegisteredPractitioner", "agent"), ("AssigneeBag/Assignee", "assignee"),
        ("ExaminerBag/PrimaryExaminer", "examiner"), ("ExaminerBag/AssistantExaminer", "examiner")))
    abstract = cjk.paragraph_text(first(root, "Abstract"), ("P",))
    description = cjk.paragraph_text(first(root, "Description"), ("P", "Heading"))
    return PatentDocument(
        pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
        doc_type=_doc_type(dn.kind, text(first(app, "InventionSubjectMatterCategory"))),
        pub_date=parse_date(text(first(pub, "PublicationDate")), "PatentPublicationIdentification/PublicationDate"),
        app_number=app_number, app_date=parse_date(app_date, "ApplicationIdentification/FilingDate"),
        lang=lang, priorities=prios, parties=people, titles=titles,
        abstracts=[Text(lang=lang, text=abstract)] if abstract else [],
        claims=_claims(first(root, "Claims"), lang),
        descriptions=[Text(lang=lang, text=description)] if description else [],
        classifications=_classes(first(biblio, "PatentClassificationBag")),
        citations=pats, npl_citations=npls,
        related=_related(first(biblio, "RelatedDocumentBag"), office),
        provenance=[ctx.provenance(raw.position, raw.data, _attr(root, "st96Version"))],
    )


def _claims(block: etree._Element | None, lang: str) -> list[ClaimSet]:
    raw = []
    for i, el in enumerate(find_all(block, "Claim"), start=1):
        body = " ".join(cjk.cjk_text(t) for t in find_all(el, "ClaimText"))
        refs = [r for ref in descendants(el, "ClaimReference") for r in (_attr(ref, "idrefs") or "").split()]
        raw.append(cjk.RawClaim(num=cjk.claim_number(text(first(el, "ClaimNumber")), i), text=body,
                                el_id=_attr(el, "id"), ref_ids=refs))
    return cjk.build_claims(raw, lang)


def _related(bag: etree._Element | None, office: str) -> list[RelatedDocument]:
    out: list[RelatedDocument] = []
    if bag is None:
        return out
    for rel in bag:
        if not isinstance(rel.tag, str):
            continue
        name = local(rel)
        if name == "RelatedPublication":
            pub = first(rel, "PatentDocumentIdentification/PatentPublicationIdentification")
            num = text(first(pub, "PublicationNumber"))
            if num:
                dn = normalize_doc_number(text(first(pub, "IPOfficeCode")) or office, num)
                out.append(RelatedDocument(relation="related-publication", number=dn.without_kind,
                                           date=parse_date(text(first(pub, "PublicationDate")), "RelatedPublication")))
            continue
        relation = name.lower()
        for parent in find_all(rel, "ParentDocument"):
            number, date = _app_id(first(parent, "PatentDocumentIdentification/ApplicationIdentification"), office)
            if number:
                out.append(RelatedDocument(relation=f"{relation}-parent", number=number,
                                           date=parse_date(date, f"{name}/ParentDocument")))
            number, date = _app_id(first(parent, "PCTDocumentParent/ApplicationIdentification"), "WO")
            if number:
                out.append(RelatedDocument(relation="pct-application", number=number,
                                           date=parse_date(date, f"{name}/PCTDocumentParent")))
    return out


def designs(root: etree._Element, raw: RawDoc, ctx: ReadContext) -> list[PatentDocument]:
    """One record per ``Design`` of a (possibly multiple-design) application."""
    office = (text(first(root, "RegistrationOfficeCode")) or text(first(root, "ApplicationNumber/IPOfficeCode"))
              or "").upper()
    app_number = cjk.app_number(office, text(first(root, "ApplicationNumber/ApplicationNumberText")))
    lang = (text(first(root, "DesignApplicationLanguageCode")) or "en").lower()
    events = [LegalEvent(date=parse_date(text(first(ev, "DesignApplicationEventDate")), "DesignApplicationEventDate"),
                         code=None if text(first(ev, "DesignApplicationEventCategory")) in ("", "Undefined")
                         else text(first(ev, "DesignApplicationEventCategory")),
                         description=text(first(ev, "CommentText")), office=office, source="ST.96")
              for ev in find_all(root, "DesignApplicationEventBag/DesignApplicationEvent") if text(first(ev, "CommentText"))]
    out = []
    designs_ = find_all(root, "DesignBag/Design")
    for i, design in enumerate(designs_, start=1):
        pub = first(design, "PublicationBag/Publication")
        ident = text(first(pub, "PublicationIdentifier")) or text(first(design, "DesignIdentifier"))
        dn = normalize_doc_number(office, require(ident, "Design/DesignIdentifier"))
        loc = first(design, "DesignClassificationBag/LocarnoClassificationBag")
        classes = [Classification(scheme="LOCARNO", symbol=text(first(loc, "LocarnoClassificationText")), first=True,
                                  version=text(first(loc, "LocarnoClassificationEdition")) or None)] \
            if text(first(loc, "LocarnoClassificationText")) else []
        claims = [Claim(num=n, text=text(t)) for n, t in enumerate(descendants(design, "DesignClaimText"), start=1)
                  if text(t)]
        description = "\n".join(text(t) for t in find_all(design, "DesignDescriptionText") if text(t))
        titles = [Text(lang=(_attr(t, "languageCode") or lang).lower(), text=text(t))
                  for t in find_all(design, "DesignTitleText") if text(t)]
        prios = [Priority(country=text(first(p, "PriorityCountryCode")).upper() or "XX",
                          number=text(first(p, "ApplicationNumber/ApplicationNumberText")),
                          date=parse_date(text(first(p, "PriorityApplicationFilingDate")), "Priority/FilingDate"))
                 for p in find_all(design, "PriorityBag/Priority") if text(first(p, "ApplicationNumber"))]
        people = parties(design, (("ApplicantBag/Applicant", "applicant"), ("DesignerBag/Designer", "inventor"),
                                  ("RepresentativeBag/Representative", "agent")))
        if not any(p.role == "applicant" for p in people):
            people = parties(root, (("ApplicantBag/Applicant", "applicant"),)) + people
        for staff in find_all(design, "StaffBag/Staff"):
            name = text(first(staff, "StaffName"))
            if name:
                people.append(tmc.party("examiner", name, None, None, len(people) + 1))
        related = []
        if text(first(design, "RegistrationNumber")):
            related.append(RelatedDocument(relation="registration",
                                           number=f"{office}{text(first(design, 'RegistrationNumber'))}",
                                           date=parse_date(text(first(design, "RegistrationDate")), "RegistrationDate")))
        position = raw.position if len(designs_) == 1 else f"{raw.position}, design {i}"
        out.append(PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind, doc_type="design",
            pub_date=parse_date(text(first(pub, "PublicationDate")), "Publication/PublicationDate"),
            app_number=app_number, app_date=parse_date(text(first(root, "ApplicationDate")), "ApplicationDate"),
            lang=lang, priorities=prios, parties=people, titles=titles,
            claims=[ClaimSet(lang=lang, claims=claims)] if claims else [],
            descriptions=[Text(lang=lang, text=description)] if description else [],
            classifications=classes,
            citations=[_patent_citation(c, office, "unknown")
                       for c in find_all(design, "PatentIdentificationBag/CitedPatentDocumentIdentification")],
            related=related, legal_events=events,
            provenance=[ctx.provenance(position, raw.data, _attr(root, "st96Version"))],
        ))
    return out


def gi_rejection(root: etree._Element, raw: RawDoc) -> Rejected:
    data = first(root, "GIData")
    name = text(first(data, "GINameBag/GINameText"))
    number = text(first(data, "ApplicationNumber/ApplicationNumberText"))
    office = _attr(data, "officeCode") or "?"
    return Rejected(raw.position, f"geographical indication applications are not stored (no record type in the "
                                  f"model): {office} {number or '?'} {name!r}", "normalize", number or None)


class WipoSt96(Format):
    name = "wipo-st96-xml"
    label = "WIPO ST.96 XML (PatentPublication, DesignApplication, TrademarkApplication, GIApplication)"
    priority = 30
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root in _ROOTS and (head.namespace or "").startswith(ST96_NS)


    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        kind = local(root)
        if kind == "PatentPublication":
            return [patent_publication(root, raw, ctx)]
        if kind == "DesignApplication":
            return list(designs(root, raw, ctx))
        if kind == "TrademarkApplication":
            marks = find_all(root, "TrademarkBag/Trademark")
            return [tmc.st96_trademark(tm, [ctx.provenance(raw.position if len(marks) == 1 else
                                                          f"{raw.position}, trademark {i}", raw.data,
                                                          _attr(root, "st96Version"))])
                    for i, tm in enumerate(marks, start=1)]
        if kind == "GIApplication":
            return [gi_rejection(root, raw)]
        raise ParseError(f"unexpected root element <{kind}> in a WIPO ST.96 file", stage="parse")
