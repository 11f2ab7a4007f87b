"""USPTO full-text XML v4.0 – v4.7: grants (``us-patent-grant``) and application
publications (``us-patent-application``), including concatenated weekly files."""

from __future__ import annotations

from lxml import etree

from iprhub.ingest.formats import _st36 as st36
from iprhub.ingest.formats._uspto_text import correspondence_parties, us_app_number, us_doc_type, uspc_symbol
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, collect, descendants, first, local, parse_xml, text
from iprhub.model.classification import Classification
from iprhub.model.common import parse_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import PatentDocument, RelatedDocument


class UsptoXml(Format):
    name = "uspto-xml"
    label = "USPTO full-text XML v4.x (grants and applications)"
    priority = 10
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root in ("us-patent-grant", "us-patent-application")

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        name = local(root)
        if name == "sequence-cwu":
            return []  # sequence listings travel inside weekly files; they are not documents
        grant = name == "us-patent-grant"
        if name not in ("us-patent-grant", "us-patent-application"):
            from iprhub.errors import ParseError

            raise ParseError(f"unexpected root element <{name}> in a USPTO v4 file", stage="parse")
        version = root.get("dtd-version")
        # the DTD puts these directly under the root: taking them from there spares walks over
        # the whole tree (descriptions are most of it)
        parts: dict[str, list] = {"abstract": [], "claims": [], "description": []}
        for child in root:
            part = parts.get(local(child))
            if part is not None:
                part.append(child)
        biblio = first(root, "us-bibliographic-data-grant" if grant else "us-bibliographic-data-application")
        found = collect(biblio, _BIBLIO_GROUPS)  # one walk of the bibliography for every look-up below
        pub = st36.doc_id(first(biblio, "publication-reference"))
        number = st36.require(pub["number"], "publication-reference/doc-number")
        dn = normalize_doc_number(pub["country"] or "US", number, pub["kind"])
        app_ref = first(biblio, "application-reference")
        app = st36.doc_id(app_ref)
        series = text(first(biblio, "us-application-series-code")) or None
        lang = (root.get("lang") or "en").lower()
        pats, npls = st36.citations(biblio, office="US", elements=found["citation"])
        related = []
        for rel in found["us-related-documents"]:
            for child in rel:
                if not isinstance(child.tag, str):
                    continue
                kind = local(child)
                for d in descendants(child, "document-id"):
                    info = st36.doc_id(d)
                    if info["number"]:
                        related.append(RelatedDocument(relation=kind, number=f"{info['country'] or 'US'}{info['number']}",
                                                       date=parse_date(info["date"], f"{kind}/date")))
        doc = PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type=us_doc_type(dn.kind, app_ref.get("appl-type") if app_ref is not None else None, grant),
            pub_date=parse_date(pub["date"], "publication-reference/date"),
            app_number=us_app_number(app["number"], series),
            app_date=parse_date(app["date"], "application-reference/date"),
            lang=lang,
            priorities=st36.priorities(biblio, found["priority-claim"]),
            parties=st36.parties(biblio),
            titles=st36.texts(biblio, "invention-title", lang, found["invention-title"]),
            abstracts=st36.texts(root, "abstract", lang, parts["abstract"]),
            claims=st36.claims(root, lang, parts["claims"]),
            descriptions=st36.texts(root, "description", lang, parts["description"]),
            classifications=st36.ipcr_classes(biblio, found) + _us_classes(biblio),
            citations=pats,
            npl_citations=npls,
            related=related,
            provenance=[ctx.provenance(raw.position, raw.data, version)],
        )
        named = [p for el in found["correspondence-address"] if (p := st36.party_from(el, "correspondent", 1))]
        doc.parties += correspondence_parties(named, doc.parties)
        for ex in found["examiners"]:
            for el in ex:
                if isinstance(el.tag, str):
                    p = st36.party_from(el, "examiner", len(doc.parties) + 1)
                    if p:
                        doc.parties.append(p)
        return [doc]


_BIBLIO_GROUPS = {
    **st36.CLASS_GROUPS, **st36.CITATION_GROUPS,
    **{name: name for name in ("priority-claim", "invention-title", "us-related-documents", "examiners",
                               "correspondence-address")},
}


def _us_classes(biblio: etree._Element | None) -> list[Classification]:
    """The document's own US classes: ``classification-national`` (country US) directly under the
    bibliography (cited documents carry theirs inside their citation), main then further, in
    the fixed-width spelling the PATDOC and APS readers read too (``714  4`` = 714/4)."""
    out: list[Classification] = []
    for national in (c for c in (biblio if biblio is not None else []) if local(c) == "classification-national"):
        if (text(first(national, "country")) or "US") != "US":
            continue
        for el in national:
            if not isinstance(el.tag, str) or local(el) not in ("main-classification", "further-classification"):
                continue
            sym = uspc_symbol(el.text)
            if sym and not any(c.symbol == sym for c in out):
                out.append(Classification(scheme="USPC", symbol=sym, first=local(el) == "main-classification"))
    return out
