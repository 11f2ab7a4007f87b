"""Clustering quality against gold labels: pairwise precision / recall / F1 and B-cubed, computed
from the contingency table (no pair is enumerated, so 200,000 mentions take a second).

>>> m = scores(["a", "a", "b", "b"], [1, 1, 1, 2])
>>> (m.pair_precision, m.pair_recall)
(0.3333333333333333, 0.5)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterScores:
    mentions: int
    gold_clusters: int
    predicted_clusters: int
    pair_precision: float
    pair_recall: float
    pair_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> ClusterScores:
    """Scores of ``predicted`` cluster labels against ``gold`` labels (same order, same length)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    n = len(gold)
    cells = Counter(zip(gold, predicted, strict=True))
    gsize = Counter(gold)
    psize = Counter(predicted)

    def pairs(c: int) -> int:
        return c * (c - 1) // 2

    tp = sum(pairs(c) for c in cells.values())
    pred_pairs = sum(pairs(c) for c in psize.values())
    gold_pairs = sum(pairs(c) for c in gsize.values())
    pp = tp / pred_pairs if pred_pairs else 1.0
    pr = tp / gold_pairs if gold_pairs else 1.0
    bp = sum(c * c / psize[p] for (_g, p), c in cells.items()) / n if n else 1.0
    br = sum(c * c / gsize[g] for (g, _p), c in cells.items()) / n if n else 1.0
    return ClusterScores(n, len(gsize), len(psize), pp, pr, _f1(pp, pr), bp, br, _f1(bp, br))
