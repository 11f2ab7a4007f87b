"""Fusion of lexical and semantic result lists.

The default, :func:`confidence`, lets each list vote with a probability distribution over its own
candidates whose sharpness is the list's own confidence, and rewards agreement (CombMNZ). It has no
constants to tune: the BM25 and cosine scales, and how peaked each list is, are read off the scores
of the query at hand. :func:`combsum` (min-max score sum) and :func:`rrf` (reciprocal ranks) are kept
for comparison.

>>> rrf([["a", "b", "c"], ["c", "a"]], k=60)[:2]
[('a', 0.03252247488101534), ('c', 0.032266458495966696)]
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

Scored = Sequence[tuple[Hashable, float]]


def confidence(rankings: Sequence[Scored], *, agreement: bool = True) -> list[tuple[Hashable, float]]:
    """Query-adaptive fusion: ``sum over lists of softmax(z-score)``, times the number of lists that found a document.

    Each list's scores become z-scores against that list's own mean and standard deviation, then
    shares ``exp(z) / sum(exp(z))``. A list whose top hits stand far out from the rest (a confident
    list: an exact claim match in BM25, a near-duplicate by meaning) puts most of its mass on them and
    they lead the fused list; a list without outliers (a long claim as a BM25 query: hundreds of weak
    word matches) spreads its mass thinly, so it mostly orders what the other list is unsure about. A
    list whose scores are all equal carries no preference and gives every candidate the same share. With ``agreement`` the sum is multiplied by the number of lists
    that retrieved the document (CombMNZ), so what both modes rank highly stays on top: a document
    ranked at or above another in every list is ranked at or above it in the fused list.

    >>> fused = confidence([[("a", 9.0), ("b", 3.0), ("c", 2.9), ("d", 2.8)],    # BM25: "a" stands out
    ...                     [("c", 0.61), ("d", 0.60), ("a", 0.59), ("b", 0.58)]])  # cosine: flat
    >>> [key for key, _score in fused]
    ['a', 'c', 'd', 'b']
    """
    shares: dict[Hashable, float] = {}
    found: dict[Hashable, int] = {}
    for ranking in rankings:
        for key, share in _softmax_z(ranking):
            shares[key] = shares.get(key, 0.0) + share
            found[key] = found.get(key, 0) + 1
    fused = {key: s * found[key] if agreement else s for key, s in shares.items()}
    return sorted(fused.items(), key=lambda kv: -kv[1])


def _softmax_z(ranking: Scored) -> list[tuple[Hashable, float]]:
    if not ranking:
        return []
    values = [float(s) for _k, s in ranking]
    n = len(values)
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
    if std == 0.0 or not math.isfinite(std):
        return [(key, 1.0 / n) for key, _s in ranking]
    z = [(v - mean) / std for v in values]
    top = max(z)
    weights = [math.exp(x - top) for x in z]
    total = sum(weights)
    return [(key, w / total) for (key, _s), w in zip(ranking, weights, strict=True)]


def rrf(rankings: Sequence[Sequence[Hashable]], *, k: int = 60,
        weights: Sequence[float] | None = None) -> list[tuple[Hashable, float]]:
    """Fuse ranked lists: score(d) = sum over lists of weight / (k + rank); best first, ties by first seen."""
    scores: dict[Hashable, float] = {}
    for i, ranking in enumerate(rankings):
        w = weights[i] if weights else 1.0
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def combsum(rankings: Sequence[Scored], *,
            weights: Sequence[float] | None = None) -> list[tuple[Hashable, float]]:
    """Fuse scored lists: each list's scores min-max normalised to [0, 1], then a weighted sum.

    The default before :func:`confidence`: min-max stretches a flat list as far as a peaked one, so a
    list of weak matches weighs as much as a confident one (on PANORAMA, long claims as BM25 queries
    pulled the hybrid below the semantic mode).

    >>> combsum([[("a", 10.0), ("b", 6.0), ("c", 0.0)], [("b", 0.9), ("a", 0.1)]])[0]
    ('b', 0.8)
    """
    scores: dict[Hashable, float] = {}
    for i, ranking in enumerate(rankings):
        if not ranking:
            continue
        w = weights[i] if weights else 1.0 / len(rankings)
        values = [s for _k, s in ranking]
        lo, hi = min(values), max(values)
        span = hi - lo if hi > lo else 1.0
        for key, score in ranking:
            scores[key] = scores.get(key, 0.0) + w * ((score - lo) / span if hi > lo else 1.0)
    return sorted(scores.items(), key=lambda kv: -kv[1])
