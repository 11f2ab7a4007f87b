"""Loading relevance judgments and labelled sets for ``iprhub eval``.

- citations: examiner / search-report / office-action citations whose cited documents are in the store;
- known-item: a document's first claim must find that document (claims withheld from the index);
- PANORAMA: USPTO applications' claims must find the examiner-cited patents (their text added to
  the candidates);
- phrase similarity: Google's patent phrase pairs with human ratings.
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from iprhub.model.common import Text
from iprhub.model.patent import Claim, ClaimSet, PatentDocument
from iprhub.store import Store
from iprhub.store import schema as s


@dataclass
class RetrievalQuery:
    qid: str
    text: str
    relevant: set[str]  # publication numbers of the candidates
    exclude: set[str] = field(default_factory=set)  # the query's own documents


_NUMBER_PARTS = re.compile(r"([A-Z]{0,2})(\d+)([A-Z]\d?)?")


def citation_key(country: str | None, number: str | None) -> str:
    """A kind-less key under which the spellings of one publication number meet.

    Citations spell numbers as the citing office did: leading zeros (``JP09242576``, ``EP00875811``),
    two-digit WO years (``WO03012908``), 10- or 11-digit US publications (``US2005004437``), a kind
    code glued on or separated. The key drops the kind, the zero padding and punctuation.

    >>> citation_key("WO", "03/012908 A1") == citation_key("WO", "WO2003012908")
    True
    >>> citation_key("US", "2005004437") == citation_key("US", "US20050004437A1")
    True
    >>> citation_key("JP", "09242576"), citation_key("US", "D456588 S")
    ('JP9242576', 'USD456588')
    """
    cc = (country or "").strip().upper()
    raw = re.sub(r"[^A-Z0-9]", "", (number or "").upper())
    if cc and raw.startswith(cc) and len(raw) > len(cc) and not raw[len(cc):].isalpha():
        raw = raw[len(cc):]
    m = _NUMBER_PARTS.fullmatch(raw)
    if not m:
        return cc + raw
    prefix, digits = m.group(1), m.group(2)
    if cc in {"US", "WO"} and not prefix and len(digits) in (9, 10, 11) and digits[:2] in {"19", "20"}:
        digits = digits[:4] + str(int(digits[4:]))  # year + serial, whatever the padding
    elif cc == "WO" and not prefix and len(digits) in (7, 8):
        digits = ("19" if int(digits[:2]) >= 50 else "20") + digits[:2] + str(int(digits[2:]))
    else:
        digits = str(int(digits))
    return cc + prefix + digits


def _split_number(text: str) -> tuple[str, str]:
    text = text.strip().upper()
    return (text[:2], text[2:]) if text[:2].isalpha() else ("US", text)


def citation_queries(store: Store, first_claim_of: Any, data_dir: Path | None = None) -> list[RetrievalQuery]:
    """Citing document -> cited documents present in the store, from every real citation link at hand.

    - the citations of the stored documents (USPTO references cited, EP search reports, DOCDB/OPS
      ``references-cited``, PPUBS reference groups), matched by :func:`citation_key`;
    - USPTO office-action citation records (``uspto/office_action_json/*citation*``: the references an
      examiner cited in a rejection), when the application's document is in the store;
    - KIPRIS examiner citations (``eval/kipris_prior_art``): the Korean title and abstract is the query.

    Cited documents of the citing document's own family do not count. Query: the citing document's
    first claim (KIPRIS: its title and abstract).
    """
    d, c = s.documents, s.doc_citations
    with store.engine.connect() as conn:
        numbers = conn.execute(select(d.c.id, d.c.pub_number, d.c.country, d.c.doc_number, d.c.app_number,
                                      d.c.family_id)).all()
        cites = conn.execute(select(c.c.doc_id, c.c.cited_country, c.c.cited_number)
                             .where(c.c.cited_number.is_not(None))).all()
    by_key: dict[str, set[str]] = {}
    by_id: dict[int, str] = {}
    by_app: dict[str, str] = {}
    family: dict[str, str | None] = {}
    for row in numbers:
        by_key.setdefault(citation_key(row.country, row.doc_number), set()).add(row.pub_number)
        by_id[row.id] = row.pub_number
        family[row.pub_number] = row.family_id
        if row.app_number:
            by_app[re.sub(r"\D", "", row.app_number)] = row.pub_number

    def targets(citing: str | None, country: str, number: str) -> set[str]:
        fam = family.get(citing) if citing else None
        return {t for t in by_key.get(citation_key(country, number), set())
                if t != citing and not (fam and family.get(t) == fam)}

    rel: dict[str, set[str]] = {}
    for doc_id, country, cited in cites:
        citing = by_id.get(doc_id)
        cc, num = (country, cited) if country else _split_number(cited)
        if citing and (found := targets(citing, cc, num)):
            rel.setdefault(citing, set()).update(found)
    for app, ref in _office_action_citations(data_dir):
        citing = by_app.get(app)
        if citing and (found := targets(citing, *_split_number(ref))):
            rel.setdefault(citing, set()).update(found)
    out = []
    for citing, found in sorted(rel.items()):
        doc = store.get_document(citing)
        text = first_claim_of(doc) if doc else None
        if text:
            out.append(RetrievalQuery(citing, text, found, {citing}))
    for app, text, refs in _kipris(data_dir):
        found = set().union(*(targets(None, *_split_number(r)) for r in refs)) if refs else set()
        if found and text.strip():
            out.append(RetrievalQuery(f"KIPRIS-{app}", text, found))
    return out


def _office_action_citations(data_dir: Path | None) -> list[tuple[str, str]]:
    """(application number, cited number) for references an examiner cited in an office action."""
    out: list[tuple[str, str]] = []
    folder = data_dir / "uspto" / "office_action_json" if data_dir else None
    for path in sorted(folder.glob("*citation*.json.gz")) if folder and folder.is_dir() else []:
        data = _load_json_gz(path)
        docs = data.get("response", {}).get("docs", []) if isinstance(data, dict) else data
        for rec in docs if isinstance(docs, list) else []:
            if not isinstance(rec, dict) or not (rec.get("examinerCitedReferenceIndicator")
                                                 or rec.get("officeActionCitationReferenceIndicator")):
                continue
            app = re.sub(r"\D", "", str(rec.get("patentApplicationNumber") or ""))
            ref = str(rec.get("parsedReferenceIdentifier") or "").strip()
            if app and ref:
                out.append((app, ref))
    return out


def _kipris(data_dir: Path | None) -> list[tuple[str, str, list[str]]]:
    """(application number, title + abstract, cited numbers) of the KIPRIS prior-art set (both variants merged)."""
    folder = data_dir / "eval" / "kipris_prior_art" if data_dir else None
    merged: dict[str, tuple[str, list[str]]] = {}
    for path in sorted(folder.glob("*.jsonl.gz")) if folder and folder.is_dir() else []:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                rec = orjson.loads(line) if line.strip() else {}
                target = rec.get("target_patent") or {}
                app = str(target.get("application_number") or "")
                refs = [m.group(0) for r in rec.get("ground_truth_prior_arts") or []
                        if (m := re.match(r"[A-Z]{2}\s*[A-Z]{0,2}[\d/,.\- ]*\d", str(r).strip()))]
                text = f"{target.get('title') or ''}. {target.get('abstract') or ''}"
                if app:
                    old = merged.get(app)
                    merged[app] = (text, sorted(set(refs) | set(old[1] if old else [])))
    return [(app, text, refs) for app, (text, refs) in sorted(merged.items())]


def _load_json_gz(path: Path) -> Any:
    with gzip.open(path, "rb") as f:
        return orjson.loads(f.read())


def _literal(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def panorama(data_dir: Path) -> tuple[list[RetrievalQuery], list[PatentDocument]]:
    """PANORAMA records: (queries: first claim -> examiner-cited patents, the cited patents as documents)."""
    root = data_dir / "eval" / "panorama_samples"
    records: dict[str, dict] = {}
    for sub in ("panorama", "record"):
        for path in sorted((root / sub).glob("*.json.gz")):
            rec = _load_json_gz(path)
            records.setdefault(str(rec.get("applicationNumber")), rec)
    queries: list[RetrievalQuery] = []
    cited_docs: dict[str, PatentDocument] = {}
    for app, rec in sorted(records.items()):
        claims = _literal(rec.get("initialClaims")) or []
        if isinstance(claims, str):
            claims = [claims]
        first = next((c for c in claims if isinstance(c, str) and c.strip()), None)
        cited = _literal(rec.get("patentsCitedByExaminer")) or []
        rel: set[str] = set()
        for ref in cited if isinstance(cited, list) else []:
            ident = str(ref.get("referenceIdentifier") or "").strip().replace(" ", "")
            if not ident:
                continue
            number = ident if ident[:2].isalpha() else f"US{ident}"
            number = f"PANORAMA-{number}"
            rel.add(number)
            if number not in cited_docs:
                cited_docs[number] = _pseudo_document(number, ref)
        if first and rel:
            queries.append(RetrievalQuery(f"PANORAMA-{app}", first, rel))
    return queries, list(cited_docs.values())


def _pseudo_document(number: str, ref: dict) -> PatentDocument:
    claims = _literal(ref.get("claims")) or []
    if isinstance(claims, str):
        claims = [claims]
    claim_objs = [Claim(num=i + 1, text=str(c)) for i, c in enumerate(claims) if str(c).strip()]
    return PatentDocument(
        pub_number=number, country="XX", doc_number=number, doc_type="other", lang="en",
        titles=[Text(lang="en", text=str(ref.get("title") or ""))] if ref.get("title") else [],
        abstracts=[Text(lang="en", text=str(ref.get("abstract") or ""))] if ref.get("abstract") else [],
        claims=[ClaimSet(lang="en", claims=claim_objs)] if claim_objs else [],
    )


@dataclass
class PhrasePair:
    anchor: str
    target: str
    context: str
    score: float


def phrase_pairs(data_dir: Path, split: str = "test") -> list[PhrasePair]:
    path = data_dir / "eval" / "google_patent_phrase_similarity" / f"patent-{split}.csv.gz"
    with gzip.open(path, "rb") as f:
        reader = csv.DictReader(io.TextIOWrapper(f, encoding="utf-8"))
        return [PhrasePair(r["anchor"], r["target"], r["context"], float(r["score"])) for r in reader]


__all__ = ["PhrasePair", "RetrievalQuery", "citation_key", "citation_queries", "panorama", "phrase_pairs"]
