"""``iprhub batch index``: the search index and the semantic vectors built in parallel shards on
Spark, assembled into one index that the search service opens as it opens its own.

On the executors (one task per shard), each shard takes the publications whose
:func:`~iprhub.search.lexical_index.uid_of` falls to it (``uid % shards``), merges each one's sources
as the store does (:func:`iprhub.batch.publications.merged_publication`), and writes

- a tantivy index of them, field for field what the search service indexes
  (:func:`~iprhub.search.lexical_index.index_fields` of the merged record and its content hash), and
- with ``vectors``: the vectors the search service embeds (the whole-document text and the title,
  abstract and first-claim texts, by the same encoder, 256 documents to a batch) with their checksums,
  and the int8 vectors of every document's passages (:mod:`iprhub.search.sentence_vectors`: what
  explanations and prior-art pairs read), as ``iprhub index --vectors`` makes them.

Layout of ``DATASET/index`` (``_index.json`` written last; a re-run replaces it)::

    _index.json                                 shards in order: path, documents, segments; model, dim
    shards/shard-00000-<attempt>/lexical/       a tantivy index: meta.json + self-contained segments
    shards/shard-00000-<attempt>/vectors.npz    uids, checksums, vectors of main/ti/ab/cl; uids with no text;
                                                the passages' uids, checksums, row counts, text hashes
    shards/shard-00000-<attempt>/sentences.i8   the passages' int8 rows (written as they are made)
    shards/shard-00001-<attempt>/…

Assembling (:func:`assemble_index`, run by ``batch load``) builds the search service's own layout
in a local folder: ``lexical/`` holds every shard's segment files and one ``meta.json`` listing all
segments (shard 0's first; same schema, so tantivy reads it as one index with as many segments),
and ``vectors/`` (``ti/``, ``ab/``, ``cl/``) holds one usearch index each and ``vectors/sentences/``
the passage rows, filled shard by shard in shard order, each shard's documents in the order the shard holds them. The search service then
takes it over (:meth:`iprhub.search.service.SearchService.install`) and checks it against the store.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, Field

from iprhub.batch.dataset import manifest_path, records_path
from iprhub.batch.publications import merged_publication, publication_rows
from iprhub.errors import InvalidInput

INDEX = "index"
INDEX_MANIFEST = "_index.json"
VECTOR_NAMES = ("main", "ti", "ab", "cl")  # the whole-document vectors, then one index per field
EMBED_BATCH = 256  # documents per encoder call, as SearchService.update_vectors
WRITER_HEAP = 256_000_000


class BatchIndexReport(BaseModel):
    """What ``iprhub batch index`` built."""

    dataset: str
    shards: int
    documents: int
    segments: int
    vectors: bool
    model: str | None = None
    by_shard: list[int] = Field(default_factory=list)  # documents in each shard
    seconds: float = 0.0


def index_root(dataset: str) -> str:
    return f"{dataset.rstrip('/')}/{INDEX}"


def shard_of(number: str, shards: int) -> int:
    """The shard of a publication: its index key modulo the number of shards."""
    from iprhub.search.lexical_index import uid_of

    return uid_of(number) % shards


def _pyarrow_fs(uri: str) -> tuple[Any, str]:
    import pyarrow.fs as pafs

    if "://" not in uri:
        uri = str(Path(uri).resolve())
    elif uri.startswith("s3a://"):  # Hadoop's name for S3; pyarrow's is s3://
        uri = "s3://" + uri[len("s3a://") :]
    return pafs.FileSystem.from_uri(uri)


def _dataset_id(fs: Any, root: str) -> str:
    """Which ingest run a dataset holds: the hash of its manifest."""
    try:
        with fs.open_input_stream(manifest_path(root)) as f:
            return hashlib.sha256(f.read()).hexdigest()[:16]
    except (FileNotFoundError, OSError):
        raise InvalidInput(
            f"{root} is not a complete batch dataset (no manifest): re-run iprhub batch ingest", file=root
        ) from None


def run_index(
    spark: Any,
    dataset: str,
    *,
    shards: int | None = None,
    vectors: bool = False,
    model: str = "use-multilingual-v3",
) -> BatchIndexReport:
    """Build the index shards of ``dataset`` on Spark and write their manifest."""
    started = time.perf_counter()
    fs, root = _pyarrow_fs(dataset)
    dataset_id = _dataset_id(fs, root)
    index_dir = index_root(root)
    try:
        fs.delete_file(f"{index_dir}/{INDEX_MANIFEST}")  # a half-built index is never assembled
    except (FileNotFoundError, OSError):
        pass
    sc = spark.sparkContext
    n = max(1, shards or sc.defaultParallelism)
    dim = None
    if vectors:
        from iprhub.search.vectors import load_encoder

        dim = load_encoder(model).dim  # an unknown or uninstalled model fails here, not on every executor
    target = index_root(dataset if "://" in dataset else str(Path(dataset).resolve()))
    grouped = publication_rows(spark.read.parquet(records_path(dataset))).groupByKey(
        numPartitions=n, partitionFunc=lambda number: shard_of(number, n)
    )
    # the search service indexes every member of a family that writes a name in Cyrillic and Latin script
    # again with the other script's spellings (name_scripts); the shards do the same, so that the assembled
    # index holds what `iprhub index --rebuild` holds, re-indexed members (and their deleted first versions)
    # included: BM25 counts both
    variants = grouped.flatMap(_family_parties).groupByKey().flatMap(_family_variants).collectAsMap()
    built = grouped.mapPartitionsWithIndex(
        lambda shard, pubs: _build_shard(shard, pubs, target, vectors, model, variants)
    ).collect()
    built.sort(key=lambda s: s["shard"])
    _remove_stale_attempts(fs, index_dir, {s["path"] for s in built})
    manifest = {
        "kind": "iprhub-batch-index",
        "version": 1,
        "dataset": dataset_id,
        "shards": built,
        "documents": sum(s["documents"] for s in built),
        "vectors": vectors,
        "model": model if vectors else None,
        "dim": dim,
    }
    with fs.open_output_stream(f"{index_dir}/{INDEX_MANIFEST}") as f:
        f.write(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return BatchIndexReport(
        dataset=dataset,
        shards=n,
        documents=manifest["documents"],
        segments=sum(len(s["segments"]) for s in built),
        vectors=vectors,
        model=manifest["model"],
        by_shard=[s["documents"] for s in built],
        seconds=round(time.perf_counter() - started, 3),
    )


def _remove_stale_attempts(fs: Any, index_dir: str, keep: set[str]) -> None:
    """Shard folders of failed or earlier attempts (only the collected attempt's is listed)."""
    import pyarrow.fs as pafs

    shards_dir = f"{index_dir}/shards"
    for info in fs.get_file_info(pafs.FileSelector(shards_dir, allow_not_found=True)):
        if info.type == pafs.FileType.Directory and f"shards/{info.base_name}" not in keep:
            fs.delete_dir(info.path)


def _family_parties(item: tuple[str, Iterable[Any]]) -> Iterator[tuple[str, tuple[str, list[tuple[str, str]]]]]:
    """A publication's family id and its (role, name) parties, on an executor."""
    number, rows = item
    doc = merged_publication(rows)[0].to_document()
    if doc.family_id:
        yield doc.family_id.upper(), (number, [(p.role, p.name) for p in doc.parties])


def _family_variants(item: tuple[str, Iterable[Any]]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Every member of a family whose names pair across scripts, with its other-script spellings."""
    from iprhub.search.name_scripts import family_variants

    yield from family_variants(item[1]).items()


def _build_shard(
    shard: int, pubs: Iterable[tuple[str, Iterable[Any]]], target: str, vectors: bool, model: str,
    variants: dict[str, list[tuple[str, str]]] | None = None,
) -> Iterator[dict[str, Any]]:
    """One shard, on an executor: built in a local temporary folder, then copied to ``target``
    under a name of its own attempt (a retried task never mixes its files with a failed one's)."""
    import pyarrow.fs as pafs
    import tantivy

    from iprhub.search.analysis import register_analyzers
    from iprhub.search.lexical_index import build_schema, check_of, index_document, index_fields, uid_of

    with tempfile.TemporaryDirectory(prefix="iprhub-shard-") as tmp:
        lexical = Path(tmp) / "lexical"
        lexical.mkdir()
        index = tantivy.Index(build_schema(), path=str(lexical), reuse=False)
        register_analyzers(index)
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
        embed = _ShardVectors(model, Path(tmp) / "sentences.i8") if vectors else None
        count = 0
        again = []
        for number, rows in pubs:
            merged, _sources = merged_publication(rows)
            content_hash = merged.doc["content_hash"]
            doc = merged.to_document()
            fields = index_fields(doc, content_hash)
            writer.add_document(index_document(fields))
            if variants and number in variants:
                again.append((number, doc, content_hash))
            if embed is not None:
                disp = next(v for kind, name, v in fields if kind == 2 and name == "disp")
                embed.add(number, check_of(number, content_hash), orjson.loads(disp))
            count += 1
        for number, doc, content_hash in again:  # as the search service's family pass: replaced, with variants
            writer.delete_documents_by_term("uid", uid_of(number))
            writer.add_document(index_document(index_fields(doc, content_hash, (variants or {})[number])))
        writer.commit()
        writer.wait_merging_threads()
        del writer
        if embed is not None:
            embed.save(Path(tmp) / "vectors.npz")
        meta = orjson.loads((lexical / "meta.json").read_bytes())
        for stray in (".tantivy-meta.lock", ".tantivy-writer.lock"):
            (lexical / stray).unlink(missing_ok=True)
        name = f"shard-{shard:05d}-{uuid.uuid4().hex[:8]}"
        fs, dest = _pyarrow_fs(f"{target}/shards/{name}")
        fs.create_dir(dest)
        pafs.copy_files(tmp, dest, source_filesystem=pafs.LocalFileSystem(), destination_filesystem=fs)
    yield {
        "shard": shard,
        "path": f"shards/{name}",
        "documents": count,
        "segments": [s["segment_id"] for s in meta["segments"]],
    }


class _ShardVectors:
    """The vectors of one shard, made as ``SearchService._embed`` makes them: per index (the whole
    text, then each field's text), the documents with text encoded, those without recorded empty."""

    def __init__(self, model: str, sentence_rows: Path) -> None:
        from iprhub.search.vectors import load_encoder

        self.encoder = load_encoder(model)
        self.pending: list[tuple[str, int, str, dict[str, str], list[str]]] = []
        self.kept: dict[str, dict[str, list[Any]]] = {
            n: {"uids": [], "chks": [], "vecs": [], "empty": [], "empty_chks": []} for n in VECTOR_NAMES
        }
        self.passages: dict[str, list[int]] = {"uids": [], "chks": [], "counts": [], "hashes": []}
        self.sentence_rows = sentence_rows  # appended batch by batch: a shard's passages may not fit in memory
        sentence_rows.write_bytes(b"")

    def add(self, number: str, check: int, display: dict[str, Any]) -> None:
        from iprhub.search.sentence_vectors import passage_texts
        from iprhub.search.vectors import field_texts

        self.pending.append((number, check, display.get("emb") or "", field_texts(display), passage_texts(display)))
        if len(self.pending) >= EMBED_BATCH:
            self._flush()

    def _flush(self) -> None:
        from iprhub.search.lexical_index import uid_of
        from iprhub.search.sentence_vectors import quantize, texts_hash

        items, self.pending = self.pending, []
        texts = [t for *_rest, passages in items for t in passages]
        if texts:
            with open(self.sentence_rows, "ab") as f:
                f.write(quantize(self.encoder.encode(texts)).tobytes())
        for p, c, *_rest, passages in items:
            self.passages["uids"].append(uid_of(p))
            self.passages["chks"].append(c)
            self.passages["counts"].append(len(passages))
            self.passages["hashes"].append(texts_hash(passages))
        for name in VECTOR_NAMES:
            rows = [(p, c, text if name == "main" else fields.get(name, "")) for p, c, text, fields, _s in items]
            kept = self.kept[name]
            with_text = [r for r in rows if r[2].strip()]
            if with_text:
                kept["vecs"].append(self.encoder.encode([t for _p, _c, t in with_text]))
                kept["uids"].extend(uid_of(p) for p, _c, _t in with_text)
                kept["chks"].extend(c for _p, c, _t in with_text)
            for p, c, t in rows:
                if not t.strip():
                    kept["empty"].append(uid_of(p))
                    kept["empty_chks"].append(c)

    def save(self, path: Path) -> None:
        import numpy as np

        if self.pending:
            self._flush()
        arrays: dict[str, Any] = {"dim": np.array(self.encoder.dim), "model": np.array(self.encoder.name)}
        for name, kept in self.kept.items():
            vecs = kept["vecs"]
            arrays[f"{name}_vecs"] = (np.vstack(vecs) if vecs else np.zeros((0, self.encoder.dim))).astype(
                np.float32
            )
            for key in ("uids", "chks", "empty", "empty_chks"):
                arrays[f"{name}_{key}"] = np.asarray(kept[key], dtype=np.uint64)
        for key, values in self.passages.items():
            arrays[f"sentences_{key}"] = np.asarray(values, dtype=np.uint64)
        np.savez(path, **arrays)


# assembling -------------------------------------------------------------------------------------
def read_index_manifest(dataset: str) -> dict[str, Any] | None:
    """The manifest of the index built for ``dataset`` by ``iprhub batch index``, or None when there
    is none (or it was built from another ingest run of the dataset)."""
    fs, root = _pyarrow_fs(dataset)
    try:
        with fs.open_input_stream(f"{index_root(root)}/{INDEX_MANIFEST}") as f:
            manifest = orjson.loads(f.read())
    except (FileNotFoundError, OSError):
        return None
    if manifest.get("dataset") != _dataset_id(fs, root):
        return None
    return dict(manifest)


def assemble_index(dataset: str, manifest: dict[str, Any], target: Path) -> dict[str, int]:
    """The shards as one index in ``target`` in the search service's layout (``lexical/``,
    ``vectors/``, ``vectors/<field>/``); ``target`` is emptied first."""
    import pyarrow.fs as pafs

    fs, root = _pyarrow_fs(dataset)
    if target.exists():
        shutil.rmtree(target)
    lexical = target / "lexical"
    lexical.mkdir(parents=True)
    local = pafs.LocalFileSystem()
    combined: dict[str, Any] | None = None
    files: list[str] = []
    for shard in manifest["shards"]:
        src = f"{index_root(root)}/{shard['path']}/lexical"
        with fs.open_input_stream(f"{src}/meta.json") as f:
            meta = orjson.loads(f.read())
        prefixes = tuple(s["segment_id"].replace("-", "") for s in meta["segments"])
        for info in fs.get_file_info(pafs.FileSelector(src)):
            if info.base_name.startswith(prefixes) if prefixes else False:
                pafs.copy_files(
                    info.path,
                    str(lexical / info.base_name),
                    source_filesystem=fs,
                    destination_filesystem=local,
                )
                files.append(info.base_name)
        if combined is None:
            combined = meta
        else:
            combined["segments"].extend(meta["segments"])
            combined["opstamp"] = max(combined["opstamp"], meta["opstamp"])
    assert combined is not None
    (lexical / "meta.json").write_bytes(orjson.dumps(combined))
    (lexical / ".managed.json").write_bytes(orjson.dumps([*sorted(files), "meta.json"]))
    if manifest.get("vectors"):
        _assemble_vectors(fs, root, manifest, target / "vectors")
    return {
        "shards": len(manifest["shards"]),
        "segments": len(combined["segments"]),
        "documents": int(manifest["documents"]),
    }


def _assemble_vectors(fs: Any, root: str, manifest: dict[str, Any], folder: Path) -> None:
    import io

    import numpy as np

    from iprhub.search.sentence_vectors import SentenceVectors
    from iprhub.search.vectors import VectorIndex

    dim = int(manifest["dim"])
    passages = SentenceVectors(folder / "sentences", dim, str(manifest["model"]))
    passages.reset()
    indexes = {
        name: VectorIndex(
            folder if name == "main" else folder / name, int(manifest["dim"]), str(manifest["model"])
        )
        for name in VECTOR_NAMES
    }
    for index in indexes.values():
        index.reset()
    for shard in manifest["shards"]:
        with fs.open_input_stream(f"{index_root(root)}/{shard['path']}/vectors.npz") as f:
            data = np.load(io.BytesIO(f.read()), allow_pickle=False)
        for name, index in indexes.items():
            uids = data[f"{name}_uids"]
            if len(uids):
                index.upsert(uids.tolist(), data[f"{name}_chks"].tolist(), data[f"{name}_vecs"])
            empty = data[f"{name}_empty"]
            if len(empty):
                index.upsert(empty.tolist(), data[f"{name}_empty_chks"].tolist(), None)
        if "sentences_uids" in data.files:  # shards built before sentence vectors have none (queries embed)
            uids, chks = data["sentences_uids"].tolist(), data["sentences_chks"].tolist()
            counts, hashes = data["sentences_counts"].tolist(), data["sentences_hashes"].tolist()
            with fs.open_input_stream(f"{index_root(root)}/{shard['path']}/sentences.i8") as f:
                for i in range(0, len(uids), 10_000):  # in pieces: a shard's rows may not fit in memory
                    n = sum(counts[i:i + 10_000])
                    rows = np.frombuffer(f.read(n * dim), dtype=np.int8).reshape(n, dim)
                    passages.add_rows(uids[i:i + 10_000], chks[i:i + 10_000], counts[i:i + 10_000],
                                      hashes[i:i + 10_000], rows)
    for index in indexes.values():
        index.save()
    passages.save()
