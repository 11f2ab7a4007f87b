"""The DOCDB ``exchange-document`` structure, shared by the DOCDB, EP full-text and OPS readers:
number and kind conventions, classifications, citations with phases and categories, parties,
priorities and :func:`exchange_document` (one exchange document -> PatentDocument).
"""

from __future__ import annotations

import re

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats.base import ReadContext
from iprhub.ingest.xml_stream import find_all, first, local, text
from iprhub.model.classification import Classification, ipc_from_parts, normalize_ipc, scheme_version
from iprhub.model.common import Party, Text, clean_text, normalize_name, parse_date, partial_date
from iprhub.model.numbers import DocNumber, normalize_doc_number
from iprhub.model.patent import DocType, NplCitation, PatentCitation, PatentDocument, Priority

EXCH_NS = "http://www.epo.org/exchange"

# cited-phase spellings of DOCDB (codes) and OPS (words) -> one code
_PHASES = {
    "SEA": "SEA", "SEARCH": "SEA", "SEARCH-REPORT": "SEA", "NATIONAL-SEARCH-REPORT": "SEA",
    "ISR": "ISR", "INTERNATIONAL-SEARCH-REPORT": "ISR",
    "SUP": "SUP", "SUPPLEMENTARY-SEARCH-REPORT": "SUP",
    "EXA": "EXA", "EXAMINATION": "EXA", "NATIONAL-EXAMINATION": "EXA",
    "IPE": "IPE", "CH2": "IPE", "INTERNATIONAL-PRELIMINARY-EXAMINATION": "IPE",
    "OPP": "OPP", "OPPOSITION": "OPP",
    "APP": "APP", "APPLICANT": "APP",
    "TPO": "TPO", "THIRD-PARTY-OBSERVATION": "TPO", "THIRD-PARTY": "TPO",
    "PRS": "PRS", "PRE-SEARCH": "PRS",
}
_CITED_BY = {"APP": "applicant", "TPO": "third-party"}
_CATEGORY_CHARS = set("XYAPDELOTI&")


def phase_code(value: str | None) -> str | None:
    """``national-search-report`` / ``SEA`` -> ``SEA``; ``undefined`` -> None."""
    raw = (value or "").strip().upper()
    if not raw or raw in {"UNDEFINED", "UNKNOWN"}:
        return None
    return _PHASES.get(raw, raw if len(raw) <= 4 else None)


def cited_by_of(attr: str | None, phase: str | None) -> str:
    value = (attr or "").strip().lower()
    if value in {"examiner", "applicant", "third-party", "other"}:
        return value
    if phase:
        return _CITED_BY.get(phase, "examiner")
    return "unknown"


def categories_of(values: list[str]) -> list[str]:
    """ST.14 letters from ``<category>`` values (``YA`` means Y and A)."""
    out: list[str] = []
    for v in values:
        v = v.strip().upper()
        letters = list(v) if v and set(v) <= _CATEGORY_CHARS else []
        for c in letters:
            if c not in out:
                out.append(c)
    return out


def wo_number(number: str) -> str:
    """Old two-digit-year WO numbers (``02054790``, ``01/92999``) -> ``2002054790``."""
    raw = re.sub(r"[\s.]", "", number)
    m = re.fullmatch(r"(\d\d)/?(\d{5,6})", raw)
    if m:
        yy = int(m.group(1))
        return f"{19 if yy >= 78 else 20}{m.group(1)}{m.group(2).zfill(6)}"
    m = re.fullmatch(r"((?:19|20)\d\d)/?(\d{5,6})", raw)
    if m:
        return m.group(1) + m.group(2).zfill(6)
    return raw


def doc_number(country: str, number: str, kind: str | None = None) -> DocNumber:
    cc = country.strip().upper()
    if cc == "WO":
        number = wo_number(number)
    return normalize_doc_number(cc, number, kind)


def app_number(country: str | None, number: str | None) -> str | None:
    """``CC`` + the office application number without punctuation (DOCDB US ``2011`` prefix dropped)."""
    if not number:
        return None
    cc = (country or "").strip().upper()
    raw = re.sub(r"[\s,/\-]", "", number.upper())
    if cc and raw.startswith(cc) and not raw[len(cc):len(cc) + 1].isalpha():
        raw = raw[len(cc):]
    if cc == "EP":
        raw = raw.split(".")[0]
    if cc == "US" and re.fullmatch(r"(19|20)\d\d\d{8}", raw):
        raw = raw[4:]
    return f"{cc}{raw.replace('.', '')}"


def doc_type_for(country: str, kind: str | None) -> DocType:
    k = (kind or "").upper()
    if country in {"EP", "WO"} and k in {"A3", "A4"}:
        return "search-report"
    if country == "US" and k.startswith("S"):
        return "design"
    if country == "US" and k.startswith("P"):
        return "plant"
    if country == "US" and k.startswith("E"):
        return "reissue"
    if k.startswith(("U", "Y")):
        return "utility-model"
    if k.startswith(("B", "C")):
        return "grant"
    if k.startswith(("A", "W")):
        return "application"
    return "other"


def lang_of(value: str | None) -> str | None:
    v = (value or "").strip().lower()
    return v[:2] if re.fullmatch(r"[a-z]{2}", v[:2] or "") else None


# document ids ---------------------------------------------------------------------------

def document_ids(refs: list[etree._Element]) -> dict[str, dict[str, str]]:
    """Document ids of one reference by format (docdb / epodoc / original)."""
    out: dict[str, dict[str, str]] = {}
    for ref in refs:
        ids = [ref] if local(ref) == "document-id" else find_all(ref, "document-id")
        for did in ids:
            fmt = did.get("document-id-type") or ref.get("data-format") or ref.get("document-id-type") or "docdb"
            values = {k: text(first(did, k)) for k in ("country", "doc-number", "kind", "date", "name")}
            out.setdefault(fmt, {k: v for k, v in values.items() if v})
    return out


def best_id(ids: dict[str, dict[str, str]]) -> tuple[str, dict[str, str]]:
    for fmt in ("docdb", "epodoc", "original"):
        if ids.get(fmt, {}).get("doc-number"):
            return fmt, ids[fmt]
    return "", {}


def split_epodoc(number: str) -> tuple[str, str]:
    """``EP20100167109`` -> (``EP``, ``10167109``); other offices keep the year-prefixed number."""
    cc, rest = number[:2].upper(), number[2:]
    if cc == "EP" and re.fullmatch(r"(19|20)\d\d\d{7}", rest):
        rest = rest[2:4] + rest[-6:]
    return cc, rest


# classification -------------------------------------------------------------------------

_IPCR_TAIL = re.compile(r"(?P<version>\d{8})?\s*(?P<level>[AC])?\s?(?P<pos>[FL])?(?P<value>[INA])(?![A-Za-z])")


def ipcr_text(value: str, scheme: str = "IPC") -> Classification | None:
    """``A61K   9/00   20060101AFI20221215BHEP`` -> IPC A61K 9/00, version 2006-01-01, first, I.

    The text is fixed-width (symbol in 19 columns, then version date, level, position, value);
    OPS also spells a shortened ``H04W  84/    20   A I`` form, read by pattern.
    """
    raw = value.rstrip()
    if len(raw) >= 30 and raw[19:27].isdigit():
        symbol = normalize_ipc(raw[:19])
        version, pos, val = raw[19:27], raw[28], raw[29]
    else:
        m = re.match(r"\s*([A-HY]\d\d[A-Z])\s*(\d{1,4})\s*/\s*(\d{1,6})", raw)
        symbol = normalize_ipc(f"{m.group(1)} {m.group(2)}/{m.group(3)}") if m else None
        tail = _IPCR_TAIL.search(raw[m.end():]) if m else None
        version = tail.group("version") if tail else None
        pos = tail.group("pos") if tail else None
        val = tail.group("value") if tail else None
    if not symbol:
        return None
    return Classification(scheme=scheme, symbol=symbol, version=scheme_version(version) if version else None,
                          first=pos == "F", value=val if val in {"I", "N", "A"} else None)


def ipc7(value: str) -> str | None:
    """Edition 1-7 spellings ``' 7A 61K   9/16   A'`` / ``'2C 07D 307/12 A'`` -> ``A61K 9/16``."""
    m = re.match(r"\s*\d?\s*([A-H])\s*(\d\d)\s*([A-Z])\s*(\d{1,4})\s*/\s*(\d{1,6})", value)
    return normalize_ipc(f"{m.group(1)}{m.group(2)}{m.group(3)} {m.group(4)}/{m.group(5)}") if m else None


def _scheme(raw: str) -> str:
    s = raw.upper()
    if s.startswith("CPC"):
        return "CPC"
    if s.startswith("IPC"):
        return "IPC"
    return {"UC": "USPC", "FI": "FI", "FT": "FTERM", "FTERM": "FTERM"}.get(s, s or "OTHER")


def classifications(biblio: etree._Element) -> list[Classification]:
    out: list[Classification] = []
    for el in find_all(biblio, "classifications-ipcr/classification-ipcr"):
        c = ipcr_text("".join((first(el, "text") if first(el, "text") is not None else el).itertext()))
        if c:
            out.append(c)
    for el in find_all(biblio, "classification-ipc"):
        edition = text(first(el, "edition")) or None
        for j, sub in enumerate(find_all(el, "main-classification") + find_all(el, "further-classification")):
            sym = ipc7(text(sub))
            if sym:
                out.append(Classification(scheme="IPC", symbol=sym, first=j == 0, version=edition))
    for el in find_all(biblio, "patent-classifications/patent-classification"):
        scheme_el = first(el, "classification-scheme")
        scheme = _scheme(scheme_el.get("scheme", "") if scheme_el is not None else "")
        symbol_text = text(first(el, "classification-symbol"))
        if first(el, "section") is not None:
            sym = ipc_from_parts(text(first(el, "section")), text(first(el, "class")), text(first(el, "subclass")),
                                 text(first(el, "main-group")), text(first(el, "subgroup")))
        elif scheme in {"CPC", "IPC"}:
            sym = normalize_ipc(symbol_text)
        else:
            sym = clean_text(symbol_text) or None
        if sym:
            out.append(Classification(
                scheme=scheme, symbol=sym, first=text(first(el, "symbol-position")) == "F",
                version=scheme_version(text(first(scheme_el, "date"))) if scheme_el is not None else None,
                value=text(first(el, "classification-value")) or None))
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in out:
        if (c.scheme, c.symbol) not in seen:
            seen.add((c.scheme, c.symbol))
            unique.append(c)
        elif c.first:  # the same symbol given again as first (another generating office)
            unique = [u.model_copy(update={"first": True}) if (u.scheme, u.symbol) == (c.scheme, c.symbol) else u
                      for u in unique]
    return unique


# citations ------------------------------------------------------------------------------

def citation(cit: etree._Element, office: str | None) -> PatentCitation | NplCitation | None:
    """One ``citation`` of DOCDB / OPS ``references-cited`` (or an EP search report)."""
    phase = phase_code(cit.get("cited-phase") or cit.get("srep-phase"))
    cited_by = cited_by_of(cit.get("cited-by"), phase)
    office = (cit.get("srep-office") or cit.get("office") or office or "").upper() or None
    cats = categories_of([text(c) for c in find_all(cit, "category") + find_all(cit, "rel-passage/category")])
    patcit = first(cit, "patcit")
    if patcit is not None:
        fmt, d = best_id(document_ids([patcit]))
        number = d.get("doc-number") or ""
        cc = d.get("country", "")
        if fmt == "epodoc" or (not cc and re.match(r"[A-Z]{2}\d", number)):
            cc, number = number[:2], number[2:]
        if not number and patcit.get("dnum"):
            m = re.fullmatch(r"([A-Z]{2})(.+?)([A-Z]\d?)?", patcit.get("dnum", ""))
            if m:
                cc, number, d["kind"] = m.group(1), m.group(2), m.group(3) or ""
        if not number:
            return None
        dn = doc_number(cc, number, d.get("kind") or None) if cc else None
        return PatentCitation(
            number=dn.without_kind if dn else clean_text(number), country=cc or None,
            doc_number=dn.number if dn else number, kind=dn.kind if dn else (d.get("kind") or None),
            date=partial_date(d.get("date")), name=d.get("name"), categories=cats, cited_by=cited_by,
            phase=phase, office=office)
    nplcit = first(cit, "nplcit")
    if nplcit is not None:
        body = text(first(nplcit, "text")) or text(nplcit, sep=" ")
        if body:
            return NplCitation(text=body, categories=cats, cited_by=cited_by, phase=phase)
    return None


def citations(biblio: etree._Element, office: str | None) -> tuple[list[PatentCitation], list[NplCitation]]:
    pats: list[PatentCitation] = []
    npls: list[NplCitation] = []
    for cit in find_all(biblio, "references-cited/citation"):
        c = citation(cit, office)
        if isinstance(c, PatentCitation):
            pats.append(c)
        elif c is not None:
            npls.append(c)
    return pats, npls


# parties --------------------------------------------------------------------------------

_BRACKET_CC = re.compile(r"\s*\[([A-Z]{2})\]\s*$")
# spellings in order of preference for the published name
_NAME_FORMATS = ("original", "docdba", "docdb", "epodoc")


def _clean_name(raw: str) -> tuple[str, str | None]:
    name = clean_text(raw)
    m = _BRACKET_CC.search(name)
    cc = m.group(1) if m else None
    if m:
        name = name[: m.start()]
    return re.sub(r"[\s,;]+$", "", name), cc


def exchange_parties(biblio: etree._Element) -> list[Party]:
    """Applicants, inventors and agents, one version of each (original spelling preferred)."""
    out: list[Party] = []
    for container, item, role in (("applicants", "applicant", "applicant"),
                                  ("inventors", "inventor", "inventor"), ("agents", "agent", "agent")):
        by_fmt: dict[str, list[tuple[int, str, str | None]]] = {}
        for n, el in enumerate(find_all(biblio, f"parties/{container}/{item}"), start=1):
            name, cc = _clean_name(text(first(el, f"{item}-name/name")) or text(first(el, "name")))
            if not name:
                continue
            cc = cc or text(first(el, "residence/country")) or None
            seq = el.get("sequence", "")
            by_fmt.setdefault(el.get("data-format") or "docdb", []).append(
                (int(seq) if seq.isdigit() else n, name, cc))
        base = by_fmt.get("docdb") or by_fmt.get("epodoc")
        if base is None:
            # only original spellings: the list may repeat a party in another spelling
            seen: set[str] = set()
            base = []
            for entry in by_fmt.get("docdba", []) + by_fmt.get("original", []):
                key = normalize_name(entry[1])
                if key not in seen:
                    seen.add(key)
                    base.append(entry)
        for seq, name, cc in base:
            spelled = next((e for f in _NAME_FORMATS for e in by_fmt.get(f, []) if e[0] == seq), None)
            country = cc or next((e[2] for f in ("docdb", "epodoc") for e in by_fmt.get(f, [])
                                  if e[0] == seq and e[2]), None)
            final = spelled[1] if spelled else name
            out.append(Party(role=role, name=final, normalized_name=normalize_name(final),
                             country=country.upper()[:2] if country else None, sequence=seq))
    return out


# the record -----------------------------------------------------------------------------

def priorities(biblio: etree._Element) -> list[Priority]:
    by_seq: dict[str, dict[str, dict[str, str]]] = {}
    kinds: dict[str, str | None] = {}
    for el in find_all(biblio, "priority-claims/priority-claim") + find_all(biblio, "priority-claim"):
        seq = el.get("sequence") or str(len(by_seq) + 1)
        fmt = el.get("data-format")
        ids = document_ids([el])
        slot = by_seq.setdefault(seq, {})
        for f, values in ids.items():
            slot.setdefault(fmt or f, values)
        kinds.setdefault(seq, el.get("kind"))
    out: list[Priority] = []
    for seq, ids in by_seq.items():
        fmt, d = best_id(ids)
        if fmt == "original" and any(v.get("doc-number") for k, v in ids.items() if k != "original"):
            continue
        number = d.get("doc-number", "")
        cc = d.get("country", "")
        if fmt == "epodoc" or not cc:
            cc, number = split_epodoc(number)
        kind = kinds.get(seq) or ("international" if d.get("kind") == "W" else None)
        out.append(Priority(country=cc.upper()[:2] or "XX", number=number,
                            date=parse_date(d.get("date"), "priority-claim/date"), kind=kind))
    return out


def _texts(els: list[etree._Element], *, paragraphs: bool) -> list[Text]:
    out: list[Text] = []
    seen: set[str | None] = set()
    for el in els:
        value = text(el, sep=" ") if paragraphs else text(el)
        lg = lang_of(el.get("lang"))
        if value and lg not in seen:
            seen.add(lg)
            out.append(Text(lang=lg, text=value))
    return out


def exchange_document(el: etree._Element, ctx: ReadContext, position: str, data: bytes,
                      version: str | None = None) -> PatentDocument:
    """A DOCDB / OPS ``exchange-document`` as a PatentDocument."""
    biblio = first(el, "bibliographic-data")
    pubs = find_all(biblio, "publication-reference")
    fmt, pub = best_id(document_ids(pubs))
    country = (pub.get("country") or el.get("country") or "").upper()
    number = el.get("doc-number") or pub.get("doc-number") or ""
    if fmt == "epodoc" and not el.get("doc-number"):
        country, number = split_epodoc(number)
    kind = el.get("kind") or pub.get("kind")
    if not country or not number:
        raise ParseError("exchange-document without publication number", field="publication-reference",
                         stage="parse")
    dn = doc_number(country, number, kind)
    ids = document_ids(pubs)
    pub_date = next((v["date"] for f in ("docdb", "epodoc") for v in [ids.get(f, {})] if v.get("date")),
                    None) or el.get("date-publ")
    app_ids = document_ids(find_all(biblio, "application-reference"))
    app_fmt, app = best_id(app_ids)
    app_date = next((v["date"] for v in app_ids.values() if v.get("date")), None)
    us_original = re.sub(r"\D", "", app_ids.get("original", {}).get("doc-number", ""))
    if app.get("country", country) == "US" and len(us_original) == 8:
        # DOCDB spells old US application numbers serial+year; the original keeps the series code
        app_fmt, app = "original", {"country": "US", "doc-number": us_original}
    if app_fmt == "epodoc":
        app_cc, app_no = split_epodoc(app.get("doc-number", ""))
    else:
        app_cc, app_no = app.get("country") or country, app.get("doc-number")
    pats, npls = citations(biblio, dn.country)
    designated = [text(c) for c in find_all(biblio, "designation-of-states/designation-pct/regional/country")
                  + find_all(biblio, "designation-of-states/designation-pct/national/country")
                  + find_all(biblio, "designation-of-states/designation-epc/contracting-states/country")]
    return PatentDocument(
        pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
        doc_type=doc_type_for(dn.country, dn.kind),
        pub_date=parse_date(pub_date, "publication-reference/date"),
        app_number=app_number(app_cc, app_no) if app_fmt else None,
        app_date=parse_date(app_date, "application-reference/date"),
        lang=lang_of(text(first(biblio, "language-of-publication"))),
        priorities=priorities(biblio),
        parties=exchange_parties(biblio),
        titles=_texts(find_all(biblio, "invention-title"), paragraphs=False),
        abstracts=_texts(find_all(el, "abstract"), paragraphs=True),
        classifications=classifications(biblio),
        citations=pats, npl_citations=npls,
        family_id=el.get("family-id") or None,
        designated_states=list(dict.fromkeys(c for c in designated if re.fullmatch(r"[A-Z]{2}", c))),
        provenance=[ctx.provenance(position, data, version)],
    )


_CLAIM_WORD = r"(?:claims?|anspr(?:u|ü|ue)ch(?:es|s|e|en)?|revendications?)"


_CLAIM_LIST = re.compile(
    _CLAIM_WORD + r"\s+(?P<list>\d+(?:\s*(?:,|-|–|to|bis|à|a|or|oder|ou|and|und|et)\s*\d+)*)", re.IGNORECASE)


def claim_dependencies(body: str, num: int) -> list[int]:
    """Claims a claim refers back to, read from its wording in EN, DE or FR.

    >>> claim_dependencies("The device of claim 2 or 3, wherein", 4)
    [2, 3]
    >>> claim_dependencies("Verfahren nach einem der Ansprüche 1 bis 3, dadurch", 5)
    [1, 2, 3]
    """
    deps: set[int] = set()
    for m in _CLAIM_LIST.finditer(body):
        prev: int | None = None
        span = False
        for token in re.findall(r"\d+|-|–|to|bis|à", m.group("list")):
            if token.isdigit():
                n = int(token)
                if span and prev is not None and prev < n <= prev + 500:
                    deps.update(range(prev + 1, n + 1))
                else:
                    deps.add(n)
                prev, span = n, False
            else:
                span = True
    return sorted(d for d in deps if 0 < d < num)
