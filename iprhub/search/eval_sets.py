"""Loading relevance judgments and labelled sets for ``iprhub eval``.

- citations: examiner / search-report / office-action citations whose cited documents are in the store;
- known-item: a document's first claim must find that document (claims withheld from the index);
- PANORAMA: USPTO applications' claims must find the examiner-cited patents (their text added to
  the candidates);
- NOC4PC: a claim must rank first the prior-art document the examiner's reasoning relies on, among
  the documents of its PANORAMA NOC4PC item;
- CLEF-IP 2010 PAC qrels and KIPRIS examiner citations: judged documents looked up in the store;
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
    if cc and raw.startswith(cc) and len(raw) > len(cc) and not raw[len(cc) :].isalpha():
        raw = raw[len(cc) :]
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

    Cited documents of the citing document's own family do not count. Query: the citing document's
    first claim. KIPRIS examiner citations are a task of their own (:func:`kipris_queries`).
    """
    numbers = _StoreNumbers(store)
    by_id, by_app, targets = numbers.by_id, numbers.by_app, numbers.targets
    c = s.doc_citations
    with store.engine.connect() as conn:
        cites = conn.execute(
            select(c.c.doc_id, c.c.cited_country, c.c.cited_number).where(c.c.cited_number.is_not(None))
        ).all()

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
    return out


class _StoreNumbers:
    """The store's publications under their :func:`citation_key`, application numbers and families."""

    def __init__(self, store: Store) -> None:
        d = s.documents
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(d.c.id, d.c.pub_number, d.c.country, d.c.doc_number, d.c.app_number, d.c.family_id)
            ).all()
        self.by_key: dict[str, set[str]] = {}
        self.by_id: dict[int, str] = {}
        self.by_app: dict[str, str] = {}
        self.family: dict[str, str | None] = {}
        for row in rows:
            self.by_key.setdefault(citation_key(row.country, row.doc_number), set()).add(row.pub_number)
            self.by_id[row.id] = row.pub_number
            self.family[row.pub_number] = row.family_id
            if row.app_number:
                self.by_app[re.sub(r"\D", "", row.app_number)] = row.pub_number

    def targets(self, citing: str | None, country: str, number: str) -> set[str]:
        fam = self.family.get(citing) if citing else None
        return {
            t
            for t in self.by_key.get(citation_key(country, number), set())
            if t != citing and not (fam and self.family.get(t) == fam)
        }


@dataclass
class Coverage:
    """How much of a judged set the store can answer: queries, judgments and judged documents in the store."""

    dataset: str
    queries: int
    judgments: int
    judged_documents: int
    judged_in_store: int
    queries_with_text: int
    evaluable: int  # queries with text and at least one judged document in the store


def kipris_queries(store: Store, data_dir: Path) -> tuple[list[RetrievalQuery], Coverage]:
    """KIPRIS examiner citations (both variants merged): Korean title + abstract -> cited documents in the store."""
    numbers = _StoreNumbers(store)
    out: list[RetrievalQuery] = []
    records = _kipris(data_dir)
    judged: set[str] = set()
    in_store: set[str] = set()
    for app, text, refs in records:
        judged.update(citation_key(*_split_number(r)) for r in refs)
        found = set().union(*(numbers.targets(None, *_split_number(r)) for r in refs)) if refs else set()
        in_store |= found
        if found and text.strip():
            out.append(RetrievalQuery(f"KIPRIS-{app}", text, found))
    cov = Coverage(
        "KIPRIS prior art",
        len(records),
        sum(len(r) for _a, _t, r in records),
        len(judged),
        len(in_store),
        sum(1 for _a, t, _r in records if t.strip(". ")),
        len(out),
    )
    return out, cov


def clefip_qrels(data_dir: Path) -> dict[str, set[str]]:
    """CLEF-IP 2010 PAC qrels: topic -> judged relevant EP publications (``EP-0971326-B1``), rel >= 1."""
    path = data_dir / "eval" / "clefip2010_pac_qrels" / "PAC_qrels_21_EN_mark.txt.gz"
    qrels: dict[str, set[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and int(parts[3]) >= 1:
                qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


def clefip_queries(store: Store, data_dir: Path) -> tuple[list[RetrievalQuery], Coverage]:
    """CLEF-IP topics whose text and judged documents are in the store.

    The qrels name topics only by id (``PAC-1``); the topic documents (EP applications) and their texts
    come with the CLEF-IP collection, which is not in ../shared/data. A topic is evaluable when a stored
    document carries its id as publication number and some of its judged documents are stored.
    """
    numbers = _StoreNumbers(store)
    qrels = clefip_qrels(data_dir)
    judged = {doc for docs in qrels.values() for doc in docs}
    found: dict[str, set[str]] = {}
    for doc in judged:
        cc, num, *_kind = [*doc.split("-"), ""]
        if hits := numbers.targets(None, cc, num):
            found[doc] = hits
    topics_in_store = {t for t in qrels if numbers.by_key.get(t.upper())}
    out = []
    for topic in sorted(topics_in_store):
        rel = set().union(*(found.get(d, set()) for d in qrels[topic]))
        doc = store.get_document(next(iter(numbers.by_key[topic.upper()])))
        text = (doc.abstract() or doc.title() or "") if doc else ""
        if rel and text:
            out.append(RetrievalQuery(topic, text, rel, {doc.pub_number} if doc else set()))
    cov = Coverage(
        "CLEF-IP 2010 PAC",
        len(qrels),
        sum(len(v) for v in qrels.values()),
        len(judged),
        len({p for v in found.values() for p in v}),
        len(topics_in_store),
        len(out),
    )
    return out, cov


def _office_action_citations(data_dir: Path | None) -> list[tuple[str, str]]:
    """(application number, cited number) for references an examiner cited in an office action."""
    out: list[tuple[str, str]] = []
    folder = data_dir / "uspto" / "office_action_json" if data_dir else None
    for path in sorted(folder.glob("*citation*.json.gz")) if folder and folder.is_dir() else []:
        data = _load_json_gz(path)
        docs = data.get("response", {}).get("docs", []) if isinstance(data, dict) else data
        for rec in docs if isinstance(docs, list) else []:
            if not isinstance(rec, dict) or not (
                rec.get("examinerCitedReferenceIndicator")
                or rec.get("officeActionCitationReferenceIndicator")
            ):
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
                refs = [
                    m.group(0)
                    for r in rec.get("ground_truth_prior_arts") or []
                    if (m := re.match(r"[A-Z]{2}\s*[A-Z]{0,2}[\d/,.\- ]*\d", str(r).strip()))
                ]
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


def noc4pc(data_dir: Path) -> tuple[list[RetrievalQuery], list[PatentDocument]]:
    """PANORAMA NOC4PC items: a claim (with the claims it depends on) -> the item's prior-art document the
    examiner's reasoning names; the documents (title, abstract, claims, paragraphs) of every item."""
    root = data_dir / "eval" / "panorama_samples" / "benchmark" / "noc4pc"
    queries: list[RetrievalQuery] = []
    docs: dict[str, PatentDocument] = {}
    for path in sorted(root.glob("*.json*")):
        raw = path.read_bytes()
        item = orjson.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        context, answer = _literal(item.get("context")) or {}, _literal(item.get("answer")) or {}
        specs = _literal(item.get("prior_art_specifications")) or []
        reason_numbers = {
            re.sub(r"\D", "", m) for m in _CITED_NUMBER.findall(str(answer.get("reason") or ""))
        }
        rel = set()
        for spec in specs:
            digits = re.sub(r"\D", "", str(spec.get("patent_id") or ""))
            number = f"NOC4PC-US{digits}"
            if number not in docs:
                doc = _pseudo_document(number, spec)
                paras = [
                    str(p.get("content") or "") for p in spec.get("paragraphs") or [] if isinstance(p, dict)
                ]
                docs[number] = doc.model_copy(
                    update={"descriptions": [Text(lang="en", text="\n".join(paras))]} if any(paras) else {}
                )
            if digits and digits in reason_numbers:
                rel.add(number)
        claim = _claim_with_parents(context.get("claims") or [], int(item.get("claim_number") or 0))
        if claim and rel:
            queries.append(
                RetrievalQuery(
                    f"NOC4PC-{item.get('application_number')}-{item.get('claim_number')}", claim, rel
                )
            )
    return queries, list(docs.values())


_CITED_NUMBER = re.compile(r"\b(?:\d{4}/\d{7}|\d{1,2},\d{3},\d{3}|\d{7,11})\b")


def _claim_with_parents(claims: list[str], number: int) -> str:
    """Claim ``number`` preceded by the claims it depends on ("... of claim 4")."""
    by_num = {
        int(m.group(1)): c for c in claims if isinstance(c, str) and (m := re.match(r"\s*(\d+)\s*\.", c))
    }
    chain: list[str] = []
    seen: set[int] = set()
    while number in by_num and number not in seen and len(chain) < 20:
        seen.add(number)
        chain.insert(0, by_num[number])
        parent = re.search(r"\b(?:of|to|in) claim (\d+)", by_num[number], re.I)
        number = int(parent.group(1)) if parent else 0
    return "\n".join(chain)


def _pseudo_document(number: str, ref: dict) -> PatentDocument:
    claims = _literal(ref.get("claims")) or []
    if isinstance(claims, str):
        claims = [claims]
    claim_objs = [Claim(num=i + 1, text=str(c)) for i, c in enumerate(claims) if str(c).strip()]
    return PatentDocument(
        pub_number=number,
        country="XX",
        doc_number=number,
        doc_type="other",
        lang="en",
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


__all__ = [
    "Coverage",
    "PhrasePair",
    "RetrievalQuery",
    "citation_key",
    "citation_queries",
    "clefip_qrels",
    "clefip_queries",
    "kipris_queries",
    "noc4pc",
    "panorama",
    "phrase_pairs",
]
