"""PATENTSCOPE and Lens queries, recognised and translated into the query language.

Both use ``FIELD:value``, ``[a TO b]`` ranges and ``"a b"~n`` proximity (Lucene); Lens adds
``+word`` (required) and ``-word`` (excluded). A query in either syntax is rewritten into
iprhub's (Espacenet's) and the result shows the translation; a ``NAME:value`` whose name is no
field of either is refused with its position, never searched as free text.

>>> translate('EN_TI:(solar AND cell) AND DP:[01.01.2010 TO 31.12.2010]').query
'ti=(solar AND cell) AND pd within "01.01.2010 31.12.2010"'
>>> translate('+title:malaria -abstract:mosquito classification_cpc:A61K*').query
'ti=malaria not ab=mosquito cpc=A61K*'
>>> translate('"solar cell"~5').query
'(solar prox/distance<6 cell)'
>>> translate("ti=battery") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iprhub.errors import InvalidInput

PATENTSCOPE = {
    "EN_TI": "ti", "TI": "ti", "EN_AB": "ab", "AB": "ab", "EN_CL": "claims", "CL": "claims", "EN_DE": "desc",
    "DE": "desc", "EN_ALLTXT": "ftxt", "ALLTXT": "ftxt", "EN_ALL": "nftxt", "ALL": "nftxt", "FP": "txt",
    "PA": "pa", "IN": "in", "RP": "ag", "IC": "ipc", "CPC": "cpc", "DP": "pd", "AD": "ad", "PD": "pd",
    "PN": "pn", "AN": "ap", "PI": "pr", "NP": "pr", "CTR": "ctry", "LGP": "lang",
}
LENS = {
    "title": "ti", "abstract": "ab", "claim": "claims", "claims": "claims", "description": "desc",
    "full_text": "ftxt", "applicant.name": "pa", "inventor.name": "in", "owner.name": "pa", "agent.name": "ag",
    "classification_cpc": "cpc", "classification_cpc.symbol": "cpc", "classification_ipcr": "ipc",
    "classification_ipcr.symbol": "ipc", "pub_date": "pd", "publication_date": "pd", "filing_date": "ad",
    "date_published": "pd", "jurisdiction": "ctry", "doc_number": "pn", "lang": "lang", "cites": "ct",
}
DATE_CODES = {"pd", "ad"}
_FIELD = re.compile(r"(?<![\w.])([A-Za-z][A-Za-z_.]*[A-Za-z]):(?=[^\s:/])")
_SCAN = re.compile(
    r'(?P<quoted>"[^"]*"(?:~(?P<slop>\d+))?)'
    r"|(?P<range>[\[{]\s*(?P<low>[^\]\s}]+)\s+TO\s+(?P<high>[^\]\s}]+)\s*[\]}])"
    r"|(?P<field>(?<![\w.])[A-Za-z][A-Za-z_.]*[A-Za-z]:(?=[^\s:/]))"
    r"|(?P<sign>(?:(?<=\s)|^)[+-](?=[\w\"(]))"
    r"|(?P<op>\b(?:ANDNOT|AND|OR|NOT)\b)"
    r"|(?P<other>[^\s\"\[{]+|\s+|.)",
)


@dataclass
class Translation:
    dialect: str  # patentscope, lens or lucene
    query: str  # in iprhub's query language


def translate(text: str) -> Translation | None:
    """The query in iprhub's language, or None when it is not PATENTSCOPE or Lens syntax."""
    if not _looks_foreign(text):
        return None
    dialect = ""
    out: list[str] = []
    code: str | None = None  # the field the next value belongs to
    pending_not = False
    for m in _SCAN.finditer(text):
        kind = m.lastgroup
        piece = m.group(0)
        if pending_not and kind in ("field", "quoted", "other") and not piece.isspace():
            out.append("not ")
            pending_not = False
        if kind == "field":
            name = piece[:-1]
            mapped, which = _field(name)
            if mapped is None:
                raise InvalidInput(f"unknown field {name}: at column {m.start() + 1} (PATENTSCOPE fields: "
                                   f"{', '.join(sorted(PATENTSCOPE))}; Lens fields: {', '.join(sorted(LENS))})",
                                   position=m.start(), field="query")
            dialect = dialect or which
            code = mapped
            out.append(f"{mapped}=")
            continue
        if kind == "range":
            if code is None or code not in DATE_CODES:
                raise InvalidInput(f"a range [a TO b] applies to a date field (DP, AD, pub_date) at column "
                                   f"{m.start() + 1}", position=m.start(), field="query")
            out[-1] = _range(code, m.group("low"), m.group("high"))
            code = None
            continue
        if kind == "quoted" and m.group("slop") is not None:
            words = m.group(0)[1:m.group(0).rindex('"')].split()
            chain = f" prox/distance<{int(m.group('slop')) + 1} ".join(words)
            out.append(f"({chain})")
            code = None
            dialect = dialect or "lucene"
            continue
        if kind == "sign":
            dialect = dialect or "lens"
            if piece == "-":
                pending_not = True
            continue
        if kind == "op":
            out.append("not" if piece == "ANDNOT" else piece)
            continue
        if kind == "other" and piece.isspace():
            out.append(" ")
            continue
        out.append(piece)
        if kind in ("quoted", "other") and piece not in ("(",):
            code = None
    query = _join("".join(out))
    return Translation(dialect or "lucene", query)


def _looks_foreign(text: str) -> bool:
    bare = re.sub(r'"[^"]*"', '""', text)
    return bool(_FIELD.search(bare) or re.search(r'"~\d', text) or re.search(r"[\[{][^\]}]*\sTO\s", text)
                or re.search(r"(?:^|\s)\+[\w\"(]", text))


def _field(name: str) -> tuple[str | None, str]:
    if name.upper() in PATENTSCOPE and (name.isupper() or name.upper() == name):
        return PATENTSCOPE[name.upper()], "patentscope"
    if name.lower() in LENS:
        return LENS[name.lower()], "lens"
    if name.upper() in PATENTSCOPE:
        return PATENTSCOPE[name.upper()], "patentscope"
    return None, ""


def _range(code: str, low: str, high: str) -> str:
    if low == "*" and high == "*":
        return f"{code}>=1800"
    if low == "*":
        return f"{code}<={high}"
    if high == "*":
        return f"{code}>={low}"
    return f'{code} within "{low} {high}"'


def _join(query: str) -> str:
    """Lens's ``+a -b c``: juxtaposition already means ``and`` and ``-b`` became ``not b``."""
    return re.sub(r"\s+", " ", query).strip()
