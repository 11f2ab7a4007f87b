"""Licence terms read from a contract's text by rules, and checked against the CUAD clause labels.

CUAD v1 (../shared/data/ownership/cuad_v1_contracts, CC BY 4.0, The Atticus Project) labels the clauses
of 510 commercial contracts in 41 categories. The licence-related ones seed :data:`TERMS`: for each, a
few patterns written from the category's description (not fitted to the labels) find the sentences
that state it; governing law and the parties' licence grant are also read out as values.
:func:`evaluate` compares, per category, "the contract has such a clause" with CUAD's labels on the
contracts whose full text is in ../shared/data/ownership/cuad_v1_ip_license_contract_txt.

>>> terms = extract("This Agreement shall be governed by the laws of the State of New York. "
...                 "Licensor grants to Licensee a non-exclusive, non-transferable license to use the Marks.")
>>> terms.governing_law, [t.term for t in terms.terms if t.present]
('New York', ['License Grant', 'Non-Transferable License'])
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from iprhub.errors import InvalidInput

# CUAD category -> patterns (case-insensitive) of a sentence stating it
TERMS: dict[str, tuple[str, ...]] = {
    "License Grant": (r"\b(hereby\s+)?grants?\b[^.]{0,200}\blicen[cs]e\b", r"\blicen[cs]e\s+is\s+hereby\s+granted\b",
                      r"\b(grants?|granted)\b[^.]{0,200}\b(right|sublicen[cs]e)\b[^.]{0,60}\b(use|make|sell|practice|"
                      r"reproduce|distribute)\b"),
    "Exclusivity": (r"(?<!non-)(?<!non)\bexclusive\s+(right|licen[cs]e|distributor|basis)", r"\bshall\s+not\b[^.]{0,80}"
                    r"\b(any\s+other|third\s+part(y|ies))\b[^.]{0,80}\b(licen[cs]e|appoint|grant)"),
    "Non-Transferable License": (r"\bnon-?\s?(transferable|assignable)\b", r"\bwithout\s+the\s+right\s+to\s+sublicen",
                                 r"\b(shall|may)\s+not\b[^.]{0,100}\b(sublicen[cs]e|transfer|assign)\b[^.]{0,80}\b"
                                 r"(licen[cs]e|software|rights?\s+granted)\b"),
    "Irrevocable or Perpetual License": (r"\b(irrevocable|perpetual)\b",),
    "Affiliate License-Licensee": (r"\blicen[cs]e\b[^.]{0,200}\b(licensee|recipient|its)\b[^.]{0,40}\baffiliates\b",
                                   r"\b(sublicen[cs]e|extend)\b[^.]{0,80}\baffiliates\b"),
    "Revenue/Profit Sharing": (r"\broyalt(y|ies)\b", r"\b(percent|%)\s+of\s+(the\s+)?(net\s+)?(sales|revenue|profits)\b",
                               r"\bprofit\s+shar"),
    "Minimum Commitment": (r"\bminimum\s+(annual\s+)?(royalt|purchase|order|payment|quantit|commitment)",
                           r"\bminimum\b[^.]{0,80}\b(amount|volume|units|fee|sales|purchase)"),
    "Covenant Not to Sue": (r"\bcovenants?\s+not\s+to\s+(sue|assert)\b",
                            r"\b(not|never)\b[^.]{0,60}\b(contest|challenge|attack|impair)\b"),
    "IP Ownership Assignment": (r"\bhereby\s+(irrevocably\s+)?(assigns?|conveys?|transfers?)\b[^.]{0,120}\b(right|title|"
                                r"interest)\b", r"\bassign(s|ment)?\b[^.]{0,100}\b(inventions|work\s+product|intellectual\s+"
                                r"property|copyrights?)\b", r"\bworks?\s+made\s+for\s+hire\b"),
    "Joint IP Ownership": (r"\bjointly\s+own", r"\bjoint(ly)?\s+(owned|ownership)\b"),
    "Anti-Assignment": (r"\bmay\s+not\s+(be\s+)?assign", r"\bshall\s+not\s+(assign|transfer)\b",
                        r"\bassign(ment|ed)?\b[^.]{0,150}\bconsent\b", r"\bconsent\b[^.]{0,100}\bassign",
                        r"\bassignment\b[^.]{0,80}\b(void|null)\b"),
    "Audit Rights": (r"\baudit\b", r"\binspect\b[^.]{0,60}\b(books|records)\b"),
}
_LAW = re.compile(r"governed\s+by[^.]{0,60}?laws?\s+of\s+(?:the\s+)?(?:State\s+of\s+|Commonwealth\s+of\s+)?"
                  r"([A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)")
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])|\n\s*\n")


class TermFound(BaseModel):
    term: str = Field(description="CUAD category.")
    present: bool
    clauses: list[str] = Field(default_factory=list, description="The sentences stating it (at most 3, cut at 300).")


class LicenceTerms(BaseModel):
    source: str
    governing_law: str | None = None
    terms: list[TermFound]


def extract(text: str, source: str = "") -> LicenceTerms:
    sentences = [" ".join(s.split()) for s in _SENTENCE.split(text) if s.strip()]
    found = []
    for term, patterns in TERMS.items():
        regs = [re.compile(p, re.IGNORECASE) for p in patterns]
        hits = [s for s in sentences if any(r.search(s) for r in regs)]
        found.append(TermFound(term=term, present=bool(hits), clauses=[h[:300] for h in hits[:3]]))
    law = _LAW.search(" ".join(text.split()))
    return LicenceTerms(source=source, governing_law=law.group(1) if law else None, terms=found)


def read_text(path: Path) -> str:
    try:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InvalidInput(f"cannot read contract {path}: {exc}", file=str(path)) from exc
    return data.decode("utf-8", errors="replace")


def extract_files(paths: Iterable[Path]) -> list[LicenceTerms]:
    out = []
    for p in paths:
        files = sorted(x for x in p.iterdir() if x.is_file()) if p.is_dir() else [p]
        out += [extract(read_text(f), str(f)) for f in files]
    return out


def _key(name: str) -> str:
    name = name.split("__", 1)[-1]
    name = re.sub(r"\.(txt|pdf)(\.gz)?$", "", name, flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]", "", name.lower())


def cuad_labels(master_csv: Path) -> dict[str, dict[str, bool]]:
    """Contract key -> CUAD category -> has a labelled clause (``master_clauses.csv``)."""
    text = read_text(master_csv)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "Filename" not in rows[0]:
        raise InvalidInput(f"{master_csv}: no Filename column (line 1)", file=str(master_csv), position="line 1")
    out: dict[str, dict[str, bool]] = {}
    for line, r in enumerate(rows, 2):
        labels: dict[str, bool] = {}
        for term in TERMS:
            raw = r.get(term)
            if raw is None:
                raise InvalidInput(f"{master_csv}: no column {term!r}", file=str(master_csv), position="line 1")
            try:
                clauses = ast.literal_eval(raw) if raw.strip() else []
            except (ValueError, SyntaxError):
                raise InvalidInput(f"{master_csv}: column {term!r} is not a list", file=str(master_csv),
                                   position=f"line {line}") from None
            labels[term] = bool(clauses)
        out[_key(r["Filename"])] = labels
    return out


def evaluate(contracts_dir: Path, master_csv: Path) -> list[tuple[str, int, int, int, int, float, float, float]]:
    """Per category: (term, contracts, labelled, tp, fp, precision, recall, majority-baseline accuracy−rule accuracy)."""
    labels = cuad_labels(master_csv)
    results: dict[str, list[tuple[bool, bool]]] = {t: [] for t in TERMS}
    for f in sorted(contracts_dir.iterdir()):
        k = _key(f.name)
        match = labels.get(k) or next((v for key, v in labels.items() if key.startswith(k) or k.startswith(key)), None)
        if match is None:
            continue
        got = extract(read_text(f), f.name)
        for t in got.terms:
            results[t.term].append((t.present, match[t.term]))
    rows = []
    for term, pairs in results.items():
        tp = sum(p and g for p, g in pairs)
        fp = sum(p and not g for p, g in pairs)
        fn = sum(g and not p for p, g in pairs)
        n, pos = len(pairs), sum(g for _, g in pairs)
        acc = (n - fp - fn) / n if n else 0.0
        base = max(pos, n - pos) / n if n else 0.0
        rows.append((term, n, pos, tp, fp, round(tp / (tp + fp), 3) if tp + fp else 0.0,
                     round(tp / pos, 3) if pos else 0.0, round(acc - base, 3)))
    return rows
