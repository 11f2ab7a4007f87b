"""Landscape builder: from seed documents (or a query's result set), expand through families,
citations (both ways) and the seeds' IPC main groups, score each candidate, prune.

Score of a candidate = 3 × (shares a seed's family) + 1 × (citation links with seeds, at most 3)
+ 2 × (share of its IPC main groups the seeds hold, weighted by how many seeds hold each) + 6 × (cosine of its title and abstract words with
the seeds' words, TF-IDF). Candidates scoring at least ``threshold`` (default 1.0) are kept. With
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
WEIGHTS = {"family": 3.0, "citation": 1.0, "class": 2.0, "text": 6.0}


class Member(BaseModel):
    pub_number: str
    score: float
    reasons: dict[str, float] = Field(description="Each route's part of the score.")
    seed: bool = False


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


def _group(symbol: str) -> str:
    s = symbol.replace(" ", "")
    return s.split("/")[0]


def build_landscape(store: Any, seeds: Sequence[str], *, holdout: float = 0.0, threshold: float = 1.0,
                    max_class_docs: int = 5000, deadline: Deadline = NO_LIMIT) -> Landscape:
    kept, held = split_seeds(sorted(set(seeds)), holdout)
    warnings: list[str] = []
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
                reasons[doc_id]["family"] = WEIGHTS["family"]
        by_route["family"] = len(reasons)
        # citations: documents citing a seed, documents a seed cites
        links: Counter[int] = Counter()
        for (doc_id,) in conn.execute(select(doc_citations.c.doc_id).where(doc_citations.c.cited_number.in_(seed_kindless))):
            links[doc_id] += 1
        cited = {n for (n,) in conn.execute(select(doc_citations.c.cited_number).where(
            doc_citations.c.doc_id.in_(seed_ids), doc_citations.c.cited_number.is_not(None)))}
        kindless = func.concat(documents.c.country, documents.c.doc_number) if store.engine.dialect.name != "sqlite" \
            else documents.c.country + documents.c.doc_number
        for chunk in _chunks(sorted(cited), 900):
            for (doc_id,) in conn.execute(select(documents.c.id).where(kindless.in_(chunk))):
                links[doc_id] += 1
        for doc_id, n in links.items():
            reasons[doc_id]["citation"] = WEIGHTS["citation"] * min(n, 3)
        by_route["citation"] = len(links)
        # the seeds' IPC main groups
        seed_groups: Counter[str] = Counter()
        groups_of: dict[int, set[str]] = defaultdict(set)
        for doc_id, scheme, symbol in conn.execute(select(doc_classes.c.doc_id, doc_classes.c.scheme,
                                                          doc_classes.c.symbol).where(doc_classes.c.doc_id.in_(seed_ids))):
            if scheme == "IPC":  # filtered here: in SQL, SQLite would read the store's classes by scheme
                groups_of[doc_id].add(_group(symbol))
        for gs in groups_of.values():
            seed_groups.update(gs)
        profile = set(seed_groups)
        class_docs: dict[int, set[str]] = defaultdict(set)
        if profile:
            for doc_id, symbol in conn.execute(select(doc_classes.c.doc_id, doc_classes.c.symbol).where(
                    doc_classes.c.scheme == "IPC")):
                g = _group(symbol)
                groups_of[doc_id].add(g)
                if g in profile:
                    class_docs[doc_id].add(g)
                if deadline.expired():
                    warnings.append("the time limit was reached while expanding by classes")
                    break
        if len(class_docs) > max_class_docs:
            warnings.append(f"class expansion cut to the {max_class_docs} documents sharing most groups")
            class_docs = dict(sorted(class_docs.items(), key=lambda kv: -len(kv[1]))[:max_class_docs])
        n_seeds = max(1, len(seed_ids))
        for doc_id, gs in class_docs.items():
            # how much of the candidate's classification the seeds hold, weighted by how many seeds hold it
            share = sum(seed_groups[g] / n_seeds for g in gs) / max(1, len(groups_of[doc_id]))
            reasons[doc_id]["class"] = round(WEIGHTS["class"] * min(1.0, share * 2), 3)
        by_route["class"] = len(class_docs)
        # text of candidates and seeds
        ids = sorted(set(reasons) | seed_ids)
        text_of: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(ids, 900):
            for doc_id, pub, title in conn.execute(select(documents.c.id, documents.c.pub_number, documents.c.title)
                                                   .where(documents.c.id.in_(chunk))):
                text_of[doc_id] = (pub, title or "")
    abstracts = _abstracts(store, [text_of[i][0] for i in ids if i in text_of])
    vec = {i: _words(text_of[i][1] + " " + abstracts.get(text_of[i][0], "")) for i in ids if i in text_of}
    df = Counter(w for v in vec.values() for w in v)
    n = len(vec) or 1
    centroid: Counter[str] = Counter()
    for i in seed_ids:
        centroid.update(vec.get(i, Counter()))
    for doc_id in reasons:
        if doc_id in seed_ids:
            continue
        sim = _cosine(vec.get(doc_id, Counter()), centroid, df, n)
        if sim > 0:
            reasons[doc_id]["text"] = round(WEIGHTS["text"] * sim, 3)
    members = [Member(pub_number=text_of[i][0], score=1e9, reasons={}, seed=True) for i in seed_ids if i in text_of]
    for doc_id, parts in reasons.items():
        if doc_id in seed_ids or doc_id not in text_of:
            continue
        score = round(sum(parts.values()), 3)
        if score >= threshold:
            members.append(Member(pub_number=text_of[doc_id][0], score=score, reasons=parts))
    members.sort(key=lambda m: (-m.score, m.pub_number))
    inside = {m.pub_number for m in members}
    recall = round(sum(1 for h in held if h in inside) / len(held), 4) if held else None
    for m in members:
        if m.seed:
            m.score = 0.0
    return Landscape(seeds=kept, held_back=held, members=members, candidates=len(set(reasons) - seed_ids),
                     by_route=dict(by_route), threshold=threshold, held_back_recall=recall,
                     partial=bool(warnings), warnings=warnings)


def _abstracts(store: Any, pubs: list[str]) -> dict[str, str]:
    out = {}
    for pub in pubs:
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
