"""Loading relevance judgments and labelled sets for ``iprhub eval``.

- citations: examiner / search-report citations between documents that are both in the store;
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


def citation_queries(store: Store, first_claim_of: Any) -> list[RetrievalQuery]:
    """Citing document -> cited documents present in the store (kind-less match)."""
    d, c = s.documents, s.doc_citations
    with store.engine.connect() as conn:
        numbers = conn.execute(select(d.c.id, d.c.pub_number, d.c.country, d.c.doc_number)).all()
        cites = conn.execute(select(c.c.doc_id, c.c.cited_number).where(c.c.cited_number.is_not(None))).all()
    by_kindless: dict[str, list[str]] = {}
    by_id: dict[int, str] = {}
    for row in numbers:
        by_kindless.setdefault(f"{row.country}{row.doc_number}", []).append(row.pub_number)
        by_kindless.setdefault(row.pub_number, []).append(row.pub_number)
        by_id[row.id] = row.pub_number
    rel: dict[str, set[str]] = {}
    for doc_id, cited in cites:
        citing = by_id.get(doc_id)
        for target in by_kindless.get(cited, []):
            if citing and target != citing:
                rel.setdefault(citing, set()).add(target)
    out = []
    for citing, targets in sorted(rel.items()):
        doc = store.get_document(citing)
        text = first_claim_of(doc) if doc else None
        if text:
            out.append(RetrievalQuery(citing, text, targets, {citing}))
    return out


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


__all__ = ["PhrasePair", "RetrievalQuery", "citation_queries", "panorama", "phrase_pairs"]
