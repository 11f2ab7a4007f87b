"""CNIPA full-text XML, old format (``cn-patent-document``, ST.36-like), Chinese."""

from __future__ import annotations

from iprhub.errors import ParseError
from iprhub.ingest.formats import _cjk as cjk
from iprhub.ingest.formats import _st36 as st36
from iprhub.ingest.formats._cnipa import agency_parties, cn_doc_type, pct_related
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, descendants, first, local, parse_xml, text
from iprhub.model.common import Party, Text, normalize_name, parse_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import PatentDocument, Priority


class CnipaOld(Format):
    name = "cnipa-xml-old"
    label = "CNIPA full-text XML, old format (cn-patent-document)"
    priority = 20
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root == "cn-patent-document"


    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        if local(root) != "cn-patent-document":
            raise ParseError(f"unexpected root element <{local(root)}> in a CNIPA old-format file", stage="parse")
        biblio = first(root, "cn-bibliographic-data")
        pub = st36.doc_id(first(biblio, "cn-publication-reference"))
        number = st36.require(pub["number"], "cn-publication-reference/doc-number")
        dn = normalize_doc_number(pub["country"] or "CN", number, pub["kind"])
        app = st36.doc_id(first(biblio, "application-reference"))
        lang = "zh"
        body = first(root, "application-body")
        title = cjk.cjk_text(first(biblio, "invention-title")) or cjk.cjk_text(
            first(body, "description/invention-title"))
        abstract = cjk.paragraph_text(first(biblio, "abstract"), ("p",))
        description = cjk.paragraph_text(first(body, "description"), ("p", "heading"))
        classes = cjk.unique_classes(
            cjk.ipc_from_text(text(first(el, "text")) or text(el), first=i == 0)
            for i, el in enumerate(descendants(biblio, "classification-ipcr")))
        doc = PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type=cn_doc_type(dn.kind),
            pub_date=parse_date(pub["date"], "cn-publication-reference/date"),
            app_number=cjk.app_number(app["country"] or "CN", app["number"]),
            app_date=parse_date(app["date"], "application-reference/date"),
            lang=lang,
            priorities=self._priorities(biblio),
            parties=self._parties(biblio),
            titles=[Text(lang=lang, text=title)] if title else [],
            abstracts=[Text(lang=lang, text=abstract)] if abstract else [],
            claims=self._claims(body, lang),
            descriptions=[Text(lang=lang, text=description)] if description else [],
            classifications=classes,
            related=pct_related(biblio),
            provenance=[ctx.provenance(raw.position, raw.data, root.get("dtd-version"))],
        )
        return [doc]

    @staticmethod
    def _priorities(biblio) -> list[Priority]:
        out = st36.priorities(biblio)
        # a domestic priority (本国优先权) names an earlier CN application
        for claim in descendants(biblio, "cn-domestic-priority-claim"):
            ids = descendants(claim, "document-id")
            if not ids:
                continue
            d = st36.doc_id(ids[0])
            if d["number"]:
                out.append(Priority(country=(d["country"] or "CN").upper(), number=d["number"],
                                    date=parse_date(d["date"], "cn-domestic-priority-claim/date"), kind="national"))
        return out

    @staticmethod
    def _parties(biblio) -> list[Party]:
        out: list[Party] = []
        for el in descendants(biblio, "cn-applicant"):
            name = text(first(el, "addressbook/name")) or text(first(el, "name"))
            address = text(first(el, "addressbook/address/text")) or None
            if name:
                out.append(Party(role="applicant", name=name, normalized_name=normalize_name(name),
                                 country=cjk.country_from_address(address, "CN"), address=address,
                                 sequence=_seq(el, len(out) + 1)))
        for el in descendants(biblio, "cn-inventor"):
            name = text(first(el, "name")) or text(first(el, "addressbook/name"))
            if name:
                out.append(Party(role="inventor", name=name, normalized_name=normalize_name(name),
                                 sequence=_seq(el, len(out) + 1)))
        agencies: list[str] = []
        agents: list[Party] = []
        for el in descendants(biblio, "cn-agent"):
            agency = text(first(el, "cn-agency/name"))
            if agency and agency not in agencies:
                agencies.append(agency)
            name = text(first(el, "name")) or text(first(el, "addressbook/name"))
            if name:
                agents.append(Party(role="agent", name=name, normalized_name=normalize_name(name),
                                    sequence=_seq(el, len(agents) + 1)))
        return out + agency_parties(agencies) + agents

    @staticmethod
    def _claims(body, lang: str):
        block = first(body, "claims")
        raw = []
        for i, el in enumerate(cjk.children(block, "claim"), start=1):
            raw.append(cjk.RawClaim(num=cjk.claim_number(el.get("num"), i), text=cjk.cjk_text(el),
                                    el_id=el.get("id"),
                                    ref_ids=[r.get("idref") for r in descendants(el, "claim-ref") if r.get("idref")]))
        return cjk.build_claims(raw, lang)


def _seq(el, default: int) -> int:
    value = el.get("sequence") or ""
    return int(value) if value.isdigit() else default
