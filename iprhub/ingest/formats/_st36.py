"""Helpers for the ST.36 family (USPTO v4.x, EP publication server, CNIPA old, JPO gazette).

They work on local names, so namespaced and plain variants read the same.
"""

from __future__ import annotations

import re

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.xml_stream import collect, descendants, find_all, first, local, text
from iprhub.model.classification import Classification, ipc_from_parts, normalize_ipc, scheme_version
from iprhub.model.common import Party, Text, clean_text, normalize_name, parse_date, partial_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import Claim, ClaimSet, NplCitation, PatentCitation, Priority

_CLAIM_REF_NUM = re.compile(r"(\d+)")


_DOCID_KEYS = {"country": "country", "doc-number": "number", "kind": "kind", "date": "date", "name": "name"}


def doc_id(el: etree._Element | None) -> dict[str, str | None]:
    """country / doc-number / kind / date / name of a ``document-id``."""
    out: dict[str, str | None] = dict.fromkeys(("country", "number", "kind", "date", "name"))
    d = el if el is None or local(el) == "document-id" else next(el.iterchildren("{*}document-id"), None)
    if d is None:
        return out
    for child in d:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        key = _DOCID_KEYS.get(tag.rpartition("}")[2])
        if key and out[key] is None:
            if len(child):
                out[key] = text(child) or None
            else:  # a leaf, as nearly always: text() inlined (called for every cited document)
                value = child.text
                out[key] = " ".join(value.split()) or None if value else None
    return out


def date_of(value: str | None, field: str) -> object:
    return parse_date(value, field)


def _named_children(el: etree._Element) -> dict[str, etree._Element]:
    """The first child element of each local name: one pass for all the look-ups of a party."""
    out: dict[str, etree._Element] = {}
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            out.setdefault(tag.rpartition("}")[2], child)
    return out


def _book_name(book: dict[str, etree._Element]) -> str:
    org = text(book.get("orgname"))
    if org:
        return org
    last = text(book.get("last-name"))
    first_name = text(book.get("first-name"))
    if last or first_name:
        return ", ".join(p for p in (last, first_name) if p)
    return text(book.get("name"))


def party_from(el: etree._Element, role: str, seq_default: int) -> Party | None:
    own = _named_children(el)
    book_el = own.get("addressbook")
    book = own if book_el is None else _named_children(book_el)
    name = _book_name(book)
    if not name:
        return None
    where = book_el if book_el is not None else el
    if len(list(where.iterchildren("{*}address"))) == 1:  # as nearly always: its parts in one pass
        address = _named_children(book["address"])
        country, city, state = (text(address.get(part)) for part in ("country", "city", "state"))
    else:  # none or several: each part from the first address that has it
        country, city, state = (text(first(where, f"address/{part}")) for part in ("country", "city", "state"))
    country = country or text(first(el, "residence/country")) or text(first(el, "nationality/country")) or None
    place = ", ".join(p for p in (city, state) if p)
    seq = el.get("sequence")
    return Party(role=role, name=name, normalized_name=normalize_name(name),
                 country=(country or None) and country.upper()[:2], address=place or None,
                 sequence=int(seq) if seq and seq.isdigit() else seq_default)


_ROLE_OF = {
    "applicant": "applicant", "us-applicant": "applicant",
    "inventor": "inventor", "us-inventor": "inventor",
    "agent": "agent", "us-agent": "agent",
    "assignee": "assignee",
}
_ROLE_TAGS = tuple("{*}" + name for name in _ROLE_OF)


def parties(biblio: etree._Element) -> list[Party]:
    """Applicants, inventors, agents and assignees in every ST.36 / USPTO spelling."""
    out: list[Party] = []
    derived: list[Party] = []
    for container in ("parties", "us-parties", "assignees"):
        for box in find_all(biblio, container):
            for el in box.iter(*_ROLE_TAGS):
                role = _ROLE_OF[el.tag.rpartition("}")[2]]
                p = party_from(el, role, len(out) + 1)
                if p:
                    out.append(p)
                    # USPTO applicant-inventors are inventors too
                    if role == "applicant" and el.get("app-type") == "applicant-inventor":
                        derived.append(p.model_copy(update={"role": "inventor"}))
    if not any(p.role == "inventor" for p in out):
        out.extend(derived)
    return out


CLASS_GROUPS = {name: name for name in (
    "classification-ipcr", "classification-cpc", "classification-ipc", "classification-locarno")}


def ipcr_classes(biblio: etree._Element, found: dict[str, list[etree._Element]] | None = None) -> list[Classification]:
    """IPC (ipcr and edition 7), CPC and Locarno classes; ``found`` holds the elements of
    :data:`CLASS_GROUPS` collected beforehand (:func:`collect`)."""
    if found is None:
        found = collect(biblio, CLASS_GROUPS)
    out: list[Classification] = []
    for i, el in enumerate(found["classification-ipcr"]):
        if first(el, "section") is not None:
            sym = ipc_from_parts(text(first(el, "section")), text(first(el, "class")), text(first(el, "subclass")),
                                 text(first(el, "main-group")), text(first(el, "subgroup")))
        else:
            sym = normalize_ipc(text(first(el, "text")) or text(el))
        if sym:
            out.append(Classification(
                scheme="IPC", symbol=sym, first=(text(first(el, "symbol-position")) == "F") or i == 0,
                version=scheme_version(text(first(el, "ipc-version-indicator/date"))),
                value=text(first(el, "classification-value")) or None))
    for el in found["classification-cpc"]:
        sym = ipc_from_parts(text(first(el, "section")), text(first(el, "class")), text(first(el, "subclass")),
                             text(first(el, "main-group")), text(first(el, "subgroup")))
        if sym:
            out.append(Classification(
                scheme="CPC", symbol=sym, first=text(first(el, "symbol-position")) == "F",
                version=scheme_version(text(first(el, "cpc-version-indicator/date"))),
                value=text(first(el, "classification-value")) or None))
    # pre-2006 edition-7 IPC: <classification-ipc><main-classification>
    for el in found["classification-ipc"]:
        for j, sub in enumerate(find_all(el, "main-classification") + find_all(el, "further-classification")):
            sym = normalize_ipc(_ipc7(text(sub)))
            if sym:
                out.append(Classification(scheme="IPC", symbol=sym, first=j == 0,
                                          version=text(first(el, "edition")) or None))
    for el in found["classification-locarno"]:
        main = text(first(el, "main-classification"))
        if main:
            out.append(Classification(scheme="LOCARNO", symbol=main, first=True,
                                      version=text(first(el, "edition")) or None))
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in out:
        if (c.scheme, c.symbol) not in seen:
            seen.add((c.scheme, c.symbol))
            unique.append(c)
    return unique


def _ipc7(value: str) -> str:
    """Edition-7 compact spellings like ``H01L 2100`` / ``C07D49304`` -> ``H01L 21/00``."""
    v = value.replace(" ", "")
    m = re.fullmatch(r"([A-H]\d\d[A-Z])(\d{1,4})/?(\d{2,6})", v)
    if m and "/" not in value:
        sub, rest = m.group(1), v[4:]
        group, subgroup = rest[:-2] if len(rest) > 2 else rest, rest[-2:] if len(rest) > 2 else "00"
        if len(rest) >= 5:
            group, subgroup = rest[:3], rest[3:]
        return f"{sub} {int(group)}/{subgroup}"
    return value


def priorities(biblio: etree._Element, claims: list[etree._Element] | None = None) -> list[Priority]:
    """Priority claims; ``claims`` are the ``priority-claim`` elements when already collected."""
    out = []
    for el in descendants(biblio, "priority-claim") if claims is None else claims:
        cc = text(first(el, "country"))
        num = text(first(el, "doc-number"))
        if not num:
            continue
        out.append(Priority(country=(cc or "").upper()[:2] or "XX", number=num,
                            date=parse_date(text(first(el, "date")), "priority-claim/date"),
                            kind=el.get("kind")))
    return out


_CATEGORY_RE = re.compile(r"^[XYAPDELOTI&]+$")
_CATEGORY_SPLIT = re.compile(r"[,\s]+")


CITATION_GROUPS = {"citation": "citation", "us-citation": "citation"}


def citations(biblio: etree._Element, office: str | None = None,
              elements: list[etree._Element] | None = None) -> tuple[list[PatentCitation], list[NplCitation]]:
    """Cited patents and non-patent literature; ``elements`` are the citations when already
    collected (group ``citation`` of :data:`CITATION_GROUPS`)."""
    pats: list[PatentCitation] = []
    npls: list[NplCitation] = []
    for cit in biblio.iter("{*}citation", "{*}us-citation") if elements is None else elements:
        cat_raw = ""
        patcit = nplcit = None
        for child in cit:  # one pass over the citation's parts
            tag = child.tag
            if not isinstance(tag, str):
                continue
            part = tag.rpartition("}")[2]
            if part == "category":
                cat_raw = text(child)
            elif part == "patcit":
                patcit = child
            elif part == "nplcit":
                nplcit = child
        cited_by = "unknown"
        categories: list[str] = []
        if cat_raw:
            low = cat_raw.lower()
            if "examiner" in low:
                cited_by = "examiner"
            elif "applicant" in low:
                cited_by = "applicant"
            elif "third" in low:
                cited_by = "third-party"
            elif "other" in low:
                cited_by = "other"
            else:
                categories = [c for c in _CATEGORY_SPLIT.split(cat_raw.upper()) if c and _CATEGORY_RE.match(c)]
        if patcit is not None:
            d = doc_id(patcit)
            if not d["number"]:
                continue
            cc = (d["country"] or "").upper()[:2]
            dn = normalize_doc_number(cc, d["number"], d["kind"]) if cc else None
            pats.append(PatentCitation(
                number=dn.without_kind if dn else clean_text(d["number"]), country=cc or None,
                doc_number=dn.number if dn else d["number"], kind=dn.kind if dn else d["kind"],
                date=partial_date(d["date"]), name=d["name"], categories=categories, cited_by=cited_by,
                phase=None, office=office))
        if nplcit is not None:
            t = text(nplcit, sep=" ")
            if t:
                npls.append(NplCitation(text=t, categories=list(categories), cited_by=cited_by, phase=None))
    return pats, npls


def claims(root: etree._Element, lang: str | None, blocks: list[etree._Element] | None = None) -> list[ClaimSet]:
    """Claim sets, one per ``claims`` element (``blocks`` when already found)."""
    sets: list[ClaimSet] = []
    for block in descendants(root, "claims") if blocks is None else blocks:
        out: list[Claim] = []
        ids: dict[str, int] = {}
        claim_els = find_all(block, "claim")
        nums = []
        for i, el in enumerate(claim_els, start=1):
            m = _CLAIM_REF_NUM.search(el.get("num") or "")
            num = int(m.group()) if m else i
            nums.append(num)
            if el.get("id"):
                ids[el.get("id")] = num
        for el, num in zip(claim_els, nums, strict=True):
            deps: list[int] = []
            for ref in descendants(el, "claim-ref"):
                target = ids.get((ref.get("idref") or "").split()[0]) if ref.get("idref") else None
                if target is None:
                    mm = _CLAIM_REF_NUM.search(text(ref))
                    target = int(mm.group(1)) if mm else None
                if target is not None and target != num and target not in deps:
                    deps.append(target)
            body = text(el, sep=" ")
            if body:
                out.append(Claim(num=num, text=body, depends_on=deps))
        if out:
            sets.append(ClaimSet(lang=(block.get("lang") or lang or "").lower() or None, claims=out))
    return sets


def texts(root: etree._Element, name: str, lang: str | None,
          elements: list[etree._Element] | None = None) -> list[Text]:
    """One text per language from ``name`` elements below ``root`` (``elements`` when already found)."""
    out: list[Text] = []
    seen: set[str | None] = set()
    for el in descendants(root, name) if elements is None else elements:
        value = text(el, sep=" ") if name != "invention-title" else text(el)
        if not value:
            continue
        lg = (el.get("lang") or lang or "").lower() or None
        if lg in seen:
            continue
        seen.add(lg)
        out.append(Text(lang=lg, text=value))
    return out


def require(value: str | None, field: str, record: str | None = None) -> str:
    if not value:
        raise ParseError(f"missing {field}", field=field, record=record, stage="normalize")
    return value
