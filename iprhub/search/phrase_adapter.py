"""A phrase-similarity adapter over the sentence model, trained only on the training split.

The Google patent phrase-similarity set rates (anchor, target) pairs in a CPC context. The plain
model scores a pair by the cosine of its two vectors. The adapter reads more of the two vectors:
ridge regression on their element-wise product, absolute difference and sum, the cosine (and its
square and cube), and the CPC section of the context (alone and times the cosine), fitted on the
training split; the ridge strength is chosen on the validation split; the test split is only
scored. Measured: Pearson 0.649 on the test split (plain cosine 0.564; validation 0.631).

>>> import numpy as np
>>> a, b = np.eye(3, dtype=np.float32)[:2], np.eye(3, dtype=np.float32)[[0, 2]]
>>> pair_features(a, b, ["A01", "H04"]).shape
(2, 31)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

SECTIONS = "ABCDEFGHY"
RIDGE = (3.0, 10.0, 30.0, 100.0)


def pair_features(a: np.ndarray, b: np.ndarray, contexts: Sequence[str]) -> np.ndarray:
    """Features of each pair of (unit) vectors ``a[i]``, ``b[i]`` in CPC context ``contexts[i]``."""
    cos = (a * b).sum(axis=1, keepdims=True)
    section = np.zeros((len(contexts), len(SECTIONS)), dtype=np.float32)
    for i, ctx in enumerate(contexts):
        j = SECTIONS.find((ctx or "A")[:1].upper())
        section[i, max(j, 0)] = 1.0
    return np.hstack([a * b, np.abs(a - b), a + b, cos, cos ** 2, cos ** 3, np.ones_like(cos), section,
                      section * cos]).astype(np.float64)


@dataclass
class PhraseAdapter:
    weights: np.ndarray
    ridge: float
    validation_pearson: float

    @classmethod
    def fit(cls, encoder: Any, train: Sequence[Any], validation: Sequence[Any]) -> PhraseAdapter:
        """Fit on ``train`` (PhrasePair), choose the ridge strength by Pearson on ``validation``."""
        x, y = _xy(encoder, train)
        xv, yv = _xy(encoder, validation)
        gram, rhs = x.T @ x, x.T @ y
        best: PhraseAdapter | None = None
        for ridge in RIDGE:
            w = np.linalg.solve(gram + ridge * np.eye(gram.shape[0]), rhs)
            r = float(np.corrcoef(xv @ w, yv)[0, 1])
            if best is None or r > best.validation_pearson:
                best = cls(w, ridge, r)
        assert best is not None
        return best

    def predict(self, encoder: Any, pairs: Sequence[Any]) -> np.ndarray:
        x, _y = _xy(encoder, pairs)
        return x @ self.weights


def _xy(encoder: Any, pairs: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    a = encoder.encode([p.anchor for p in pairs])
    b = encoder.encode([p.target for p in pairs])
    return pair_features(a, b, [p.context for p in pairs]), np.array([p.score for p in pairs], dtype=np.float64)
