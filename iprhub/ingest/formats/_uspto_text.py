"""USPTO full-text conventions shared by the grant and publication readers (XML v4.x, PATDOC,
pap v1.x, APS, BRS, PPUBS, IFW, CPC master): document types, application numbers, the inert
prolog and Greek entities of the SGML-era XML, edition-7 IPC and USPC spellings, text claims
and their references, "Last; First" names, BRS-style classification and continuity fields,
the agents behind a correspondence address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.xml_stream import local, text
from iprhub.model.classification import Classification, normalize_ipc, scheme_version
from iprhub.model.common import Party, clean_text, normalize_name, parse_date
from iprhub.model.patent import Claim, RelatedDocument


def us_doc_type(kind: str | None, appl_type: str | None, grant: bool) -> str:
    if appl_type == "design" or (kind or "").startswith("S"):
        return "design"
    if appl_type == "plant" or (kind or "").startswith("P"):
        return "plant"
    if appl_type == "reissue" or (kind or "").startswith("E"):
        return "reissue"
    return "grant" if grant else "application"


def us_app_number(number: str | None, series: str | None = None) -> str | None:
    if not number:
        return None
    digits = re.sub(r"\D", "", number)
    if series and len(digits) == 6:
        digits = series + digits
    return f"US{digits}"


_SUBSET = re.compile(rb"(<!DOCTYPE[^\[>]*)\[(.*?)\]\s*>", re.S)


_COMMENT = re.compile(rb"<!--.*?-->", re.S)


def inert_prolog(data: bytes) -> bytes:
    """Drop comments and the internal DTD subset before the root element.

    These files declare one ``NDATA`` entity per drawing page in the internal subset; the
    declarations are never needed for text, and without them the secure parser has nothing
    to refuse. Line numbers are kept (removed parts become newlines).
    """
    m = re.search(rb"<(?![?!])[A-Za-z_]", data)
    end = m.start() if m else min(len(data), 65536)
    prolog, body = data[:end], data[end:]

    def blank(match: re.Match[bytes]) -> bytes:
        return b"\n" * match.group(0).count(b"\n")

    prolog = _COMMENT.sub(blank, prolog)
    prolog = _SUBSET.sub(lambda mm: mm.group(1) + b"\n" * mm.group(2).count(b"\n") + b">", prolog)
    return prolog + body


_GREEK = {
    "a": "α", "b": "β", "g": "γ", "d": "δ", "e": "ε", "z": "ζ", "ee": "η", "th": "θ", "i": "ι",
    "k": "κ", "l": "λ", "m": "μ", "n": "ν", "x": "ξ", "o": "ο", "p": "π", "r": "ρ", "s": "σ",
    "sf": "ς", "t": "τ", "u": "υ", "ph": "φ", "kh": "χ", "ps": "ψ", "oh": "ω",
}


_GREEK_ENTITY = re.compile(r"&([A-Za-z]{1,2})gr;")


def _greek(match: re.Match[str]) -> str:
    name = match.group(1)
    ch = _GREEK.get(name.lower())
    if ch is None:
        return match.group(0)
    return ch.upper() if name[0].isupper() else ch


def fix_entities(value: str) -> str:
    """Turn ISO 8879 Greek entity names (``&Dgr;``, ``&lgr;``), unknown to HTML5, into letters."""
    return _GREEK_ENTITY.sub(_greek, value) if "&" in value else value


def block_text(el: etree._Element | None, blocks: frozenset[str]) -> str:
    """Text below ``el`` with a space after every block element (paragraph, claim step).

    Inline markup (bold, sub/superscript, claim references) is joined without spaces.
    """
    if el is None:
        return ""
    for b in el.iter():
        if isinstance(b.tag, str) and local(b) in blocks and b is not el:
            b.tail = " " + (b.tail or "")
    return fix_entities(text(el))


def ipc7_symbol(raw: str | None) -> str | None:
    """Edition-7 fixed-width IPC (``A47L  514`` = A47L 5/14, ``C07D49304`` = C07D 493/04)."""
    if not raw or not raw.strip():
        return None
    value = raw.strip()
    if "/" in value:
        return normalize_ipc(value)
    m = re.fullmatch(r"([A-H]\d\d[A-Z])([ \d]{3})(\d{2,6})", value)
    if m and m.group(2).strip().isdigit():
        return normalize_ipc(f"{m.group(1)} {int(m.group(2))}/{m.group(3)}")
    m = re.fullmatch(r"([A-H]\d\d[A-Z])\s*(\d{3,9})", value)
    if m:  # spacing lost: the subgroup is the last two digits unless the group would exceed three
        digits = m.group(2)
        group, sub = (digits[:-2], digits[-2:]) if len(digits) <= 5 else (digits[:3], digits[3:])
        return normalize_ipc(f"{m.group(1)} {int(group)}/{sub}")
    return normalize_ipc(value)


def uspc_symbol(raw: str | None) -> str | None:
    """US class in the fixed-width 3+3 spelling (`` 15328`` = 15/328, ``2063081`` = 206/308.1,
    ``179 90K`` = 179/90K, ``D14480`` = D14/480, applications' ``002001000`` = 2/1); ``None``
    when it is not one."""
    if not raw or not raw.strip():
        return None
    value = raw.rstrip()
    if "/" in value:
        cls, _, sub = value.partition("/")
        cls, sub = cls.strip(), sub.strip()
        return f"{cls}/{sub}" if cls and sub else None
    value = value.rjust(6)  # leading blanks are sometimes trimmed by re-serialisation
    cls, main, rest = value[:3].strip(), value[3:6].strip(), value[6:].strip()
    cls = cls.replace(" ", "")
    if not re.fullmatch(r"[A-Z0-9]{1,3}", main) or not re.fullmatch(r"[A-Z0-9]{1,3}", cls):
        return None
    if main.isdigit():
        main = main.lstrip("0") or "0"
    if cls.isdigit():
        cls = cls.lstrip("0") or "0"
    rest = rest.lstrip(".")
    if len(value) == 9 and value.isdigit():  # the applications' 3+3+3 spelling: 600300000 = 600/300
        rest = rest.rstrip("0")
    if rest.isdigit():
        main = f"{main}.{rest}"
    elif rest:
        main += rest
    return f"{cls}/{main}"


def strip_claim_number(body: str, num: int) -> str:
    """``"2. The vacuum cleaner …"`` -> ``"The vacuum cleaner …"`` when the number is this claim's."""
    m = re.match(r"\s*(\d+)\s*\.\s*", body)
    if m and int(m.group(1)) == num:
        return body[m.end():]
    return body


_CLAIM_REF = re.compile(
    r"claims?\s*(\d+(?:\s*(?:,|or|and|to|through|-|–)\s*(?:claims?\s*)?\d+)*)", re.IGNORECASE)


def claim_references(body: str, num: int) -> list[int]:
    """Earlier claims named in a claim's text: ``claim 1``, ``claims 1 or 2``, ``claims 3 to 5``."""
    out: list[int] = []
    for m in _CLAIM_REF.finditer(body):
        numbers = re.findall(r"\d+|to|through|-|–", m.group(1))
        prev: int | None = None
        ranged = False
        for tok in numbers:
            if tok.isdigit():
                n = int(tok)
                span = range(prev + 1, n + 1) if ranged and prev is not None and prev < n else [n]
                for k in span:
                    if 0 < k < num and k not in out:
                        out.append(k)
                prev, ranged = n, False
            else:
                ranged = True
    return out


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def person_name(value: str | None) -> str:
    """``"Hoff; Don G."`` (surname; given names) -> ``"Hoff, Don G."``."""
    if not value:
        return ""
    last, sep, given = value.partition(";")
    return f"{last.strip()}, {given.strip()}" if sep and given.strip() else clean_text(last)


def text_claims(paragraphs: list[str]) -> list[Claim]:
    """Claims from text paragraphs: ``"2. The terminal of claim 1 …"`` opens claim 2; other
    paragraphs continue the open claim. Dependencies come from "claim N" phrases.

    >>> [(c.num, c.depends_on) for c in text_claims(["1. A lamp comprising:", "a base.", "2. The lamp of claim 1."])]
    [(1, []), (2, [1])]
    """
    bodies: list[tuple[int, list[str]]] = []
    for para in paragraphs:
        para = clean_text(para)
        if not para:
            continue
        m = re.match(r"(\d+)\s*\.\s*\S", para)
        num = int(m.group(1)) if m else 0
        # numbers rise, with gaps where a reissue cancelled claims; a lower one is a list item
        if m and (not bodies or bodies[-1][0] < num <= bodies[-1][0] + 10):
            bodies.append((num, [strip_claim_number(para, num)]))
        elif bodies:
            bodies[-1][1].append(para)
        else:
            bodies.append((1, [para]))  # a single unnumbered claim (designs, plants)
    out = []
    for num, parts in bodies:
        body = " ".join(parts)
        out.append(Claim(num=num, text=body, depends_on=claim_references(body, num)))
    return out


def na(value: str | None) -> str | None:
    """BRS and PPUBS write ``N/A`` for an empty field."""
    value = clean_text(value)
    return None if not value or value.upper() in {"N/A", "NONE"} else value


_CITED_BY = re.compile(r"\s*cited by (examiner|applicant|third party|other)\s*$", re.IGNORECASE)


def cited_by(text: str | None) -> str:
    """``"… cited by examiner"`` -> ``"examiner"``."""
    m = _CITED_BY.search(text or "")
    return m.group(1).lower().replace(" ", "-") if m else "unknown"


def without_cited_by(text: str) -> str:
    return _CITED_BY.sub("", text)


def ipc_group(value: str) -> Classification | None:
    """``20060101 A H05K H05K9/00 F I B US H 20151201``: version, level, subclass, symbol,
    first/later position, inventive/non-inventive value, …"""
    parts = value.split()
    sym = normalize_ipc(parts[3]) if len(parts) >= 6 else None
    if not sym:
        return None
    return Classification(scheme="IPC", symbol=sym, first=parts[4] == "F", version=scheme_version(parts[0]),
                          value=parts[5])


def cpc_group(value: str) -> Classification | None:
    """``H H05K H05K9/0066 20130101 F I 20151201 US``: section, subclass, symbol, version,
    first/later position, inventive/additional value, …"""
    parts = value.split()
    sym = normalize_ipc(parts[2]) if len(parts) >= 6 else None
    if not sym:
        return None
    return Classification(scheme="CPC", symbol=sym, first=parts[4] == "F", version=scheme_version(parts[3]),
                          value=parts[5])


def continuity_documents(entries: Iterable[str], warnings: list[str]) -> list[RelatedDocument]:
    """Related applications from continuity texts (:func:`continuity`); an entry with an
    impossible date is dropped with a line in ``warnings``, never the whole record."""
    out: list[RelatedDocument] = []
    for entry in entries:
        try:
            rel = continuity(entry)
        except ParseError as exc:
            warnings.append(f"continuity entry dropped ({exc.message}): {clean_text(entry)[:160]}")
            continue
        if rel:
            out.append(rel)
    return out


def continuity(value: str) -> RelatedDocument | None:
    """``continuation parent-doc US 13624697 20120921 …`` / ``us-provisional-application US 61559247 20111114``."""
    m = re.match(r"(\S+) (?:parent-doc )?([A-Z]{2}) (\S+) (\d{8})", value.strip())
    if not m:
        return None
    number = m.group(3) if m.group(3).upper().startswith("PCT") else m.group(2) + m.group(3)
    return RelatedDocument(relation=m.group(1), number=number, date=parse_date(m.group(4), "continuity"))


def correspondence_parties(named: Iterable[Party], parties: list[Party]) -> list[Party]:
    """Parties a correspondence address names (``named``, any role), seen against the document's
    other ``parties``.

    Where a document names no agent, the correspondence address is the attorney's or the firm's
    of record: its names become ``agent`` parties, unless one is an applicant or inventor writing
    for themselves; where an agent is named, they stay ``correspondent``. ``"Bruhn, Esq.;DORSEY &
    WHITNEY LLP"`` names two.
    """
    has_agent = any(p.role == "agent" for p in parties)
    own = [set(p.normalized_name.split()) for p in parties if p.role in ("applicant", "inventor")]
    out: list[Party] = []
    for p in named:
        for name in (n.strip() for n in p.name.split(";")):
            key = normalize_name(name) if name else ""
            if not key:
                continue
            role = "correspondent" if has_agent or set(key.split()) in own else "agent"
            out.append(p.model_copy(update={"role": role, "name": name, "normalized_name": key,
                                            "sequence": len(out) + 1}))
    return out
