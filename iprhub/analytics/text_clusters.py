"""Clusters of a result set by the words of its titles: TF-IDF, spherical k-means (numpy, seeded),
each cluster labelled by its most frequent distinctive terms."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{2,}|[\u4e00-\u9fff]{2,}")
_STOP = frozenset("""the and for with from that this which method methods system systems apparatus device devices
use using thereof same its into having means based process processes composition compositions""".split())


@dataclass
class TextCluster:
    terms: list[str]
    size: int
    members: list[str]


def title_words(title: str | None) -> list[str]:
    """The words of a title the clusters use: lower-cased, stop words out."""
    return [w.lower() for w in _WORD.findall(title or "") if w.lower() not in _STOP]


def cluster_titles(items: Sequence[tuple[str, str]], *, k: int | None = None, seed: int = 7) -> list[TextCluster]:
    """``items``: (unit key, title). Units with several titles count once (their words pooled)."""
    words_of: dict[str, Counter[str]] = {}
    for key, title in items:
        words_of.setdefault(key, Counter()).update(title_words(title))
    return cluster_words(words_of, k=k, seed=seed)


def cluster_words(words_of: Mapping[str, Counter[str]], *, k: int | None = None, seed: int = 7) -> list[TextCluster]:
    """Clusters of units by their pooled title words (unit key -> word counts). The result depends on
    the counts only, not on the order they come in: units in key order, the vocabulary by document
    frequency then word, so the seeded centres and every tie are the same whoever lists the set."""
    import numpy as np

    keys = sorted(k for k, c in words_of.items() if c)
    if not keys:
        return []
    df = Counter(w for k in keys for w in words_of[k])
    ranked = sorted(df.items(), key=lambda wn: (-wn[1], wn[0]))
    vocab = [w for w, n in ranked[:2000] if n >= 2] or [w for w, _n in ranked[:200]]
    index = {w: i for i, w in enumerate(vocab)}
    m = np.zeros((len(keys), len(vocab)), dtype=np.float32)
    for r, key in enumerate(keys):
        for w, n in words_of[key].items():
            if w in index:
                m[r, index[w]] = n
    idf = np.log((1 + len(keys)) / (1 + np.array([df[w] for w in vocab], dtype=np.float32))) + 1
    m *= idf
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m = np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)
    k = k or max(1, min(8, round((len(keys) / 2) ** 0.5)))
    k = min(k, len(keys))
    rng = np.random.default_rng(seed)
    centres = m[rng.choice(len(keys), size=k, replace=False)]
    assign = np.zeros(len(keys), dtype=int)
    for _ in range(20):
        new = np.argmax(m @ centres.T, axis=1)
        if (new == assign).all() and _:
            break
        assign = new
        for c in range(k):
            rows = m[assign == c]
            if len(rows):
                centre = rows.sum(axis=0)
                centres[c] = centre / (np.linalg.norm(centre) or 1)
    out = []
    for c in range(k):
        members = [keys[i] for i in np.flatnonzero(assign == c)]
        if not members:
            continue
        counts: Counter[str] = Counter()
        for key in members:
            counts.update(set(words_of[key]))
        # frequent in the cluster and rare outside it
        terms = [w for w, _n in sorted(counts.items(), key=lambda wn: (-wn[1] * wn[1] / df[wn[0]], wn[0]))][:4]
        out.append(TextCluster(terms, len(members), members))
    return sorted(out, key=lambda c: (-c.size, c.terms, c.members))
