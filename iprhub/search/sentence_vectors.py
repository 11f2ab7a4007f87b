"""Sentence (passage) vectors made at index time, so that explanations and prior-art pairs read them
instead of embedding the hits' sentences at query time.

Every indexed document has an inventory of passages (:func:`document_passages`: its titles, the
sentences of its abstracts, of its first 20 claims and of the first 400 sentences of its description,
as :mod:`iprhub.search.explain` cuts them from the display data). Their distinct texts are embedded
once and kept as int8 rows (each row scaled so that its largest component is ±127; a cosine is read
as ``q · r / |r|``: 2·10⁻⁴ from the float32 one on average, 10⁻³ at most, on the shared data) in one append-only matrix,
``<index>/vectors/sentences/sentences.i8`` (memory-mapped), with ``sentences.meta.npz`` holding per
document its checksum, first row, row count and a hash of the passage texts. A lookup recomputes the
inventory from the hit's display data and uses the rows only when count and hash agree; otherwise
(a store indexed before sentence vectors existed, a document changed since) the explainer embeds the
sentences at query time as before, and ``iprhub index --vectors`` fills the gap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from iprhub.errors import StoreError
from iprhub.search.explain import Passage, field_passages

MAX_PASSAGE_CLAIMS = 20  # claims of each language whose sentences are kept (prior-art pairs read 20)
MAX_DESC_PASSAGES = 400  # sentences of the description kept (prior-art pairs read 400)


def document_passages(data: dict[str, Any]) -> list[Passage]:
    """Every passage an explanation or a prior-art pair may show, from a document's display data."""
    return [
        *field_passages(data, "ti"),
        *field_passages(data, "ab"),
        *field_passages(data, "cl", claims=MAX_PASSAGE_CLAIMS),
        *field_passages(data, "desc")[:MAX_DESC_PASSAGES],
    ]


def passage_texts(data: dict[str, Any]) -> list[str]:
    """The distinct passage texts of a document, in inventory order (what is embedded and stored)."""
    return list(dict.fromkeys(p.text for p in document_passages(data)))


def texts_hash(texts: Sequence[str]) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join(texts).encode(), digest_size=8).digest(), "little")


def quantize(vectors: np.ndarray) -> np.ndarray:
    """int8 rows, each scaled so that its largest component is ±127."""
    vecs = np.asarray(vectors, dtype=np.float32)
    scale = np.abs(vecs).max(axis=1, keepdims=True)
    scale[scale == 0] = 1.0
    return np.rint(vecs * (127.0 / scale)).astype(np.int8)


def dequantize(rows: np.ndarray) -> np.ndarray:
    """Unit float32 rows from int8 rows (the scale is irrelevant to a cosine)."""
    vecs = rows.astype(np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


class SentenceVectors:
    """uid -> the int8 vectors of the document's distinct passage texts (:func:`passage_texts`).

    Rows are appended to one file; a replaced or removed document's rows stay as garbage until
    ``save`` rewrites the file (when garbage exceeds the live rows). ``meta`` is written last, so a
    crash leaves at most rows that no document points to (cut off on the next append). An in-memory
    store (``path`` None) keeps the rows in memory.
    """

    COMPACT_ABOVE = 10_000  # garbage rows (and at least COMPACT_SHARE of the file) before a rewrite
    COMPACT_SHARE = 0.5

    def __init__(self, path: Path | None, dim: int, model: str) -> None:
        self.path = path
        self.dim = dim
        self.model = model
        self._meta: dict[int, tuple[int, int, int, int]] | None = None  # uid -> (chk, first row, count, hash)
        self._rows = 0  # rows in the matrix that `_meta` knows of
        self._map: np.ndarray | None = None  # the memory-mapped file (or the in-memory matrix)
        self._memory: list[np.ndarray] = []  # in-memory store: the row blocks

    def _files(self) -> tuple[Path, Path] | None:
        if self.path is None:
            return None
        return self.path / "sentences.i8", self.path / "sentences.meta.npz"

    @property
    def meta(self) -> dict[int, tuple[int, int, int, int]]:
        if self._meta is None:
            self._load()
        assert self._meta is not None
        return self._meta

    @property
    def checks(self) -> dict[int, int]:
        """uid -> checksum of the document version whose sentences are stored."""
        return {u: m[0] for u, m in self.meta.items()}

    def _load(self) -> None:
        self._meta, self._rows, self._map = {}, 0, None
        files = self._files()
        if not files or not files[1].exists():
            return
        try:
            with np.load(files[1], allow_pickle=False) as meta:
                if str(meta["model"]) != self.model or int(meta["dim"]) != self.dim:
                    return
                rows = int(meta["rows"])
                if not files[0].exists() or files[0].stat().st_size < rows * self.dim:
                    return  # the rows went missing: nothing stored (the explainer embeds, --vectors refills)
                self._rows = rows
                self._meta = {int(u): (int(c), int(f), int(n), int(h)) for u, c, f, n, h in zip(
                    meta["keys"].tolist(), meta["chk"].tolist(), meta["first"].tolist(), meta["count"].tolist(),
                    meta["hash"].tolist(), strict=True)}
        except (OSError, ValueError, KeyError) as exc:
            raise StoreError(f"sentence vectors {files[1]} are unreadable: {exc}; run `iprhub index --rebuild "
                             "--vectors`") from exc

    def __len__(self) -> int:
        return len(self.meta)

    @property
    def rows(self) -> int:
        """Rows in the matrix (garbage included until the next compaction)."""
        _ = self.meta
        return self._rows

    def reset(self) -> None:
        self._meta, self._rows, self._map, self._memory = {}, 0, None, []
        files = self._files()
        if files:
            for f in files:
                f.unlink(missing_ok=True)

    def _matrix(self) -> np.ndarray:
        if self._map is None or len(self._map) < self._rows:
            files = self._files()
            if files is None:
                self._memory = [np.vstack(self._memory)] if len(self._memory) > 1 else self._memory
                self._map = self._memory[0] if self._memory else np.zeros((0, self.dim), dtype=np.int8)
            else:
                self._map = np.memmap(files[0], dtype=np.int8, mode="r", shape=(self._rows, self.dim)) \
                    if self._rows else np.zeros((0, self.dim), dtype=np.int8)
        return self._map

    def upsert(self, uids: Sequence[int], chks: Sequence[int], texts: Sequence[Sequence[str]],
               vectors: Sequence[np.ndarray]) -> None:
        """Store each document's passage vectors (``vectors[i]`` has one row per ``texts[i]``)."""
        blocks = [quantize(v) if len(v) else np.zeros((0, self.dim), dtype=np.int8) for v in vectors]
        self.add_rows(uids, chks, [len(b) for b in blocks], [texts_hash(ts) for ts in texts],
                      np.vstack(blocks) if blocks else np.zeros((0, self.dim), dtype=np.int8))

    def add_rows(self, uids: Sequence[int], chks: Sequence[int], counts: Sequence[int], hashes: Sequence[int],
                 data: np.ndarray) -> None:
        """Store documents whose int8 rows are made already (``counts[i]`` rows each, in order; the
        batch shard builder's)."""
        meta = self.meta
        first = self._rows
        for uid, chk, count, h in zip(uids, chks, counts, hashes, strict=True):
            meta[int(uid)] = (int(chk), first, int(count), int(h))
            first += int(count)
        if first - self._rows != len(data):
            raise StoreError(f"sentence vectors: {len(data)} rows for {first - self._rows} passages")
        files = self._files()
        if files is None:
            self._memory.append(data)
        else:
            files[0].parent.mkdir(parents=True, exist_ok=True)
            with open(files[0], "ab") as f:
                f.truncate(self._rows * self.dim)  # rows a crash left behind the meta
                f.write(np.ascontiguousarray(data).tobytes())
        self._rows = first
        self._map = None

    def remove(self, uids: Sequence[int]) -> None:
        for u in uids:
            self.meta.pop(int(u), None)

    def vectors(self, uid: int, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """text -> unit vector for the passages of ``uid`` when the stored ones are of these very texts
        (same count and hash); else empty (the caller embeds them)."""
        m = self.meta.get(int(uid))
        if m is None or m[2] != len(texts) or m[3] != texts_hash(texts):
            return {}
        rows = dequantize(np.asarray(self._matrix()[m[1]:m[1] + m[2]]))
        return dict(zip(texts, rows, strict=True))

    def for_document(self, uid: int, data: dict[str, Any]) -> dict[str, np.ndarray]:
        """:meth:`vectors` of the passages of a hit's display data."""
        if int(uid) not in self.meta:
            return {}
        return self.vectors(uid, passage_texts(data))

    def save(self) -> None:
        files = self._files()
        if files is None or self._meta is None:
            return
        files[0].parent.mkdir(parents=True, exist_ok=True)
        garbage = self._rows - sum(m[2] for m in self._meta.values())
        if garbage > self.COMPACT_ABOVE and garbage >= self.COMPACT_SHARE * self._rows:
            self._compact(files[0])
        meta = self._meta
        tmp = files[1].with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.fromiter(meta.keys(), dtype=np.uint64, count=len(meta)),
                 chk=np.fromiter((m[0] for m in meta.values()), dtype=np.uint64, count=len(meta)),
                 first=np.fromiter((m[1] for m in meta.values()), dtype=np.int64, count=len(meta)),
                 count=np.fromiter((m[2] for m in meta.values()), dtype=np.int32, count=len(meta)),
                 hash=np.fromiter((m[3] for m in meta.values()), dtype=np.uint64, count=len(meta)),
                 rows=np.array(self._rows), model=np.array(self.model), dim=np.array(self.dim))
        tmp.replace(files[1])

    def _compact(self, matrix_file: Path) -> None:
        """Rewrite the matrix with the live rows only (document order kept)."""
        assert self._meta is not None
        source = self._matrix()
        tmp = matrix_file.with_suffix(".tmp")
        first = 0
        with open(tmp, "wb") as f:
            for uid, (chk, start, count, h) in sorted(self._meta.items(), key=lambda kv: kv[1][1]):
                f.write(np.ascontiguousarray(source[start:start + count]).tobytes())
                self._meta[uid] = (chk, first, count, h)
                first += count
        self._map = None
        matrix_file.with_name("sentences.meta.npz").unlink(missing_ok=True)  # no meta with the old offsets
        tmp.replace(matrix_file)
        self._rows = first

    def size_bytes(self) -> int:
        files = self._files()
        return sum(f.stat().st_size for f in files if f.exists()) if files else 0
