"""Near-duplicate and template detection: MinHash signatures in an LSH index (datasketch), candidate
pairs verified, pairs joined into clusters, each pair explained by the passages that differ.

Why MinHash + LSH: the exact all-pairs comparison is quadratic (5·10^11 pairs at a million
documents); LSH only compares documents that share a band of their signature, and the banding is
chosen so that pairs above ``threshold`` Jaccard are found with high probability. Candidates are then
verified on their estimated Jaccard (and, for stores small enough to keep them, exact shingle sets),
so LSH's false candidates never reach a result.
"""

from __future__ import annotations

import difflib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from iprhub.errors import InvalidInput
from iprhub.limits import Deadline
from iprhub.quality.models import Difference, SectionSimilarity
from iprhub.quality.text import DocumentText, sentences, shingles, words

SECTIONS = ("claims", "abstract", "description")
MIN_WORDS = 40  # below this, two texts alike say little (titles, one-line design claims)


def _hash32(b: bytes) -> int:
    # crc32 is stable across processes (unlike hash()) and ~20x faster than datasketch's sha1 default
    return zlib.crc32(b)


@dataclass(frozen=True)
class Pair:
    """Two documents whose screened texts are near-identical."""

    a: str
    b: str
    similarity: float  # Jaccard of the word-3-gram sets (exact when both sets were kept, else estimated)
    exact: bool


@dataclass
class Cluster:
    members: list[str]
    pairs: list[Pair] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class PairwiseResult:
    pairs: list[Pair]
    clusters: list[Cluster]
    documents: int
    compared: int  # documents queried against the index before the time limit
    partial: bool
    notice: str | None = None


class NearDuplicateFinder:
    """Add documents, then ask for verified pairs and clusters.

    >>> f = NearDuplicateFinder(threshold=0.5, min_similarity=0.5)
    >>> text = " ".join(["a rotor blade with a leading edge and a trailing edge joined by a curved spar cap"] * 3)
    >>> for key, t in [("A", text), ("B", text.replace("curved", "bent")),
    ...                ("C", " ".join(["an unrelated text about batteries and their cathodes of lithium"] * 5))]:
    ...     _ = f.add_text(key, t)
    >>> [(p.a, p.b) for p in f.find().pairs]
    [('A', 'B')]
    """

    def __init__(self, *, k: int = 3, num_perm: int = 128, threshold: float = 0.5, min_similarity: float = 0.5,
                 keep_shingles: bool = True, max_words: int = 6000) -> None:
        try:
            from datasketch import LeanMinHash, MinHash, MinHashLSH  # lazily: only screening needs it
        except ImportError as exc:  # pragma: no cover - the dev and quality extras install it
            raise InvalidInput("near-duplicate screening needs the optional extra: pip install 'iprhub[quality]'",
                               field="quality") from exc

        self._MinHash = MinHash
        self._Lean = LeanMinHash  # a signature without the permutations: ~1/3 of the memory per document
        self.k = k
        self.num_perm = num_perm
        self.min_similarity = min_similarity
        self.keep_shingles = keep_shingles
        self.max_words = max_words  # claims + abstract + the description's opening: enough to tell a copy
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.signatures: dict[str, object] = {}
        self.shingle_sets: dict[str, set[str]] = {}
        self._seed_hashes: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.signatures)

    def add_text(self, key: str, text: str) -> bool:
        """Index one text; False when it has too few words to screen (nothing to compare)."""
        tokens = words(text)[:self.max_words]
        if len(tokens) < MIN_WORDS:
            return False
        grams = shingles(tokens, self.k)
        mh = self._MinHash(num_perm=self.num_perm, hashfunc=_hash32)
        mh.update_batch([g.encode() for g in grams])
        mh = self._Lean(mh)
        self.signatures[key] = mh
        if self.keep_shingles:
            self.shingle_sets[key] = grams
        self.lsh.insert(key, mh)
        return True

    def remove(self, key: str) -> None:
        if key in self.signatures:
            self.lsh.remove(key)
            del self.signatures[key]
            self.shingle_sets.pop(key, None)

    def add(self, text: DocumentText) -> bool:
        return self.add_text(text.key, text.full)

    def similarity(self, a: str, b: str) -> tuple[float, bool]:
        sa, sb = self.shingle_sets.get(a), self.shingle_sets.get(b)
        if sa is not None and sb is not None:
            return len(sa & sb) / len(sa | sb), True
        return float(self.signatures[a].jaccard(self.signatures[b])), False  # type: ignore[attr-defined]

    def find(self, *, deadline: Deadline | None = None, keys: Iterable[str] | None = None) -> PairwiseResult:
        """Verified pairs among the indexed documents (``keys``: only pairs touching these, e.g. a new
        batch), and their clusters; stops at the deadline with what it compared so far."""
        seen: set[tuple[str, str]] = set()
        pairs: list[Pair] = []
        queried = 0
        partial = False
        chosen = [k for k in keys if k in self.signatures] if keys is not None else list(self.signatures)
        for key in chosen:
            if deadline is not None and deadline.expired():
                partial = True
                break
            queried += 1
            for other in self.lsh.query(self.signatures[key]):
                if other == key:
                    continue
                pair_key = (key, other) if key < other else (other, key)
                if pair_key in seen:
                    continue
                seen.add(pair_key)
                sim, exact = self.similarity(*pair_key)
                if sim >= self.min_similarity:
                    pairs.append(Pair(pair_key[0], pair_key[1], round(sim, 4), exact))
        pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
        notice = (f"time limit reached: {queried} of {len(chosen)} documents compared; pairs of the others are "
                  "missing") if partial else None
        return PairwiseResult(pairs, clusters(pairs), len(self.signatures), queried, partial, notice)


def clusters(pairs: list[Pair]) -> list[Cluster]:
    """Connected components of the pair graph (union-find), largest first."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = root(p.a), root(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, Cluster] = {}
    for p in pairs:
        c = groups.setdefault(root(p.a), Cluster([]))
        c.pairs.append(p)
    for c in groups.values():
        c.members = sorted({m for p in c.pairs for m in (p.a, p.b)})
    return sorted(groups.values(), key=lambda c: (-c.size, c.members))


def explain(a: DocumentText, b: DocumentText, *, k: int = 3, limit: int = 8) -> tuple[list[SectionSimilarity],
                                                                                      list[Difference]]:
    """Per-section Jaccard and the sentences that differ, aligned (difflib over sentences)."""
    sims: list[SectionSimilarity] = []
    diffs: list[Difference] = []
    for name in SECTIONS:
        ta, tb = a.section(name), b.section(name)
        wa, wb = words(ta), words(tb)
        if not wa or not wb:
            sims.append(SectionSimilarity(section=name, similarity=None, words_a=len(wa), words_b=len(wb)))
            continue
        sa, sb = shingles(wa, k), shingles(wb, k)
        sims.append(SectionSimilarity(section=name, similarity=round(len(sa & sb) / len(sa | sb), 4),
                                      words_a=len(wa), words_b=len(wb)))
        xa, xb = sentences(ta), sentences(tb)
        matcher = difflib.SequenceMatcher(a=[" ".join(words(s)) for s in xa], b=[" ".join(words(s)) for s in xb],
                                          autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal" and len(diffs) < limit:
                diffs.append(Difference(section=name, a=" ".join(xa[i1:i2])[:600], b=" ".join(xb[j1:j2])[:600]))
    return sims, diffs
