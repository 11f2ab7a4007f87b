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


# MurmurHash3's 32-bit finalizer: datasketch's "affine32" scheme mixes each input hash with it once
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


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

    Signatures are datasketch's MinHash (same permutations, same values: a test checks it), computed for
    many documents at once; the LSH banding is datasketch's choice of (bands, rows) for the threshold, done
    by sorting each band's keys. Why not datasketch's ``MinHashLSH`` itself: it keeps a Python dict of sets
    per band, about 9 KB per document (9 GB at a million) and ~1 ms per insert and per query; the sorted
    columns hold 4 bytes per permutation per document and find every candidate pair of a million
    documents in one pass per band. The candidates are the same: a bucket is the band's exact values.

    >>> f = NearDuplicateFinder(threshold=0.5, min_similarity=0.5)
    >>> text = " ".join(["a rotor blade with a leading edge and a trailing edge joined by a curved spar cap"] * 3)
    >>> for key, t in [("A", text), ("B", text.replace("curved", "bent")),
    ...                ("C", " ".join(["an unrelated text about batteries and their cathodes of lithium"] * 5))]:
    ...     _ = f.add_text(key, t)
    >>> [(p.a, p.b) for p in f.find().pairs]
    [('A', 'B')]
    """

    CHUNK = 256  # documents whose signatures are computed in one numpy pass (~40 MB of temporaries)
    MAX_BUCKET = 200  # a bucket larger than this (one template filed hundreds of times) is chained, not squared

    def __init__(self, *, k: int = 3, num_perm: int = 128, threshold: float = 0.5, min_similarity: float = 0.5,
                 keep_shingles: bool = True, max_words: int = 6000) -> None:
        try:
            from datasketch import MinHash, MinHashLSH  # lazily: only screening needs it
        except ImportError as exc:  # pragma: no cover - the dev and quality extras install it
            raise InvalidInput("near-duplicate screening needs the optional extra: pip install 'iprhub[quality]'",
                               field="quality") from exc

        self.k = k
        self.num_perm = num_perm
        self.min_similarity = min_similarity
        self.keep_shingles = keep_shingles
        self.max_words = max_words  # claims + abstract + the description's opening: enough to tell a copy
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)  # only for its optimal (bands, rows)
        self.bands: list[tuple[int, int]] = list(lsh.hashranges)
        reference = MinHash(num_perm=num_perm, hashfunc=_hash32)
        if reference.scheme != "affine32":  # pragma: no cover - the signatures below follow datasketch 2's default
            raise InvalidInput(f"datasketch's MinHash scheme {reference.scheme!r} is not supported", field="quality")
        self._a, self._b = (np.asarray(p, dtype=np.uint32) for p in reference.permutations)
        self.keys: list[str] = []
        self.row: dict[str, int] = {}
        self.alive: list[bool] = []
        self.shingle_sets: dict[str, set[str]] = {}
        self._blocks: list[np.ndarray] = []  # signature rows, uint32, one block per CHUNK
        self._pending: list[np.ndarray] = []  # shingle hashes of documents whose signature is not made yet

    @classmethod
    def for_screening(cls) -> NearDuplicateFinder:
        """The screening's settings: word 2-grams, Jaccard ≥ 0.3 (chosen on the dev half, docs/quality.md)."""
        return cls(k=2, threshold=0.3, min_similarity=0.3)

    def __len__(self) -> int:
        return len(self.row)

    def add_text(self, key: str, text: str) -> bool:
        """Index one text; False when it has too few words to screen (nothing to compare)."""
        tokens = words(text)[:self.max_words]
        if len(tokens) < MIN_WORDS:
            return False
        if key in self.row:
            self.remove(key)
        grams = shingles(tokens, self.k)
        self._pending.append(np.fromiter((_hash32(g.encode()) for g in grams), dtype=np.uint32, count=len(grams)))
        self.row[key] = len(self.keys)
        self.keys.append(key)
        self.alive.append(True)
        if self.keep_shingles:
            self.shingle_sets[key] = grams
        if len(self._pending) >= self.CHUNK:
            self._flush()
        return True

    def _flush(self) -> None:
        if not self._pending:
            return
        hv = np.concatenate(self._pending)
        starts = np.cumsum([0] + [len(p) for p in self._pending[:-1]])
        # datasketch's affine32 permutations (a·h + b mod 2^32) for every shingle of the chunk at once
        phv = _fmix32(hv)[:, None] * self._a[None, :] + self._b[None, :]
        self._blocks.append(np.minimum.reduceat(phv, starts, axis=0))
        self._pending = []

    def signatures(self) -> np.ndarray:
        """One row of ``num_perm`` MinHash values per added document, in the order they were added."""
        self._flush()
        if len(self._blocks) > 1:
            self._blocks = [np.concatenate(self._blocks)]
        return self._blocks[0] if self._blocks else np.zeros((0, self.num_perm), dtype=np.uint32)

    def remove(self, key: str) -> None:
        i = self.row.pop(key, None)
        if i is not None:
            self.alive[i] = False
            self.shingle_sets.pop(key, None)

    def add(self, text: DocumentText) -> bool:
        return self.add_text(text.key, text.full)

    def similarity(self, a: str, b: str) -> tuple[float, bool]:
        sa, sb = self.shingle_sets.get(a), self.shingle_sets.get(b)
        if sa is not None and sb is not None:
            return len(sa & sb) / len(sa | sb), True
        sig = self.signatures()
        return float(np.mean(sig[self.row[a]] == sig[self.row[b]])), False

    def candidates(self, *, deadline: Deadline | None = None, rows: np.ndarray | None = None,
                   min_estimate: float | None = None) -> tuple[np.ndarray, int]:
        """Row pairs (i < j) sharing at least one band, and how many bands were compared before the
        deadline; ``rows``: only pairs touching these rows; ``min_estimate``: only pairs whose signatures
        agree on at least that share (checked band by band: a large store's candidates are mostly documents
        sharing a sentence or two, far too many to keep)."""
        sig = self.signatures()
        alive = np.flatnonzero(np.asarray(self.alive, dtype=bool))
        wanted = None
        if rows is not None:
            wanted = np.zeros(len(self.keys), dtype=bool)
            wanted[rows] = True
        n = np.int64(len(self.keys))
        found: list[np.ndarray] = []  # one int per pair: lean to keep and to dedupe
        done = 0
        for start, end in self.bands:
            if deadline is not None and deadline.expired():
                break
            band = np.ascontiguousarray(sig[alive, start:end])
            order = np.lexsort(band.T[::-1])
            ranked = band[order]
            same = np.all(ranked[1:] == ranked[:-1], axis=1)
            pairs = _bucket_pairs(alive[order], same, self.MAX_BUCKET, wanted)
            if min_estimate is not None:
                pairs = pairs[_agreement(sig, pairs) >= min_estimate]
            found.append(np.unique(pairs[:, 0] * n + pairs[:, 1]))
            done += 1
        codes = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
        return np.stack([codes // n, codes % n], axis=1), done

    def find(self, *, deadline: Deadline | None = None, keys: Iterable[str] | None = None) -> PairwiseResult:
        """Verified pairs among the indexed documents (``keys``: only pairs touching these, e.g. a new
        batch), and their clusters; stops at the deadline with the bands compared so far."""
        chosen = [k for k in keys if k in self.row] if keys is not None else list(self.row)
        rows = np.array([self.row[k] for k in chosen], dtype=np.int64) if keys is not None else None
        candidates, done = self.candidates(deadline=deadline, rows=rows,
                                           min_estimate=None if self.keep_shingles else self.min_similarity)
        sig = self.signatures()
        pairs: list[Pair] = []
        for (i, j), est in zip(candidates.tolist(), _agreement(sig, candidates).tolist(), strict=True):
            a, b = sorted((self.keys[i], self.keys[j]))
            sim, exact = (self.similarity(a, b) if self.keep_shingles else (est, False))
            if sim >= self.min_similarity:
                pairs.append(Pair(a, b, round(sim, 4), exact))
        pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
        partial = done < len(self.bands)
        notice = (f"time limit reached: {done} of {len(self.bands)} LSH bands compared; pairs alike only in the "
                  "other bands are missing") if partial else None
        return PairwiseResult(pairs, clusters(pairs), len(self.row), len(chosen), partial, notice)


def _agreement(sig: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Share of equal MinHash values of each row pair: the estimated Jaccard, 100,000 pairs at a time."""
    out = np.empty(len(pairs), dtype=np.float64)
    for lo in range(0, len(pairs), 100_000):
        block = pairs[lo:lo + 100_000]
        out[lo:lo + len(block)] = np.mean(sig[block[:, 0]] == sig[block[:, 1]], axis=1)
    return out


def _bucket_pairs(members: np.ndarray, same: np.ndarray, cap: int, wanted: np.ndarray | None) -> np.ndarray:
    """Pairs of rows within each run of equal band values (``same[i]``: sorted row i+1 equals row i)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], same.view(np.int8), [0]))))
    starts, stops = edges[0::2], edges[1::2] + 1
    two = stops - starts == 2  # most buckets hold one pair: those go in one vectorised step
    out = [np.stack([members[starts[two]], members[starts[two] + 1]], axis=1)]
    for start, stop in zip(starts[~two].tolist(), stops[~two].tolist(), strict=True):
        run = members[start:stop]
        if len(run) <= cap:
            i, j = np.triu_indices(len(run), 1)
            out.append(np.stack([run[i], run[j]], axis=1))
        else:  # a chain keeps the bucket one cluster without len² pairs
            out.append(np.stack([run[:-1], run[1:]], axis=1))
    pairs = np.sort(np.concatenate(out), axis=1)
    if wanted is not None:
        pairs = pairs[wanted[pairs[:, 0]] | wanted[pairs[:, 1]]]
    return pairs


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
