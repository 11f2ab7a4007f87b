"""A phrase-similarity adapter over the sentence model, trained only on the training split.

The Google patent phrase-similarity set rates (anchor, target) pairs in a CPC context. The plain
model scores a pair by the cosine of its two vectors (Pearson 0.564 on the test split). The adapter
reads more than that cosine, all from the shipped multilingual model and the text:

- the cosine of the two phrases, and of the two phrases each followed by the title of their CPC
  class ("opposing walls; brushware"), the context-conditioned embedding;
- word level: every word of both phrases embedded alone, the mean best match each way, the cosine
  of the two last words (the head of an English noun phrase), and each phrase's words against the
  class title;
- lexical: word and character-trigram Jaccard, sequence-match ratio, containment, shared-word
  shares, lengths; the CPC section;
- per anchor: the targets rated for one anchor are scored together, and each pair is also placed
  among its anchor's other pairs (rank and z-score of its cosines, the other targets' similarity to
  it). The anchors of the splits are disjoint, so these are unsupervised statistics of the pairs
  being scored, the same at training and test time; a pair scored alone gets neutral values.

A gradient-boosted tree model (:mod:`~iprhub.search.gradient_boosting`, numpy only) maps the
features to the rating. It is fitted on the training split; the number of trees is chosen on the
validation split; the test split is only scored. The fitted model ships as
``phrase_adapter_model.json`` (with the CPC class titles it reads); rebuild it with
``python -m iprhub.search.phrase_adapter --data ../shared/data``.

>>> lexical_features("opposing walls", "walls")[:4]
[0.5, 0.357143, 0.526316, 1.0]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from iprhub.search.gradient_boosting import GradientBoosting

SECTIONS = "ABCDEFGHY"
MODEL_FILE = Path(__file__).with_name("phrase_adapter_model.json")
FEATURES = 64
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _trigrams(text: str) -> set[str]:
    padded = f" {text.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def short_title(title: str) -> str:
    """A CPC title without its references in brackets, lower-cased."""
    return re.sub(r"\s*[\(\{\[].*?[\)\}\]]", "", title).lower().strip()


def cpc_class_titles(data_dir: Path) -> dict[str, str]:
    """Sections and classes (``A``, ``A01``) of the CPC title list in ``data_dir`` (the shared data folder)."""
    folder = data_dir / "classification" / "cpc" / "CPCTitleList202208"
    titles: dict[str, str] = {}
    for path in sorted(folder.glob("cpc-section-*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts[0]) in (1, 3):
                    titles[parts[0]] = short_title(parts[-1])
    return titles


def lexical_features(a: str, b: str) -> list[float]:
    """Word Jaccard, trigram Jaccard, sequence ratio, containment, shared-word shares, length ratio, lengths."""
    wa, wb = set(_words(a)), set(_words(b))
    ga, gb = _trigrams(a), _trigrams(b)
    shared = len(wa & wb)
    la, lb = len(_words(a)), len(_words(b))
    al, bl = a.lower(), b.lower()
    return [
        round(shared / max(1, len(wa | wb)), 6),
        round(len(ga & gb) / max(1, len(ga | gb)), 6),
        round(difflib.SequenceMatcher(None, al, bl).ratio(), 6),
        float(al in bl or bl in al),
        shared / max(1, len(wb)),
        shared / max(1, len(wa)),
        min(la, lb) / max(1, la, lb),
        float(np.log1p(la)),
        float(np.log1p(lb)),
    ]


def _group_stats(keys: Sequence[str], values: np.ndarray, width: int = 5) -> np.ndarray:
    """Per group of equal keys: rank share, z-score, minus the mean, minus the max, the mean."""
    out = np.zeros((len(values), 5))
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    for idx in groups.values():
        v = values[idx]
        n = len(v)
        rank = v.argsort().argsort() / (n - 1) if n > 1 else np.full(n, 0.5)
        out[idx] = np.stack(
            [rank, (v - v.mean()) / (v.std() + 1e-6), v - v.mean(), v - v.max(), np.full(n, v.mean())], 1
        )
    return out[:, :width]


class _Vectors:
    """Embeds each distinct text once."""

    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        todo = sorted({t for t in texts if t not in self.cache})
        if todo:
            for t, v in zip(todo, self.encoder.encode(todo), strict=True):
                self.cache[t] = np.asarray(v, dtype=np.float64)
        return np.vstack([self.cache[t] for t in texts]) if texts else np.zeros((0, self.encoder.dim))


def pair_features(encoder: Any, pairs: Sequence[Any], titles: dict[str, str]) -> np.ndarray:
    """The adapter's 64 features of each pair (anchor, target, context); pairs with one anchor inform each other."""
    vec = encoder if isinstance(encoder, _Vectors) else _Vectors(encoder)
    n = len(pairs)
    title = [titles.get(p.context, titles.get(p.context[:1], "")) for p in pairs]
    a, b = vec([p.anchor for p in pairs]), vec([p.target for p in pairs])
    ac = vec([f"{p.anchor}; {t}" for p, t in zip(pairs, title, strict=True)])
    bc = vec([f"{p.target}; {t}" for p, t in zip(pairs, title, strict=True)])
    tv = vec([t or "-" for t in title])
    cos, ccos = (a * b).sum(1), (ac * bc).sum(1)
    lexical = np.array([lexical_features(p.anchor, p.target) for p in pairs]).reshape(n, 9)
    section = np.zeros((n, len(SECTIONS)))
    for i, p in enumerate(pairs):
        section[i, max(0, SECTIONS.find(p.context[:1].upper()))] = 1.0
    words = np.zeros((n, 8))
    vec(sorted({w for p in pairs for t in (p.anchor, p.target) for w in _words(t)}))  # one batch
    for i, p in enumerate(pairs):
        wa, wb = _words(p.anchor) or ["-"], _words(p.target) or ["-"]
        va, vb = vec(wa), vec(wb)
        m = va @ vb.T
        words[i] = [
            m.max(1).mean(),
            m.max(0).mean(),
            m.max(),
            m.min(),
            m[-1, -1],
            float(wa[-1] == wb[-1]),
            (vb @ tv[i]).max(),
            (va @ tv[i]).max(),
        ]
    to_title = np.stack([(b * tv).sum(1), (a * tv).sum(1)], 1)
    anchors = [p.anchor for p in pairs]
    with_context = [f"{p.anchor}|{p.context}" for p in pairs]
    group = np.hstack(
        [
            _group_stats(anchors, cos),
            _group_stats(anchors, ccos),
            _group_stats(with_context, ccos, 2),
            _group_stats(anchors, lexical[:, 1], 2),
            _group_stats(anchors, words[:, 0], 2),
            _group_stats(anchors, words[:, 1], 2),
            _group_stats(anchors, to_title[:, 0], 2),
            _targets_among_each_other(anchors, b),
        ]
    )
    x = np.hstack(
        [
            cos[:, None],
            ccos[:, None],
            cos[:, None] ** 2,
            ccos[:, None] ** 2,
            lexical,
            section,
            section * cos[:, None],
            words,
            to_title,
            group,
        ]
    )
    assert x.shape[1] == FEATURES
    return x


def _targets_among_each_other(anchors: Sequence[str], b: np.ndarray) -> np.ndarray:
    """Per anchor: a target's mean cosine to the other targets, to their centroid, and log of their number."""
    out = np.zeros((len(anchors), 3))
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(anchors):
        groups.setdefault(k, []).append(i)
    for idx in groups.values():
        vb = b[idx]
        n = len(idx)
        m = vb @ vb.T
        centroid = vb.mean(0)
        centroid /= np.linalg.norm(centroid) + 1e-9
        out[idx, 0] = (m.sum(1) - m.diagonal()) / (n - 1) if n > 1 else 0.0
        out[idx, 1] = vb @ centroid
        out[idx, 2] = np.log(n)
    return out


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


@dataclass
class PhraseAdapter:
    model: GradientBoosting
    titles: dict[str, str]
    encoder_name: str
    validation_pearson: float
    train_pairs: int

    @classmethod
    def fit(
        cls,
        encoder: Any,
        train: Sequence[Any],
        validation: Sequence[Any],
        titles: dict[str, str],
        rounds: int = 600,
    ) -> PhraseAdapter:
        """Fit on ``train``; the number of trees is the best by Pearson on ``validation``."""
        vec = _Vectors(encoder)
        x, y = pair_features(vec, train, titles), np.array([p.score for p in train])
        xv, yv = pair_features(vec, validation, titles), np.array([p.score for p in validation])
        model = GradientBoosting(rounds=rounds).fit(x, y, (xv, yv), pearson)
        return cls(
            model,
            {k: v for k, v in titles.items() if len(k) in (1, 3)},
            encoder.name,
            max(model.validation_curve),
            len(train),
        )

    def predict(self, encoder: Any, pairs: Sequence[Any]) -> np.ndarray:
        """Scores of ``pairs`` on the rating scale (0-1); pass all pairs of an anchor together."""
        if encoder.name != self.encoder_name:
            from iprhub.errors import InvalidInput

            raise InvalidInput(
                f"the phrase adapter was trained over {self.encoder_name}, not {encoder.name}", field="model"
            )
        return self.model.predict(pair_features(encoder, pairs, self.titles)) if pairs else np.zeros(0)

    def save(self, path: Path = MODEL_FILE) -> None:
        data = {
            "encoder": self.encoder_name,
            "features": FEATURES,
            "train_pairs": self.train_pairs,
            "validation_pearson": round(self.validation_pearson, 4),
            "trees": len(self.model.trees),
            "cpc_titles": self.titles,
            "model": self.model.to_json(),
        }
        path.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> PhraseAdapter:
        from iprhub.errors import InvalidInput

        if not path.is_file():
            raise InvalidInput(
                f"no phrase adapter at {path}; build it: python -m iprhub.search.phrase_adapter",
                file=str(path),
            )
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("features") != FEATURES:
            raise InvalidInput(
                f"{path} was built for other features; rebuild it: python -m iprhub.search.phrase_adapter",
                file=str(path),
            )
        return cls(
            GradientBoosting.from_json(data["model"]),
            data["cpc_titles"],
            data["encoder"],
            float(data["validation_pearson"]),
            int(data["train_pairs"]),
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Rebuild ``phrase_adapter_model.json`` from the training split (validation split chooses the trees)."""
    from iprhub.search import eval_sets
    from iprhub.search.vectors import DEFAULT_MODEL, load_encoder

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    encoder = load_encoder(DEFAULT_MODEL)
    adapter = PhraseAdapter.fit(
        encoder,
        eval_sets.phrase_pairs(args.data, "train"),
        eval_sets.phrase_pairs(args.data, "validation"),
        cpc_class_titles(args.data),
    )
    adapter.save(args.out)
    print(
        f"{args.out}: {len(adapter.model.trees)} trees, validation Pearson {adapter.validation_pearson:.4f}, "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
