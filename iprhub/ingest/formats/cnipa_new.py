"""CNIPA full-text XML, new format (``business:PatentDocumentAndRelated``, ST.96-style, xsdVersion V2.x).

Bibliographic items come twice, ``dataFormat="original"`` (as printed: ``202111286633.X``) and
``"standard"`` (``102021001286633``); the original spelling is kept, as in the old format.
"""

from __future__ import annotations

from iprhub.errors import ParseError
from iprhub.ingest.formats import _cjk as cjk
from iprhub.ingest.formats import _st36 as st36
from iprhub.ingest.formats._cnipa import agency_parties, cn_doc_type
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, descendants, find_all, first, local, parse_xml, text
from iprhub.model.classification import Classification, ipc_from_parts
from iprhub.model.common import Party, Text, normalize_name, parse_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import PatentDocument, Priority, RelatedDocument

_NS = "http://www.sipo.gov.cn/XMLSchema/"


def _original(els: list) -> list:
    """Prefer the ``dataFormat="original"`` variants when both are given."""
    orig = [e for e in els if e.get("dataFormat") != "standard"]
    return orig or els


def _doc_id(el) -> dict[str, str | None]:
    d = el if el is None or local(el) == "DocumentID" else first(el, "DocumentID")
    return {
        "country": text(first(d, "WIPOST3Code")) or None,
        "number": text(first(d, "DocNumber")) or None,
        "kind": text(first(d, "Kind")) or None,
        "date": text(first(d, "Date")) or None,
    }


class CnipaNew(Format):
    name = "cnipa-xml-new"
    label = "CNIPA full-text XML, new format (PatentDocumentAndRelated, V2.x)"
    priority = 20
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root == "PatentDocumentAndRelated" and (head.namespace or "").startswith(_NS)


    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        if local(root) != "PatentDocumentAndRelated":
            raise ParseError(f"unexpected root element <{local(root)}> in a CNIPA new-format file", stage="parse")
        biblio = first(root, "BibliographicData")
        pubs = _original(find_all(biblio, "PublicationReference"))
        pub = _doc_id(pubs[0]) if pubs else {"country": None, "number": None, "kind": None, "date": None}
        number = st36.require(pub["number"] or root.get("docNumber"), "PublicationReference/DocNumber")
        dn = normalize_doc_number(pub["country"] or root.get("country") or "CN", number,
                                  pub["kind"] or root.get("kind"))
        apps = _original(find_all(biblio, "ApplicationReference"))
        app = _doc_id(apps[0]) if apps else {"country": None, "number": None, "date": None}
        lang = (root.get("lang") or "zh").lower()
        titles = [el for el in find_all(biblio, "InventionTitle")]
        title = cjk.cjk_text(titles[0]) if titles else cjk.cjk_text(first(root, "Description/InventionTitle"))
        abstract = cjk.paragraph_text(first(root, "Abstract"), ("Paragraphs",))
        description = cjk.paragraph_text(first(root, "Description"), ("Paragraphs", "Heading"))
        doc = PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type=cn_doc_type(dn.kind),
            pub_date=parse_date(pub["date"] or root.get("datePublication"), "PublicationReference/Date"),
            app_number=cjk.app_number(app["country"] or "CN", app["number"]),
            app_date=parse_date(app["date"], "ApplicationReference/Date"),
            lang=lang,
            priorities=self._priorities(biblio),
            parties=self._parties(biblio),
            titles=[Text(lang=lang, text=title)] if title else [],
            abstracts=[Text(lang=lang, text=abstract)] if abstract else [],
            claims=self._claims(first(root, "Claims"), lang),
            descriptions=[Text(lang=lang, text=description)] if description else [],
            classifications=self._classes(biblio),
            related=self._related(biblio),
            provenance=[ctx.provenance(raw.position, raw.data, root.get("xsdVersion"))],
        )
        return [doc]

    @staticmethod
    def _priorities(biblio) -> list[Priority]:
        out = []
        for el in _original(descendants(biblio, "Priority")):
            num = text(first(el, "DocNumber"))
            if num:
                out.append(Priority(country=(text(first(el, "WIPOST3Code")) or "XX").upper()[:2], number=num,
                                    date=parse_date(text(first(el, "Date")), "Priority/Date"), kind=el.get("kind")))
        return out

    @staticmethod
    def _classes(biblio) -> list[Classification]:
        out = []
        for i, el in enumerate(descendants(biblio, "ClassificationIPCR")):
            sym = ipc_from_parts(text(first(el, "Section")), text(first(el, "MainClass")), text(first(el, "Subclass")),
                                 text(first(el, "MainGroup")), text(first(el, "Subgroup")))
            item = cjk.ipc_from_text(sym or text(first(el, "Text")), first=(el.get("sequence") or str(i + 1)) == "1",
                                     version=cjk.ipc_version(text(first(el, "IPCVersionDate"))
                                                             or text(first(el, "Text"))))
            out.append(item)
        return cjk.unique_classes(out)

    @staticmethod
    def _parties(biblio) -> list[Party]:
        out: list[Party] = []
        for el in descendants(biblio, "Applicant"):
            book = first(el, "AddressBook")
            name = text(first(book, "Name")) or text(first(book, "OrganizationName"))
            if not name:
                continue
            address = text(first(book, "Address/Text")) or None
            country = text(first(book, "Address/WIPOST3Code")) or cjk.country_from_address(address, "CN")
            out.append(Party(role="applicant", name=name, normalized_name=normalize_name(name),
                             country=country or None, address=address, sequence=_seq(el, len(out) + 1)))
        for el in descendants(biblio, "Inventor"):
            name = text(first(el, "AddressBook/Name"))
            if name:
                out.append(Party(role="inventor", name=name, normalized_name=normalize_name(name),
                                 sequence=_seq(el, len(out) + 1)))
        agencies: list[str] = []
        agents: list[Party] = []
        for el in descendants(biblio, "Agent"):
            agency = text(first(el, "Agency/AddressBook/OrganizationName")) or text(first(el, "Agency/AddressBook/Name"))
            if agency and agency not in agencies:
                agencies.append(agency)
            name = text(first(el, "AddressBook/Name"))
            if name:
                agents.append(Party(role="agent", name=name, normalized_name=normalize_name(name),
                                    sequence=_seq(el, len(agents) + 1)))
        return out + agency_parties(agencies) + agents

    @staticmethod
    def _related(biblio) -> list[RelatedDocument]:
        out = []
        for div in descendants(biblio, "Division"):
            for parent in descendants(div, "ParentDocument"):
                d = _doc_id(first(parent, "DocumentID"))
                if d["number"]:
                    out.append(RelatedDocument(relation="division-parent",
                                               number=cjk.app_number(d["country"] or "CN", d["number"]) or d["number"],
                                               date=parse_date(d["date"], "Division/ParentDocument/Date")))
        for name, relation in (("PCTOrRegionalApplicationData", "pct-application"),
                               ("PCTOrRegionalPublishingData", "pct-publication")):
            d = _doc_id(first(biblio, name))
            if not d["number"]:
                continue
            number = d["number"]
            if relation == "pct-publication":
                number = normalize_doc_number(d["country"] or "WO", number).without_kind
            out.append(RelatedDocument(relation=relation, number=number, date=parse_date(d["date"], f"{name}/Date")))
        return out

    @staticmethod
    def _claims(block, lang: str):
        raw = []
        for i, el in enumerate(cjk.children(block, "Claim"), start=1):
            raw.append(cjk.RawClaim(num=cjk.claim_number(el.get("num"), i), text=cjk.cjk_text(el), el_id=el.get("id"),
                                    ref_ids=[r.get("idref") for r in descendants(el, "ClaimRef") if r.get("idref")]))
        return cjk.build_claims(raw, lang)


def _seq(el, default: int) -> int:
    value = el.get("sequence") or ""
    return int(value) if value.isdigit() else default
