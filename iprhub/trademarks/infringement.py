"""Is a merchant's name an infringing use of a mark? An explainable decision learned from TMID's training half.

Mark-vs-mark similarity (:mod:`iprhub.trademarks.similarity`) cannot tell an authorised shop
(华息专卖店碑林店 selling 华息 goods, judged lawful or not by the use around it) from a copy: most of
TMID's lawful uses contain the mark itself. This decision adds what the experts looked at: where the
mark sits in the merchant text, whether it is the mark as written or a changed form of it, what the
merchant registered, the industries, and the words around the mark. Each is a feature with a weight of
a logistic regression (numpy, L2) fitted on the training half only; the words around the mark are
scored by log-odds counted on that half. Every decision lists the features that moved it.

Rebuild the model (``data/infringement_model.json``) with::

    python -m iprhub.trademarks.infringement ../shared/data

>>> from iprhub.trademarks.infringement import MerchantUse, decide
>>> decide(MerchantUse("徳知物流", "得知物流")).features[0].name
'similarity'
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from iprhub.trademarks.marktext import fold
from iprhub.trademarks.similarity import compare

MODEL = Path(__file__).with_name("data") / "infringement_model.json"
_HAN_OR_WORD = re.compile(r"[\w]", re.UNICODE)

#: features in the order of the weights; what each one says when it is on
FEATURES: dict[str, str] = {
    "similarity": "combined score of the merchant text against the mark (similarity engine)",
    "literal": "the mark is written as is inside the merchant text",
    "variant": "a changed form of the mark (similar, medium tier or above, but not written as is)",
    "bare": "the merchant text is the mark alone, nothing added",
    "registration_has_mark": "the merchant's registered name contains the mark",
    "text_is_registration": "the text shown is the merchant's registered name",
    "merchant_has_mark": "the merchant (company) name contains the mark",
    "same_industry": "the merchant's industry is one of the mark's industries",
    "context": "log-odds of the words around the mark (learned on the training half)",
}
# feature sets tried on the dev split (model choice), smallest first
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "similarity": ("similarity",),
    "structure": ("similarity", "literal", "variant", "bare", "registration_has_mark", "text_is_registration",
                  "merchant_has_mark"),
    "structure+industry": ("similarity", "literal", "variant", "bare", "registration_has_mark",
                           "text_is_registration", "merchant_has_mark", "same_industry"),
    "structure+industry+context": tuple(FEATURES),
}
L2_STRENGTHS = (0.01, 0.1, 1.0)


@dataclass(frozen=True)
class MerchantUse:
    """A merchant text (shop or service name) and the mark it may infringe, with what the merchant registered."""

    mark: str
    text: str
    registration: str = ""
    merchant: str = ""
    merchant_industry: str = ""
    mark_industries: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeatureValue:
    name: str
    value: float
    contribution: float  # weight x value: how far it moved the log-odds
    meaning: str


@dataclass(frozen=True)
class InfringementDecision:
    infringing: bool
    probability: float
    features: tuple[FeatureValue, ...] = field(default_factory=tuple)

    def reasons(self, top: int = 3) -> list[str]:
        moved = sorted((f for f in self.features if f.contribution), key=lambda f: -abs(f.contribution))
        return [f"{f.name}={f.value:g} ({'+' if f.contribution > 0 else ''}{f.contribution:.2f}): {f.meaning}"
                for f in moved[:top]]


def _norm(text: str) -> str:
    return "".join(_HAN_OR_WORD.findall(fold(text or "")))


def context_grams(use: MerchantUse) -> set[str]:
    """Characters and character pairs of the merchant text outside the mark (the words around it)."""
    text, mark = _norm(use.text), _norm(use.mark)
    rest = text.replace(mark, " ") if mark and mark in text else text
    grams: set[str] = set()
    for part in rest.split():
        grams.update(part)
        grams.update(part[i:i + 2] for i in range(len(part) - 1))
    return grams


def raw_features(use: MerchantUse) -> dict[str, float]:
    """The features without ``context`` (which needs the learned word table)."""
    text, mark, reg = _norm(use.text), _norm(use.mark), _norm(use.registration)
    score = compare(use.text, use.mark).score if text and mark else 0.0
    literal = bool(mark) and mark in text
    industries = {i.strip(" '\"") for i in use.mark_industries}
    merchant_industry = use.merchant_industry.strip(" '\"")
    return {
        "similarity": round(score, 4),
        "literal": float(literal),
        "variant": float(not literal and score >= 0.62),
        "bare": float(bool(mark) and text == mark),
        "registration_has_mark": float(bool(mark) and mark in reg),
        "text_is_registration": float(bool(reg) and text == reg),
        "merchant_has_mark": float(bool(mark) and mark in _norm(use.merchant)),
        "same_industry": float(bool(merchant_industry) and merchant_industry in industries),
    }


def learn_context(uses: Sequence[MerchantUse], labels: Sequence[bool], min_count: int = 2) -> dict[str, float]:
    """Log-odds (Laplace-smoothed) of each context gram seen in at least ``min_count`` pairs."""
    pos, neg = Counter[str](), Counter[str]()
    for use, label in zip(uses, labels, strict=True):
        (pos if label else neg).update(context_grams(use))
    n_pos, n_neg = sum(labels), len(labels) - sum(labels)
    table = {}
    for gram in set(pos) | set(neg):
        if pos[gram] + neg[gram] >= min_count:
            table[gram] = round(math.log((pos[gram] + 1) / (n_pos + 2)) - math.log((neg[gram] + 1) / (n_neg + 2)), 4)
    return table


def context_score(use: MerchantUse, table: dict[str, float]) -> float:
    scores = [table[g] for g in context_grams(use) if g in table]
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def _fit(x: Any, y: Any, l2: float, steps: int = 4000, rate: float = 0.5) -> Any:
    import numpy as np

    w = np.zeros(x.shape[1] + 1)
    xb = np.hstack([x, np.ones((x.shape[0], 1))])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) / len(y)
        grad[:-1] += l2 * w[:-1]  # the intercept is not shrunk
        w -= rate * grad
    return w


def _matrix(uses: Sequence[MerchantUse], names: Sequence[str], table: dict[str, float],
            context: Sequence[float] | None = None) -> Any:
    import numpy as np

    rows = []
    for i, use in enumerate(uses):
        f = raw_features(use)
        f["context"] = context[i] if context is not None else context_score(use, table)
        rows.append([f[n] for n in names])
    return np.array(rows, dtype=float)


def _out_of_fold_context(uses: Sequence[MerchantUse], labels: Sequence[bool]) -> list[float]:
    # each pair's context is scored by a table learned without its own mark, so the weight of
    # `context` is fitted on scores the model could have had for an unseen mark
    out = []
    for use in uses:
        keep = [i for i, u in enumerate(uses) if u.mark != use.mark]
        table = learn_context([uses[i] for i in keep], [labels[i] for i in keep])
        out.append(context_score(use, table))
    return out


def train(uses: Sequence[MerchantUse], labels: Sequence[bool], names: Sequence[str], l2: float) -> dict[str, Any]:
    import numpy as np

    table = learn_context(uses, labels) if "context" in names else {}
    oof = _out_of_fold_context(uses, labels) if "context" in names else None
    w = _fit(_matrix(uses, names, table, oof), np.array(labels, dtype=float), l2)
    return {"features": list(names), "l2": l2, "weights": {n: round(float(v), 4) for n, v in zip(names, w, strict=False)},
            "intercept": round(float(w[-1]), 4), "context": table}


def decide(use: MerchantUse, model: dict[str, Any] | None = None) -> InfringementDecision:
    """The decision for one merchant text, with each feature's value and contribution."""
    model = model or load_model()
    f = raw_features(use)
    f["context"] = context_score(use, model["context"])
    logit = model["intercept"]
    feats = []
    for name in model["features"]:
        c = model["weights"][name] * f[name]
        logit += c
        feats.append(FeatureValue(name, f[name], round(c, 4), FEATURES[name]))
    p = 1 / (1 + math.exp(-logit))
    return InfringementDecision(p >= 0.5, round(p, 4), tuple(feats))


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any]:
    return dict(json.loads(MODEL.read_text(encoding="utf-8")))


def dev_split(mark: str) -> bool:
    """Marks of the training half set aside to choose the model (a second CRC-32 bit of the mark name)."""
    return (zlib.crc32(mark.encode("utf-8")) >> 1) % 2 == 0


def choose(uses: Sequence[MerchantUse], labels: Sequence[bool]) -> tuple[str, float, list[tuple[str, float, float]]]:
    """Pick a feature set and L2 strength by accuracy on the dev marks (ties: fewer features, stronger L2)."""
    fit_i = [i for i, u in enumerate(uses) if not dev_split(u.mark)]
    dev_i = [i for i, u in enumerate(uses) if dev_split(u.mark)]
    tried = []
    for set_name, names in FEATURE_SETS.items():
        for l2 in sorted(L2_STRENGTHS, reverse=True):
            model = train([uses[i] for i in fit_i], [labels[i] for i in fit_i], names, l2)
            hits = sum(decide(uses[i], model).infringing == labels[i] for i in dev_i)
            tried.append((set_name, l2, round(hits / len(dev_i), 4)))
    best = max(tried, key=lambda t: t[2])  # first best: smallest set, strongest L2 among ties
    return best[0], best[1], tried


def build(data_root: Path) -> dict[str, Any]:
    """Choose on the dev marks, refit on the whole training half; the test half is not read."""
    from iprhub.trademarks.evaluation import tmid_uses

    pairs = [(u, y) for u, y, split in tmid_uses(data_root) if split == "train"]
    uses, labels = [u for u, _ in pairs], [y for _, y in pairs]
    set_name, l2, tried = choose(uses, labels)
    model = train(uses, labels, FEATURE_SETS[set_name], l2)
    model["chosen"] = {"feature_set": set_name, "l2": l2, "dev": [list(t) for t in tried],
                       "train_pairs": len(uses), "dev_pairs": sum(dev_split(u.mark) for u in uses)}
    return model


if __name__ == "__main__":  # pragma: no cover - rebuild the shipped model
    import sys

    built = build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
    MODEL.write_text(json.dumps(built, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in built.items() if k != "context"}, ensure_ascii=False, indent=1))
