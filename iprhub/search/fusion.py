"""Fusion of lexical and semantic result lists: normalised score sum (default) or reciprocal ranks.

>>> rrf([["a", "b", "c"], ["c", "a"]], k=60)[:2]
[('a', 0.03252247488101534), ('c', 0.032266458495966696)]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def rrf(rankings: Sequence[Sequence[Hashable]], *, k: int = 60,
        weights: Sequence[float] | None = None) -> list[tuple[Hashable, float]]:
    """Fuse ranked lists: score(d) = sum over lists of weight / (k + rank); best first, ties by first seen."""
    scores: dict[Hashable, float] = {}
    for i, ranking in enumerate(rankings):
        w = weights[i] if weights else 1.0
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def combsum(rankings: Sequence[Sequence[tuple[Hashable, float]]], *,
            weights: Sequence[float] | None = None) -> list[tuple[Hashable, float]]:
    """Fuse scored lists: each list's scores min-max normalised to [0, 1], then a weighted sum.

    Chosen over RRF as the default because it keeps how *much* better the top hits are: on the
    known-item task it lifts recall@10 where RRF only ties the better single mode.

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
