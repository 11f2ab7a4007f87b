"""Article search over the law base: BM25 over Chinese words (rjieba, search mode) plus single
characters at a lower weight, so a query word that the law writes differently still meets it
(``倍数`` meets ``一倍以上五倍以下`` through 倍); a query word found verbatim in an article adds a
boost (an article holding every query word verbatim scores x1.6). Latin words are matched case-folded. The index is built in memory from the stored
articles (a few thousand) and rebuilt when the stored laws change.

>>> idx = ArticleIndex([("a", "第一条", "侵权人应当赔偿损失"), ("b", "第二条", "本法所称商标")])
>>> [h.ref for h in idx.search("赔偿")]
['a']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")
_STOP = frozenset("的 了 和 与 或 及 在 是 为 对 由 其 之 等 者 以 于 并 可以 应当 或者 以及 人民法院".split())
CHAR_WEIGHT = 0.35  # a single character counts for about a third of a word
PHRASE_BOOST = 0.6  # an article holding every query word verbatim scores 1.6 times its BM25 score
SAME_LAW_DECAY = 0.7  # the 2nd hit of one law counts 0.7, the 3rd 0.49 …: other laws get seen
K1, B = 1.2, 0.75


def _jieba_words(text: str) -> list[str]:
    import rjieba

    return [w for w in rjieba.cut_for_search(text) if w.strip()]


def features(text: str) -> Counter[str]:
    """Words (``w:``) and CJK characters (``c:``) of a text, with their counts."""
    out: Counter[str] = Counter()
    for run in _WORD.findall(text):
        if _CJK.match(run):
            for w in _jieba_words(run):
                if w not in _STOP:
                    out["w:" + w] += 1
            for ch in run:
                out["c:" + ch] += 1
        else:
            out["w:" + run.lower()] += 1
    return out


def query_terms(query: str) -> list[str]:
    """The words a query is read as (space-separated parts, each cut into words)."""
    terms: list[str] = []
    for part in query.split():
        for run in _WORD.findall(part):
            words = [w for w in (_jieba_words(run) if _CJK.match(run) else [run.lower()]) if w not in _STOP]
            terms.extend(w for w in words if w not in terms)
    return terms


@dataclass(frozen=True)
class Hit:
    ref: str
    score: float
    matched: tuple[str, ...]


class ArticleIndex:
    """BM25 over ``(ref, label, text)`` documents."""

    def __init__(self, docs: Sequence[tuple[str, str, str]]) -> None:
        self.refs = [ref for ref, _, _ in docs]
        self.texts = [text for _, _, text in docs]
        self.tf = [features(text) for _, _, text in docs]
        self.lengths = [sum(tf.values()) for tf in self.tf]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        df: Counter[str] = Counter()
        for tf in self.tf:
            df.update(tf.keys())
        n = len(docs)
        self.idf = {f: math.log(1 + (n - c + 0.5) / (c + 0.5)) for f, c in df.items()}
        self.postings: dict[str, list[int]] = {}
        for i, tf in enumerate(self.tf):
            for f in tf:
                self.postings.setdefault(f, []).append(i)

    def __len__(self) -> int:
        return len(self.refs)

    def search(self, query: str, limit: int = 10, group: Sequence[str] | None = None,
               prior: Sequence[float] | None = None) -> list[Hit]:
        """Best articles first; ``prior`` multiplies each document's score (the rank of its instrument);
        with ``group`` (the law of each document) the k-th hit of one law is discounted by
        ``SAME_LAW_DECAY ** (k-1)``."""
        parts = [p for p in query.split() if p.strip()]
        feats: Counter[str] = Counter()
        for term in query_terms(query):
            feats["w:" + term] += 1
        for part in parts:
            for ch in set(_CJK.findall(part)):
                feats["c:" + ch] += 1
        scores: dict[int, float] = {}
        for f, qtf in feats.items():
            idf = self.idf.get(f)
            if idf is None:
                continue
            weight = (CHAR_WEIGHT if f.startswith("c:") else 1.0) * qtf
            for i in self.postings[f]:
                tf = self.tf[i][f]
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[i] / self.avg))
                scores[i] = scores.get(i, 0.0) + weight * idf * norm
        words = [p.lower() for p in parts if len(p) > 1]
        terms = [t.lower() for t in query_terms(query)]
        hits = []
        for i, score in scores.items():
            text = self.texts[i].lower()
            verbatim = tuple(w for w in words if w in text)
            matched = tuple(t for t in terms if t in text)
            boost = 1 + PHRASE_BOOST * len(verbatim) / len(words) if words else 1.0
            total = score * boost * (prior[i] if prior is not None else 1.0)
            hits.append(Hit(self.refs[i], round(total, 4), matched))
        hits.sort(key=lambda h: (-h.score, h.ref))
        if group is not None:
            index = {ref: i for i, ref in enumerate(self.refs)}
            seen: Counter[str] = Counter()
            decayed = []
            for h in hits:
                law = group[index[h.ref]]
                decayed.append(Hit(h.ref, round(h.score * SAME_LAW_DECAY ** seen[law], 4), h.matched))
                seen[law] += 1
            hits = sorted(decayed, key=lambda h: (-h.score, h.ref))
        return hits[:limit]


def snippet(text: str, matched: Sequence[str], width: int = 120) -> str:
    """A window of the text around the first match, matches marked «…»."""
    lower = text.lower()
    first = min((lower.find(m.lower()) for m in matched if m and lower.find(m.lower()) >= 0), default=0)
    start = max(0, first - width // 3)
    piece = text[start:start + width].replace("\n", " ")
    words = sorted({m for m in matched if m}, key=len, reverse=True)
    if words:  # one pass, longest first: 惩罚性 is marked once, not as 惩罚 inside it
        piece = re.sub("|".join(map(re.escape, words)), lambda mo: f"«{mo.group(0)}»", piece, flags=re.I)
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
