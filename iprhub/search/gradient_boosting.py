"""Gradient-boosted regression trees in numpy, small enough to ship as JSON.

Squared loss, histogram splits on quantile bins, row and column subsampling, the number of rounds
chosen on a validation set. Used by the phrase-similarity adapter (:mod:`iprhub.search.phrase_adapter`);
numpy is the only dependency, so the default install stays light.

>>> import numpy as np
>>> x = np.linspace(0, 1, 400)[:, None]
>>> y = (x[:, 0] > 0.5).astype(float)
>>> model = GradientBoosting(depth=1, rounds=50, learning_rate=0.3, min_leaf=10).fit(x, y)
>>> model.predict(np.array([[0.1], [0.9]])).round(2).tolist()
[0.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class Tree:
    """One regression tree as flat arrays; ``feature[i] < 0`` marks a leaf with ``value[i]``."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray

    def predict(self, x: np.ndarray) -> np.ndarray:
        node = np.zeros(len(x), dtype=np.int64)
        rows = np.arange(len(x))
        while True:
            f = self.feature[node]
            inner = f >= 0
            if not inner.any():
                return self.value[node]
            go_left = x[rows[inner], f[inner]] < self.threshold[node[inner]]
            node[inner] = np.where(go_left, self.left[node[inner]], self.right[node[inner]])


@dataclass
class GradientBoosting:
    depth: int = 5
    rounds: int = 400
    learning_rate: float = 0.04
    min_leaf: int = 50
    l2: float = 1.0
    bins: int = 32
    subsample: float = 0.8
    colsample: float = 0.8
    seed: int = 0
    base: float = 0.0
    trees: list[Tree] = field(default_factory=list)
    validation_curve: list[float] = field(default_factory=list)

    def fit(
        self,
        x: np.ndarray,
        y: np.ndarray,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
        metric: Callable[[np.ndarray, np.ndarray], float] | None = None,
    ) -> GradientBoosting:
        """Fit ``rounds`` trees; with ``validation`` (and ``metric``, higher is better) keep the best prefix."""
        rng = np.random.default_rng(self.seed)
        quantiles = np.linspace(0, 1, self.bins + 1)[1:-1]
        edges = [np.unique(np.quantile(x[:, j], quantiles)) for j in range(x.shape[1])]
        binned = np.stack([np.searchsorted(e, x[:, j], side="right") for j, e in enumerate(edges)], 1)
        self.base = float(y.mean())
        pred = np.full(len(y), self.base)
        vpred = np.full(len(validation[0]), self.base) if validation else None
        self.trees, self.validation_curve = [], []
        for _ in range(self.rounds):
            grad = pred - y
            rows = np.flatnonzero(rng.random(len(y)) < self.subsample)
            cols = np.flatnonzero(rng.random(x.shape[1]) < self.colsample)
            tree = self._grow(binned, edges, grad, rows, cols)
            self.trees.append(tree)
            pred += self.learning_rate * tree.predict(x)
            if validation and vpred is not None and metric:
                vpred += self.learning_rate * tree.predict(validation[0])
                self.validation_curve.append(metric(vpred, validation[1]))
        if self.validation_curve:
            self.trees = self.trees[: int(np.argmax(self.validation_curve)) + 1]
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        out = np.full(len(x), self.base)
        for tree in self.trees:
            out += self.learning_rate * tree.predict(x)
        return out

    def _grow(
        self,
        binned: np.ndarray,
        edges: list[np.ndarray],
        grad: np.ndarray,
        rows: np.ndarray,
        cols: np.ndarray,
    ) -> Tree:
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []

        def node(idx: np.ndarray, depth: int) -> int:
            me = len(feature)
            feature.append(-1)
            threshold.append(0.0)
            left.append(-1)
            right.append(-1)
            g = grad[idx]
            value.append(float(-g.sum() / (len(idx) + self.l2)))
            if depth >= self.depth or len(idx) < 2 * self.min_leaf:
                return me
            total, n = g.sum(), len(idx)
            best_gain, best_j, best_k = 1e-12, -1, -1
            for j in cols:
                b = binned[idx, j]
                gsum = np.cumsum(np.bincount(b, weights=g, minlength=self.bins))[:-1]
                count = np.cumsum(np.bincount(b, minlength=self.bins))[:-1]
                ok = (count >= self.min_leaf) & (n - count >= self.min_leaf)
                if not ok.any():
                    continue
                gain = (
                    gsum**2 / (count + self.l2)
                    + (total - gsum) ** 2 / (n - count + self.l2)
                    - total**2 / (n + self.l2)
                )
                gain[~ok] = -1.0
                k = int(gain.argmax())
                if gain[k] > best_gain:
                    best_gain, best_j, best_k = float(gain[k]), int(j), k
            if best_j < 0:
                return me
            # bin <= k  <=>  x < edges[k] (searchsorted side="right"); k < len(edges) since both sides are filled
            go_left = binned[idx, best_j] <= best_k
            feature[me], threshold[me] = best_j, float(edges[best_j][best_k])
            left[me] = node(idx[go_left], depth + 1)
            right[me] = node(idx[~go_left], depth + 1)
            return me

        node(rows, 0)
        return Tree(
            np.array(feature, dtype=np.int64),
            np.array(threshold, dtype=np.float64),
            np.array(left, dtype=np.int64),
            np.array(right, dtype=np.int64),
            np.array(value, dtype=np.float64),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "learning_rate": self.learning_rate,
            "trees": [
                {
                    "feature": t.feature.tolist(),
                    "threshold": t.threshold.tolist(),
                    "left": t.left.tolist(),
                    "right": t.right.tolist(),
                    "value": [float(np.float32(v)) for v in t.value],
                }
                for t in self.trees
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GradientBoosting:
        trees = [
            Tree(
                np.array(t["feature"], dtype=np.int64),
                np.array(t["threshold"], dtype=np.float64),
                np.array(t["left"], dtype=np.int64),
                np.array(t["right"], dtype=np.int64),
                np.array(t["value"], dtype=np.float64),
            )
            for t in data["trees"]
        ]
        return cls(learning_rate=float(data["learning_rate"]), base=float(data["base"]), trees=trees)
