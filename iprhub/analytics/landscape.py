"""Landscape builder: from seed documents (or a query's result set), expand through families,
citations (both ways), shared references and the seeds' classes, score each candidate, prune.

Routes and their part of a candidate's score:

- **family**: 3 when it shares a seed's DOCDB simple family;
- **citation**: 1 per citation link with the seeds, either way (at most 3);
- **shared references**: 0.5 per reference it shares with the seeds' references (at most 3): bibliographic
  coupling, which links documents even when the documents they cite are not in the store;
- **class**: 2 × the concentration of the seeds' most concentrated class it holds, at any hierarchy level
  (IPC/CPC/FI subclass, main group, subgroup; LOCARNO class and subclass; USPC class and subclass):
  the seeds holding the class / (the store's documents holding it + 1). A broad subclass that the seeds
  dominate counts as much as a narrow group; a class the seeds barely hold (under 5 %) reaches nothing;
- **text**: 6 × the cosine of its title and abstract words with the seeds' (TF-IDF).

Candidates scoring at least ``threshold`` (default 1.0) are kept, each with its reasons. The weights and
threshold were chosen on tuning topics (``landscape_eval.TUNING``), not on the reported ones. With
``holdout`` a deterministic part of the seeds is held back and the recall of the held-back seeds
estimates the landscape's recall.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import func, select

from iprhub.limits import NO_LIMIT, Deadline
from iprhub.store.schema import doc_citations, doc_classes, documents

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{2,}|[\u4e00-\u9fff]{2,}")
_STOP = frozenset("""the and for with from that this which are its into has have been being such said wherein
thereof one two first second least each more other than may can also use used using method system apparatus
device means comprising""".split())
WEIGHTS = {"family": 3.0, "citation": 1.0, "coupling": 0.5, "class": 2.0, "text": 6.0}
MIN_CONCENTRATION = 0.05  # a class whose store documents are fewer than 5 % seeds reaches no candidate


class Member(BaseModel):
    pub_number: str
    score: float
    reasons: dict[str, float] = Field(description="Each route's part of the score.")
    seed: bool = False
    class_code: str | None = Field(None, description="The seeds' class that brought the candidate in most strongly.")


class Landscape(BaseModel):
    seeds: list[str]
    held_back: list[str]
    members: list[Member]
    candidates: int = Field(description="Documents reached by the expansion before pruning.")
    by_route: dict[str, int]
    threshold: float
    held_back_recall: float | None = Field(None, description="Share of the held-back seeds kept in the landscape.")
    partial: bool = False
    warnings: list[str] = Field(default_factory=list)


def split_seeds(seeds: Sequence[str], holdout: float) -> tuple[list[str], list[str]]:
    """(kept, held back): a seed is held back when a hash of its number falls under ``holdout``."""
    if holdout <= 0:
        return list(seeds), []
    held = [s for s in seeds if int(hashlib.blake2b(s.encode(), digest_size=2).hexdigest(), 16) / 65536 < holdout]
    kept = [s for s in seeds if s not in set(held)]
    if not kept:  # always keep one seed
        kept, held = held[:1], held[1:]
    return kept, held


def _words(text: str | None) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text or "") if w.lower() not in _STOP)


def class_codes(scheme: str, symbol: str) -> list[str]:
    """The codes of one stored class symbol at each hierarchy level, broadest first, keyed by scheme family:
    IPC, CPC and FI share one key space (``H01M``, ``H01M 10/``, ``H01M 10/613``), LOCARNO gives class and
    subclass (``L:13``, ``L:1302``), USPC class and subclass (``U:429/``, ``U:429/303``).

    >>> class_codes("CPC", "H01M 10/613"), class_codes("USPC", "D13/103"), class_codes("LOCARNO", "1302")
    (['H01M', 'H01M 10/', 'H01M 10/613'], ['U:D13/', 'U:D13/103'], ['L:13', 'L:1302'])
    """
    if scheme in _IPC_LIKE:
        head, _, rest = symbol.partition(" ")
        if len(head) != 4:
            return [symbol]
        group = rest.split("/")[0]
        main = rest.split(" ")[0]  # FI adds an edition and a facet after the subgroup
        return [head, f"{head} {group}/", f"{head} {main}"] if "/" in rest else [head]
    if scheme == "LOCARNO":
        digits = symbol.replace("-", "")
        return [f"L:{digits[:2]}", f"L:{digits}"] if len(digits) == 4 else [f"L:{digits}"]
    if scheme == "USPC":
        cls, _, sub = symbol.partition("/")
        return [f"U:{cls}/", f"U:{symbol}"] if sub else [f"U:{cls}/"]
    return []


_IPC_LIKE = ("IPC", "CPC", "FI")
_SCHEMES = {"": _IPC_LIKE, "L:": ("LOCARNO",), "U:": ("USPC",)}


def _code_filter(code: str, dialect: str) -> Any:
    """SQL condition on doc_classes for the stored symbols under ``code`` (a prefix, or a whole symbol)."""
    prefix = next(p for p in ("L:", "U:", "") if code.startswith(p))
    schemes, stem = _SCHEMES[prefix], code[len(prefix):]
    whole = prefix == "" and "/" in stem and not stem.endswith("/") or prefix == "U:" and not stem.endswith("/") \
        or prefix == "L:" and len(stem) == 4
    if prefix == "L:" and not whole:  # LOCARNO symbols are stored as 1302 (or 13-02)
        cond = doc_classes.c.symbol.startswith(stem, autoescape=True)
    elif whole:
        cond = doc_classes.c.symbol == stem
    elif dialect == "sqlite":  # binary collation: a range that the (scheme, symbol) index serves
        cond = (doc_classes.c.symbol >= stem) & (doc_classes.c.symbol < stem + "\uffff")
    else:  # LIKE keeps the byte-wise prefix whatever the database's collation
        cond = doc_classes.c.symbol.startswith(stem, autoescape=True)
    return doc_classes.c.scheme.in_(schemes) & cond


def build_landscape(store: Any, seeds: Sequence[str], *, holdout: float = 0.0, threshold: float = 1.0,
                    max_class_docs: int = 5000, deadline: Deadline = NO_LIMIT) -> Landscape:
    kept, held = split_seeds(sorted(set(seeds)), holdout)
    warnings: list[str] = []
    dialect = store.engine.dialect.name
    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.id, documents.c.pub_number, documents.c.country,
                                   documents.c.doc_number, documents.c.family_id, documents.c.title)
                            .where(documents.c.pub_number.in_(kept))).all()
        seed_ids = {r[0] for r in rows}
        seed_fams = {r[4] for r in rows if r[4]}
        seed_kindless = {f"{r[2]}{r[3]}" for r in rows}
        reasons: dict[int, dict[str, float]] = defaultdict(dict)
        by_route: Counter[str] = Counter()
        # families
        if seed_fams:
            for (doc_id,) in conn.execute(select(documents.c.id).where(documents.c.family_id.in_(seed_fams))):
                if doc_id not in seed_ids:
                    reasons[doc_id]["family"] = WEIGHTS["family"]
        by_route["family"] = len(reasons)
        # citations: documents citing a seed, documents a seed cites
        links: Counter[int] = Counter()
        for chunk in _chunks(sorted(seed_kindless), 900):
            for (doc_id,) in conn.execute(select(doc_citations.c.doc_id).where(doc_citations.c.cited_number.in_(chunk))):
                links[doc_id] += 1
        seed_refs: set[str] = set()
        for chunk in _chunks(sorted(seed_ids), 900):
            seed_refs |= {n for (n,) in conn.execute(select(doc_citations.c.cited_number).where(
                doc_citations.c.doc_id.in_(chunk), doc_citations.c.cited_number.is_not(None),
                doc_citations.c.cited_number != ""))}
        kindless = func.concat(documents.c.country, documents.c.doc_number) if dialect != "sqlite" \
            else documents.c.country + documents.c.doc_number
        for chunk in _chunks(sorted(seed_refs), 900):
            for (doc_id,) in conn.execute(select(documents.c.id).where(kindless.in_(chunk))):
                links[doc_id] += 1
        for doc_id, n in links.items():
            if doc_id not in seed_ids:
                reasons[doc_id]["citation"] = WEIGHTS["citation"] * min(n, 3)
        by_route["citation"] = len(set(links) - seed_ids)
        # bibliographic coupling: documents citing what the seeds cite (works when the cited documents
        # themselves are not in the store)
        shared: dict[int, set[str]] = defaultdict(set)
        for chunk in _chunks(sorted(seed_refs), 900):
            if deadline.expired():
                warnings.append("the time limit was reached while expanding by shared references")
                break
            for doc_id, ref in conn.execute(select(doc_citations.c.doc_id, doc_citations.c.cited_number)
                                            .where(doc_citations.c.cited_number.in_(chunk))):
                if doc_id not in seed_ids:
                    shared[doc_id].add(ref)
        for doc_id, refs in shared.items():
            reasons[doc_id]["shared references"] = WEIGHTS["coupling"] * min(len(refs), 3)
        by_route["shared references"] = len(shared)
        # the seeds' classes at every hierarchy level, each weighted by how concentrated it is in the seeds
        seed_codes: dict[str, set[int]] = defaultdict(set)
        for chunk in _chunks(sorted(seed_ids), 900):
            for doc_id, scheme, symbol in conn.execute(select(doc_classes.c.doc_id, doc_classes.c.scheme,
                                                              doc_classes.c.symbol).where(doc_classes.c.doc_id.in_(chunk))):
                for code in class_codes(scheme, symbol):
                    seed_codes[code].add(doc_id)
        class_docs: dict[int, float] = {}
        class_why: dict[int, str] = {}
        reached = 0
        for code, holders in sorted(seed_codes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if deadline.expired():
                warnings.append("the time limit was reached while expanding by classes")
                break
            cond = _code_filter(code, dialect)
            in_store = conn.execute(select(func.count(func.distinct(doc_classes.c.doc_id))).where(cond)).scalar_one()
            # the share of the store's documents under the code that are seeds (one added for the candidate)
            concentration = len(holders) / (in_store + 1)
            if concentration < MIN_CONCENTRATION or in_store > max_class_docs:
                continue
            for (doc_id,) in conn.execute(select(doc_classes.c.doc_id).where(cond).distinct()):
                if doc_id in seed_ids:
                    continue
                reached += 1
                if concentration > class_docs.get(doc_id, 0.0):
                    class_docs[doc_id], class_why[doc_id] = concentration, code
        for doc_id, concentration in class_docs.items():
            reasons[doc_id]["class"] = round(WEIGHTS["class"] * concentration, 3)
        by_route["class"] = len(class_docs)
        # text of candidates and seeds
        ids = sorted(set(reasons) | seed_ids)
        text_of: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(ids, 900):
            for doc_id, pub, title in conn.execute(select(documents.c.id, documents.c.pub_number, documents.c.title)
                                                   .where(documents.c.id.in_(chunk))):
                text_of[doc_id] = (pub, title or "")
    abstracts = _abstracts(store, [text_of[i][0] for i in ids if i in text_of], deadline, warnings)
    vec = {i: _words(text_of[i][1] + " " + abstracts.get(text_of[i][0], "")) for i in ids if i in text_of}
    df = Counter(w for v in vec.values() for w in v)
    n = len(vec) or 1
    centroid: Counter[str] = Counter()
    for i in seed_ids:
        centroid.update(vec.get(i, Counter()))
    for doc_id in reasons:
        sim = _cosine(vec.get(doc_id, Counter()), centroid, df, n)
        if sim > 0:
            reasons[doc_id]["text"] = round(WEIGHTS["text"] * sim, 3)
    members = [Member(pub_number=text_of[i][0], score=0.0, reasons={}, seed=True, class_code=None)
               for i in seed_ids if i in text_of]
    for doc_id, parts in reasons.items():
        if doc_id not in text_of:
            continue
        score = round(sum(parts.values()), 3)
        if score >= threshold:
            members.append(Member(pub_number=text_of[doc_id][0], score=score, reasons=parts,
                                  class_code=class_why.get(doc_id)))
    members.sort(key=lambda m: (not m.seed, -m.score, m.pub_number))
    inside = {m.pub_number for m in members}
    recall = round(sum(1 for h in held if h in inside) / len(held), 4) if held else None
    return Landscape(seeds=kept, held_back=held, members=members, candidates=len(reasons),
                     by_route=dict(by_route), threshold=threshold, held_back_recall=recall,
                     partial=bool(warnings), warnings=warnings)


def _abstracts(store: Any, pubs: list[str], deadline: Deadline, warnings: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pub in pubs:
        if deadline.expired():
            warnings.append(f"the time limit was reached reading abstracts ({len(out)} of {len(pubs)} read)")
            break
        doc = store.get_document(pub)
        if doc is not None:
            out[pub] = doc.abstract() or ""
    return out


def _cosine(a: Counter[str], b: Counter[str], df: Counter[str], n: int) -> float:
    def w(word: str, tf: int) -> float:
        return (1 + math.log(tf)) * math.log(1 + n / df[word])

    if not a or not b:
        return 0.0
    va = {k: w(k, v) for k, v in a.items()}
    vb = {k: w(k, v) for k, v in b.items()}
    dot = sum(va[k] * vb[k] for k in va.keys() & vb.keys())
    na = math.sqrt(sum(x * x for x in va.values()))
    nb = math.sqrt(sum(x * x for x in vb.values()))
    return dot / (na * nb) if na and nb else 0.0


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]
