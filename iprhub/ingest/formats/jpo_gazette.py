"""JPO patent gazette XML (``jp-official-gazette``, ST.36-like), Japanese.

Only the published text is read: ``jp:written-amendment-group`` repeats description and claims
as amended later, and those are not the publication's text.
"""

from __future__ import annotations

import re
import unicodedata

from iprhub.errors import ParseError
from iprhub.ingest.formats import _cjk as cjk
from iprhub.ingest.formats import _st36 as st36
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, descendants, find_all, first, local, parse_xml, text
from iprhub.model.classification import Classification, normalize_ipc
from iprhub.model.common import Party, Text, normalize_name, parse_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import PatentCitation, PatentDocument, Priority, RelatedDocument

_JP_NS = "http://www.jpo.go.jp"

_DOC_TYPE = {"A": "application", "B": "grant", "C": "grant", "U": "utility-model", "Y": "utility-model",
             "S": "design"}
# "A23L  17/00        20160101AFI20211129BHJP": symbol, version date, level/position/value, action date
_IPC_RE = re.compile(r"^(?P<sym>[A-HY]\d\d[A-Z]\s*\d+/\d+)\s+(?P<ver>\d{8})(?P<lvl>[ACS])(?P<pos>[FL])(?P<val>[IN])")
_FI_RE = re.compile(r"^(?P<ipc>[A-HY]\d\d[A-Z]\s*\d+/\d+)\s*(?P<rest>.*)$")


def fi_symbol(value: str) -> str | None:
    """``A23L17/00 101H`` -> ``A23L 17/00 101H`` (IPC part normalised, subdivision kept)."""
    folded = unicodedata.normalize("NFKC", value).strip()
    m = _FI_RE.match(folded)
    if not m:
        return None
    ipc = normalize_ipc(m.group("ipc"))
    if not ipc:
        return None
    rest = re.sub(r"\s+", "", m.group("rest"))
    return f"{ipc} {rest}" if rest else ipc


class JpoGazette(Format):
    name = "jpo-gazette-xml"
    label = "JPO patent gazette XML (jp-official-gazette)"
    priority = 20
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root == "jp-official-gazette"


    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        if local(root) != "jp-official-gazette":
            raise ParseError(f"unexpected root element <{local(root)}> in a JPO gazette file", stage="parse")
        biblio = first(root, "bibliographic-data")
        pub = st36.doc_id(first(biblio, "publication-reference"))
        number = st36.require(pub["number"], "publication-reference/doc-number")
        # <kind> holds the gazette name (公開特許公報(A)); the ST.16 kind is an attribute of the root
        kind = root.get("kind-of-st16") or re.sub(r"[^A-Z0-9]", "", unicodedata.normalize("NFKC", pub["kind"] or ""))[-2:]
        dn = normalize_doc_number(pub["country"] or "JP", number, kind or None)
        app = st36.doc_id(first(biblio, "application-reference"))
        lang = (root.get("lang") or "ja").lower()
        title = cjk.cjk_text(first(biblio, "invention-title"))
        abstract = cjk.paragraph_text(first(root, "abstract"), ("p",))
        description_el = first(root, "description")
        description = cjk.paragraph_text(description_el, ("p", "heading"))
        designations = cjk.designated_states(text(first(biblio, "designation-of-states")))
        doc = PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type=_DOC_TYPE.get((dn.kind or "")[:1], "other"),
            pub_date=parse_date(pub["date"], "publication-reference/date"),
            app_number=cjk.app_number(app["country"] or "JP", app["number"]),
            app_date=parse_date(app["date"], "application-reference/date"),
            lang=lang,
            priorities=self._priorities(biblio),
            parties=self._parties(biblio),
            titles=[Text(lang=lang, text=title)] if title else [],
            abstracts=[Text(lang=lang, text=abstract)] if abstract else [],
            claims=self._claims(first(root, "claims"), lang),
            descriptions=[Text(lang=lang, text=description)] if description else [],
            classifications=self._classes(biblio),
            citations=self._citations(description_el),
            related=self._related(biblio),
            designated_states=designations,
            provenance=[ctx.provenance(raw.position, raw.data, root.get("dtd-version"))],
        )
        return [doc]

    @staticmethod
    def _priorities(biblio) -> list[Priority]:
        kinds = [el.get(f"{{{_JP_NS}}}kind") or el.get("kind") for el in descendants(biblio, "priority-claim")
                 if text(first(el, "doc-number"))]
        return [p.model_copy(update={"kind": k}) if k and not p.kind else p
                for p, k in zip(st36.priorities(biblio), kinds, strict=True)]

    @staticmethod
    def _parties(biblio) -> list[Party]:
        out: list[Party] = []
        for role, name_ in (("applicant", "applicant"), ("agent", "agent"), ("inventor", "inventor")):
            for el in descendants(first(biblio, "parties"), name_):
                books = find_all(el, "addressbook")
                name = next((text(first(b, "name")) for b in books if text(first(b, "name"))), "")
                if not name:
                    continue
                address = next((text(first(b, "address/text")) for b in books
                                if (b.get("lang") or "ja") == "ja" and text(first(b, "address/text"))), None)
                seq = el.get("sequence") or ""
                out.append(Party(role=role, name=name, normalized_name=normalize_name(name),
                                 country=cjk.country_from_address(address, "JP") if role != "agent" else None,
                                 address=address, sequence=int(seq) if seq.isdigit() else len(out) + 1))
        return out

    @staticmethod
    def _classes(biblio) -> list[Classification]:
        out: list[Classification | None] = []
        ipc = first(biblio, "classification-ipc")
        for el in find_all(ipc, "main-clsf") + find_all(ipc, "further-clsf"):
            value = unicodedata.normalize("NFKC", text(el))
            m = _IPC_RE.match(value)
            if m:
                out.append(Classification(scheme="IPC", symbol=normalize_ipc(m.group("sym")) or m.group("sym"),
                                          version=cjk.ipc_version(m.group("ver")), first=m.group("pos") == "F",
                                          value=m.group("val")))
            else:
                out.append(cjk.ipc_from_text(value, first=local(el) == "main-clsf"))
        national = first(biblio, "classification-national")
        for el in find_all(national, "main-clsf") + find_all(national, "further-clsf"):
            sym = fi_symbol(text(el))
            if sym:
                out.append(Classification(scheme="FI", symbol=sym, first=local(el) == "main-clsf"))
        for el in descendants(first(biblio, "f-term-info"), "f-term"):
            term = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text(el)))
            if term:
                out.append(Classification(scheme="FTERM", symbol=term))
        return cjk.unique_classes(out)

    @staticmethod
    def _citations(description) -> list[PatentCitation]:
        """Patent literature the applicant cites in the description (【特許文献1】 …)."""
        out: list[PatentCitation] = []
        seen: set[str] = set()
        for lit in descendants(description, "patent-literature"):
            for cit in descendants(lit, "patcit"):
                number = cjk.jp_cited_number(text(cit))
                if number and number not in seen:
                    seen.add(number)
                    out.append(PatentCitation(number=number, country=number[:2], doc_number=number[2:],
                                              cited_by="applicant", office="JP"))
        return out

    @staticmethod
    def _related(biblio) -> list[RelatedDocument]:
        out: list[RelatedDocument] = []
        for rel in find_all(biblio, "related-documents"):
            for child in rel:
                if not isinstance(child.tag, str):
                    continue
                for parent in descendants(child, "parent-doc"):
                    d = st36.doc_id(first(parent, "document-id"))
                    if d["number"]:
                        out.append(RelatedDocument(relation=f"{local(child)}-parent",
                                                   number=cjk.app_number(d["country"] or "JP", d["number"]) or "",
                                                   date=parse_date(d["date"], f"{local(child)}/parent-doc/date")))
        for el in descendants(biblio, "printed-with-grant"):
            d = st36.doc_id(first(el, "document-id"))
            if d["number"]:
                out.append(RelatedDocument(relation="granted-as", number=f"JP{d['number']}",
                                           date=parse_date(d["date"], "printed-with-grant/date")))
        for name, relation in (("pct-or-regional-filing-data", "pct-application"),
                               ("pct-or-regional-publishing-data", "pct-publication")):
            d = st36.doc_id(first(biblio, name))
            if not d["number"]:
                continue
            number = d["number"].strip()
            m = re.fullmatch(r"([A-Z]{2})(\d{4})(\d+)", number)
            if relation == "pct-application" and m:
                number = f"PCT/{m.group(1)}{m.group(2)}/{m.group(3)}"
            elif relation == "pct-publication":
                number = normalize_doc_number("WO", number).without_kind
            out.append(RelatedDocument(relation=relation, number=number, date=parse_date(d["date"], f"{name}/date")))
        return out

    @staticmethod
    def _claims(block, lang: str):
        raw = []
        for i, el in enumerate(cjk.children(block, "claim"), start=1):
            raw.append(cjk.RawClaim(num=cjk.claim_number(el.get("num"), i), text=cjk.cjk_text(el), el_id=el.get("id"),
                                    ref_ids=[r.get("idref") for r in descendants(el, "claim-ref") if r.get("idref")]))
        return cjk.build_claims(raw, lang)
