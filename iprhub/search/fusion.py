"""Rank fusion: reciprocal rank fusion of lexical and semantic result lists.

>>> rrf([["a", "b", "c"], ["c", "a"]], k=60)[:2]
[('a', 0.03252247488101534), ('c', 0.03200204813108039)]
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
