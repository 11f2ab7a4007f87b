"""``SearchService(settings, store)``: search, similar, index maintenance and evaluation.

The one object the CLI, the web API and the tests use. Nothing is opened before it is needed:
the tantivy index opens on the first query or write, the semantic model loads on the first
semantic query.

>>> from iprhub.settings import Settings
>>> from iprhub.store import Store
>>> svc = SearchService(Settings(database_url="sqlite:///:memory:"), Store("sqlite:///:memory:"))
>>> svc.search("ti=battery").total
0
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from iprhub.errors import InvalidInput, NotFound, Timeout
from iprhub.limits import NO_LIMIT, Deadline
from iprhub.search import store_sync
from iprhub.search.lexical_index import SCHEMA_VERSION, LexicalIndex, check_of, index_fields, uid_of
from iprhub.search.query_builder import QueryBuilder
from iprhub.search.query_language import STOP_WORDS, ParsedQuery, Term, parse_query
from iprhub.search.query_language import Bool as QBool
from iprhub.search.query_limits import MAX_COST, QueryLimits, query_cost
from iprhub.search.ranking import CANDIDATES, MAX_OFFSET, Engine, Ranked, decode_cursor, encode_cursor
from iprhub.search.results import (
    EvalReport,
    Explanation,
    Hit,
    IndexReport,
    IndexStatus,
    Interpretation,
    Mode,
    SearchResult,
    SimilarResult,
)
from iprhub.search.snippets import Matcher
from iprhub.search.wildcards import WildcardExpander

if TYPE_CHECKING:  # numpy comes with the first semantic query
    from iprhub.search.sentence_vectors import SentenceVectors
    from iprhub.search.vectors import VectorIndex

ProgressFn = Callable[[int, int], None]  # (done, total)
_PLAIN_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_LIMIT = 1000
_DIALECTS = {"patentscope": "PATENTSCOPE", "lens": "Lens", "lucene": "PATENTSCOPE/Lens"}
COMMIT_DOCS = 2000
COMMIT_SECONDS = 10.0


class SearchService:
    def __init__(self, settings: Any, store: Any, *, resolve: Callable[[str], str] | None = None) -> None:
        self.settings = settings
        self.store = store
        self._resolve_number = resolve  # the hub's number resolver: typed number -> stored publication
        in_memory = ":memory:" in store.url
        base = getattr(settings, "search_index_dir", None) or Path(settings.home) / "index"
        self.path: Path | None = None if in_memory else Path(base)
        self.lexical = LexicalIndex(self.path / "lexical" if self.path else None)
        self.engine = Engine(self.lexical)
        self.model_name: str = getattr(settings, "semantic_model", None) or "use-multilingual-v3"
        self._encoder: Any = None
        self._vectors: VectorIndex | None = None
        self._field_vectors: dict[str, VectorIndex] | None = None
        self._sentences: SentenceVectors | None = None
        self._builder: QueryBuilder | None = None
        self._fresh = False
        self._vectors_checked = False
        self._pending: Any = None  # an open index writer during ingest
        self._pending_docs = 0
        self._pending_since = 0.0
        self._write_lock = threading.RLock()
        self._encoder_lock = threading.Lock()
        self._explainer: Any = None
        self._cyrillic_seen: set[str] = set()  # families with a Cyrillic name this service indexed

    # components (lazy) ------------------------------------------------------------------------
    @property
    def builder(self) -> QueryBuilder:
        if self._builder is None:
            from iprhub.search.class_hierarchy import ClassHierarchy

            builder = QueryBuilder(self.lexical.schema)
            builder.hierarchy = ClassHierarchy(lambda main: store_sync.class_scheme_rows(self.store, main))
            builder.documents = lambda pubs: [d for d, _h in store_sync.load_documents(self.store, pubs)]
            self._builder = builder
        return self._builder

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from iprhub.search.vectors import load_encoder

            with self._encoder_lock:  # loaded once, also when the warm-up and a first query both ask
                if self._encoder is None:
                    self._encoder = load_encoder(self.model_name)
        return self._encoder

    @property
    def vectors(self) -> VectorIndex:
        if self._vectors is None:
            dims = {"use-multilingual-v3": 512, "all-minilm-l6-v2": 384}
            dim = dims.get(self.model_name) or self.encoder.dim
            from iprhub.search.vectors import VectorIndex

            self._vectors = VectorIndex(self.path / "vectors" if self.path else None, dim, self.model_name)
        return self._vectors

    @property
    def field_vectors(self) -> dict[str, VectorIndex]:
        """Title, abstract and first-claim vectors, beside the whole-document ones (``vectors``)."""
        if self._field_vectors is None:
            from iprhub.search.vectors import FieldVectors, VectorIndex

            base = self.vectors
            self._field_vectors = {f: VectorIndex(self.path / "vectors" / f if self.path else None, base.dim,
                                                  self.model_name) for f in FieldVectors.FIELDS}
        return self._field_vectors

    @property
    def sentence_vectors(self) -> SentenceVectors:
        """The vectors of every document's passages (explanations and prior-art pairs read them)."""
        if self._sentences is None:
            from iprhub.search.sentence_vectors import SentenceVectors

            self._sentences = SentenceVectors(self.path / "vectors" / "sentences" if self.path else None,
                                              self.vectors.dim, self.model_name)
        return self._sentences

    @property
    def ranked_vectors(self) -> Any:
        """What semantic ranking searches: every vector of a document, its best similarity counts."""
        from iprhub.search.vectors import FieldVectors

        return FieldVectors(self.vectors, self.field_vectors)

    # keeping in step with the store -----------------------------------------------------------
    def ingest_hooks(self) -> Any:
        """What ``Hub.ingest`` hands the pipeline: index fields prepared in the parser processes
        (:func:`~iprhub.search.lexical_index.index_fields`) and :meth:`on_documents` per batch.
        None when ingest does not index; embedding on ingest reads the documents back instead."""
        from iprhub.ingest.pipeline import IndexHooks

        if not getattr(self.settings, "search_index_on_ingest", True):
            return None
        embed = getattr(self.settings, "search_vectors_on_ingest", False)
        return IndexHooks(None if embed else index_fields, self.on_documents)

    def on_documents(self, pub_numbers: list[str], prepared: dict[str, Any] | None = None) -> None:
        """Ingest hook: index the documents of one committed batch (and embed them if configured).

        ``prepared`` holds index fields made by the parser processes for documents stored exactly
        as parsed; the others (merged with another source, changed) are read back from the store.
        Index commits are grouped (every ``COMMIT_DOCS`` documents or ``COMMIT_SECONDS``) because a
        tantivy commit costs far more than adding a batch; ``flush()`` (called by ``Hub.ingest`` at the
        end) commits the rest. A crash in between leaves the watermark behind, so the next use repairs.
        """
        if not getattr(self.settings, "search_index_on_ingest", True):
            return
        prepared = {n: f for n, f in (prepared or {}).items() if f is not None}
        docs = store_sync.load_documents(self.store, [n for n in pub_numbers if n not in prepared])
        with self._write_lock:
            self._ensure_fresh(repair=True, skip=set(pub_numbers))
            if self._pending is None:
                self._pending = self.lexical.open_writer()
                self._pending_since = time.monotonic()
            fresh = {d.pub_number: index_fields(d, h) for d, h in docs}  # once: the passages read their "disp"
            self._pending_docs += self.lexical.upsert_fields(self._pending, fresh)
            self._pending_docs += self.lexical.upsert_fields(self._pending, prepared)
            self._cross_script(self._pending, [d for d, _h in docs], prepared)
            if getattr(self.settings, "search_vectors_on_ingest", False):
                self._embed([(d.pub_number, check_of(d.pub_number, h), _emb_text(d), _field_texts(d))
                             for d, h in docs])
                self._embed_sentences([(d.pub_number, check_of(d.pub_number, h), _display_data(fresh[d.pub_number]))
                                       for d, h in docs])
            if self._pending_docs >= COMMIT_DOCS or time.monotonic() - self._pending_since >= COMMIT_SECONDS:
                self.flush()

    def flush(self) -> None:
        """Commit what ingest added to the index and record the store's watermark."""
        with self._write_lock:
            if self._pending is None:
                return
            writer, self._pending, self._pending_docs = self._pending, None, 0
            self.lexical.close_writer(writer)
            self._write_state()
            if self._vectors is not None and getattr(self.settings, "search_vectors_on_ingest", False):
                for index in self.ranked_vectors.all():
                    index.save()
                self.sentence_vectors.save()

    def _cross_script(self, writer: Any, docs: list[Any], prepared: dict[str, Any]) -> None:
        """Index the families of these documents that write a name in Cyrillic and Latin script with
        each member's other-script spellings (:mod:`iprhub.search.name_scripts`)."""
        families = self._cyrillic_families(docs, prepared, committed=True)
        if families:
            self._index_family_variants(writer, families)

    def _cyrillic_families(self, docs: list[Any], prepared: dict[str, Any], *, committed: bool) -> set[str]:
        """Family ids of the documents with a Cyrillic name, and (``committed``) of those whose family
        has a member with one in the index already."""
        from iprhub.search.name_scripts import has_cyrillic

        found: set[str] = set()
        others: set[str] = set()
        for d in docs:
            if d.family_id:
                (found if any(has_cyrillic(p.name) for p in d.parties) else others).add(d.family_id.upper())
        for fields in prepared.values():
            fam = [v for _k, n, v in fields if n == "fam_id"]
            if fam:
                names = [v for _k, n, v in fields if n in ("pa", "in", "ag") and isinstance(v, str)]
                (found if any(has_cyrillic(v) for v in names) else others).add(fam[0])
        others -= found
        seen = self._cyrillic_seen  # this service's ingest, perhaps not committed yet
        found |= others & seen
        others -= seen
        if committed and others and self.lexical.num_docs():
            Q = self.engine.t.Query
            searcher = self.lexical.searcher()
            hits = searcher.search(Q.term_set_query(self.lexical.schema, "fam_id", sorted(others)), limit=10_000,
                                   count=False).hits
            for _s, addr in hits:
                data = self.lexical.display(searcher, addr).data
                if any(has_cyrillic(n) for n in [*(data.get("pa") or []), *(data.get("in") or [])]):
                    found.add(str(data.get("fam_id") or "").upper())
        found -= {""}
        seen |= found
        return found

    def _index_family_variants(self, writer: Any, families: set[str]) -> None:
        from iprhub.search.name_scripts import family_variants

        if not families:
            return
        keys = self.store.document_keys(family_ids=sorted(families | {f.lower() for f in families}), limit=None)
        members = store_sync.load_documents(self.store, [k.pub_number for k in keys])
        by_family: dict[str, list[Any]] = {}
        for doc, h in members:
            by_family.setdefault((doc.family_id or "").upper(), []).append((doc, h))
        for group in by_family.values():
            variants = family_variants((doc.pub_number, [(p.role, p.name) for p in doc.parties]) for doc, _h in group)
            if variants:
                self.lexical.upsert(writer, group, variants)

    def _state_file(self) -> Path | None:
        return self.path / "state.json" if self.path else None

    def _store_id(self) -> str:
        # an import changes the store's epoch: an index of what the store held before no longer counts
        from iprhub.store.dump import EPOCH_KEY

        epoch = self.store.get_meta(EPOCH_KEY)
        return hashlib.sha1((self.store.safe_url + (f" {epoch}" if epoch else "")).encode()).hexdigest()[:16]

    def _read_state(self) -> dict[str, Any]:
        f = self._state_file()
        if f is None:
            return getattr(self, "_mem_state", {})
        try:
            return orjson.loads(f.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}

    def _write_state(self) -> None:
        wm = store_sync.watermark(self.store)
        state = {"schema": SCHEMA_VERSION, "store": self._store_id(), "count": wm.count, "max_id": wm.max_id,
                 "indexed": self.lexical.num_docs(), "updated": dt.datetime.now(dt.UTC).isoformat()}
        f = self._state_file()
        if f is None:
            self._mem_state = state
            return
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_suffix(".tmp")
        tmp.write_bytes(orjson.dumps(state))
        tmp.replace(f)

    def _watermark_ok(self) -> bool:
        state = self._read_state()
        if state.get("schema") != SCHEMA_VERSION or state.get("store") != self._store_id():
            return False
        wm = store_sync.watermark(self.store)
        return (state.get("count"), state.get("max_id"), state.get("indexed")) == (
            wm.count, wm.max_id, self.lexical.num_docs())

    def _ensure_fresh(self, *, repair: bool, skip: set[str] | None = None) -> list[str]:
        """Once per service: compare the watermark and repair when the index fell behind (e.g. a crash
        between a store commit and the index commit). Returns warnings."""
        if self._fresh:
            return []
        self._fresh = True
        if self._watermark_ok():
            return []
        if repair and getattr(self.settings, "search_auto_repair", True):
            self._repair(skip=skip or set())
            return []
        return ["the search index is not in step with the store: run `iprhub index --repair`"]

    def status(self, *, full: bool = True) -> IndexStatus:
        """Compare the index with the store: by checksum of every document (``full``) or by watermark."""
        wm = store_sync.watermark(self.store)
        indexed = self.lexical.num_docs()
        vec_count = len(self.vectors.checks) if self._vectors is not None or self._vector_files() else 0
        st = IndexStatus(path=str(self.path) if self.path else ":memory:", documents_in_store=wm.count,
                         documents_in_index=indexed, vectors=vec_count, in_step=False, model=self.model_name,
                         size_bytes=self.lexical.size_bytes() + (self.ranked_vectors.size_bytes()
                                                                 + self.sentence_vectors.size_bytes() if vec_count else 0),
                         sentence_vectors=len(self.sentence_vectors) if vec_count else 0,
                         checked="checksum" if full else "watermark")
        if not full:
            st.in_step = self._watermark_ok()
            return st
        store_side = store_sync.store_checks(self.store)
        index_side = self.lexical.checks()
        st.missing = sum(1 for u, (c, _p) in store_side.items() if index_side.get(u) != c)
        st.extra = sum(1 for u in index_side if u not in store_side)
        st.in_step = st.missing == 0 and st.extra == 0
        if vec_count:
            vec = self.vectors.checks
            st.vectors_missing = sum(1 for u, c in index_side.items() if vec.get(u) != c)
        else:
            st.vectors_missing = len(index_side)
        return st

    def _vector_files(self) -> bool:
        return bool(self.path and (self.path / "vectors" / "vectors.usearch").exists())

    def rebuild(self, *, vectors: bool = False, progress: ProgressFn | None = None) -> IndexReport:
        """Recreate the index from the store (``iprhub index --rebuild``)."""
        started = time.perf_counter()
        report = IndexReport("rebuild")
        total = store_sync.watermark(self.store).count
        with self._write_lock:
            self.lexical.reset()
            self._builder = None
            with self.lexical.writer(heap_mb=256, threads=2) as w:
                families: set[str] = set()
                for batch in store_sync.iter_documents(self.store):
                    report.indexed += self.lexical.upsert(w, batch)
                    families |= self._cyrillic_families([d for d, _h in batch], {}, committed=False)
                    if progress:
                        progress(report.indexed, total)
                self._index_family_variants(w, families)
            self._write_state()
            self._fresh = True
            if vectors or self._vector_files():
                for index in self.ranked_vectors.all():
                    index.reset()
                self.sentence_vectors.reset()
        if vectors:
            report.embedded = self.update_vectors(progress=progress).embedded
        report.seconds = time.perf_counter() - started
        report.status = self.status(full=False)
        return report

    def install(self, built: Path) -> IndexReport:
        """Take over an index built elsewhere (``iprhub batch index``: shards assembled into one).

        ``built`` holds this service's layout: ``lexical/`` (a tantivy index of this schema) and
        optionally ``vectors/`` (``vectors/ti`` …); they replace the current index, which is then
        compared with the store document by document (checksums) and repaired where they differ,
        as :meth:`repair` does. The report's ``indexed`` / ``deleted`` count what had to be repaired.
        """
        if self.path is None:
            raise InvalidInput("an in-memory store's search index cannot take over a built index", field="index")
        started = time.perf_counter()
        with self._write_lock:
            self.flush()
            self.path.mkdir(parents=True, exist_ok=True)
            for name in ("lexical", "vectors"):
                dest = self.path / name
                if dest.exists():
                    shutil.rmtree(dest)
                if (built / name).exists():
                    (built / name).replace(dest)
            self.lexical = LexicalIndex(self.path / "lexical")
            self.engine = Engine(self.lexical)
            self._builder, self._vectors, self._field_vectors, self._vectors_checked = None, None, None, False
            self._sentences, self._explainer = None, None
            self._write_state()  # the index of this store from now on; the repair checks every document
            report = self._repair(skip=set())
            report.action = "install"
            self._fresh = True
        report.seconds = time.perf_counter() - started
        report.status = self.status(full=True)
        return report

    def repair(self) -> IndexReport:
        """Index what the store has and the index lacks (or holds in an older version); drop the rest."""
        started = time.perf_counter()
        with self._write_lock:
            report = self._repair(skip=set())
            self._fresh = True
        report.seconds = time.perf_counter() - started
        report.status = self.status(full=True)
        return report

    def _repair(self, skip: set[str]) -> IndexReport:
        report = IndexReport("repair")
        state = self._read_state()
        if state.get("schema") != SCHEMA_VERSION or state.get("store") != self._store_id():
            self.lexical.reset()
            self._builder = None
        store_side = store_sync.store_checks(self.store)
        index_side = self.lexical.checks()
        stale = [p for u, (c, p) in store_side.items() if index_side.get(u) != c and p not in skip]
        extra = [u for u in index_side if u not in store_side]
        if stale or extra:
            with self.lexical.writer(heap_mb=128, threads=1) as w:
                for i in range(0, len(stale), 500):
                    batch = store_sync.load_documents(self.store, stale[i:i + 500])
                    report.indexed += self.lexical.upsert(w, batch)
                    self._cross_script(w, [d for d, _h in batch], {})
                report.deleted = self.lexical.delete_uids(w, extra)
        self._write_state()
        return report

    def update_vectors(self, *, progress: ProgressFn | None = None, deadline: Deadline = NO_LIMIT,
                       sentences: bool = True) -> IndexReport:
        """Embed every indexed document that has no vector (or an outdated one); ``iprhub index --vectors``.

        With ``sentences`` its passages are embedded too (:mod:`iprhub.search.sentence_vectors`: what
        explanations and prior-art pairs read); without, only the vectors the ranking needs (what a
        first semantic query makes, within its time limit). Past ``deadline`` it raises
        :class:`Timeout`; what was embedded until then is kept (and written), so the next call goes on
        from there.
        """
        started = time.perf_counter()
        report = IndexReport("vectors")
        with self._locked(deadline, "embedding the corpus"):
            self._ensure_fresh(repair=True)
            searcher = self.lexical.searcher()
            n = searcher.num_docs
            addrs = [a for _s, a in searcher.search(self.engine.t.Query.all_query(), limit=max(n, 1),
                                                    count=False).hits] if n else []
            uids = [int(u) for u in searcher.fast_field_values("uid", addrs)] if addrs else []  # type: ignore[arg-type]
            chks = [int(c) for c in searcher.fast_field_values("chk", addrs)] if addrs else []  # type: ignore[arg-type]
            from iprhub.search.vectors import field_texts

            have = self.vectors.checks
            fields = [f.checks for f in self.field_vectors.values()]
            passages = self.sentence_vectors.checks if sentences else {}
            # (address, checksum, ranking vectors needed, passage vectors needed)
            todo = [(a, c, need, sentences and passages.get(u) != c) for a, u, c in zip(addrs, uids, chks, strict=True)
                    if (need := have.get(u) != c or any(f.get(u) != c for f in fields))
                    or (sentences and passages.get(u) != c)]
            report.indexed = sum(1 for _a, _c, need, _p in todo if need)
            report.already = len(uids) - report.indexed
            live = set(uids)
            gone = [u for u in have if u not in live]
            for index in self.ranked_vectors.all():
                index.remove(gone)
            self.sentence_vectors.remove([u for u in self.sentence_vectors.checks if u not in live])
            report.deleted = len(gone)
            done, batch, per_doc = 0, 256 if deadline.at is None else 4, 0.0
            try:
                while done < len(todo):
                    deadline.check("embedding the corpus")
                    items, passages_of = [], []
                    chunk = todo[done:done + batch]
                    for addr, chk, need, need_passages in chunk:
                        shown = self.lexical.display(searcher, addr)
                        if need:
                            items.append((shown.pub, chk, shown.data.get("emb") or "", field_texts(shown.data)))
                        if need_passages:
                            passages_of.append((shown.pub, chk, shown.data))
                    batch_started = time.perf_counter()
                    report.embedded += self._embed(items)
                    self._embed_sentences(passages_of)
                    report.passages += len(passages_of)
                    done += len(chunk)
                    remaining = deadline.remaining()
                    if remaining is not None:  # a batch that fits in what is left, by the slowest rate seen
                        per_doc = max(per_doc, (time.perf_counter() - batch_started) / len(chunk))
                        batch = max(1, min(32, int(0.5 * remaining / max(per_doc, 1e-3))))
                    if progress:
                        progress(done, len(todo))
            finally:  # also when time ran out: the next call (or process) goes on from here
                if done or gone:
                    for index in self.ranked_vectors.all():
                        index.save()
                    if sentences:
                        self.sentence_vectors.save()
        report.seconds = time.perf_counter() - started
        report.status = self.status(full=False)
        return report

    def _embed(self, items: list[tuple[str, int, str, dict[str, str]]]) -> int:
        """Embed (publication, checksum, whole text, field texts): the whole text into ``vectors``, each
        field text into its own index."""
        targets = [(self.vectors, [(p, c, text) for p, c, text, _f in items])]
        targets += [(self.field_vectors[f], [(p, c, fields.get(f, "")) for p, c, _t, fields in items])
                    for f in self.field_vectors]
        for index, rows in targets:
            with_text = [i for i in rows if i[2].strip()]
            without = [i for i in rows if not i[2].strip()]
            if with_text:
                vecs = self.encoder.encode([text for _p, _c, text in with_text])
                index.upsert([uid_of(p) for p, _c, _t in with_text], [c for _p, c, _t in with_text], vecs)
            if without:
                index.upsert([uid_of(p) for p, _c, _t in without], [c for _p, c, _t in without], None)
        return sum(1 for i in items if i[2].strip())

    def _embed_sentences(self, docs: list[tuple[str, int, dict[str, Any]]]) -> None:
        """Embed the passages of (publication, checksum, display data) into ``sentence_vectors``."""
        if not docs:
            return
        from iprhub.search.sentence_vectors import passage_texts

        texts = [passage_texts(data) for _p, _c, data in docs]
        vecs = self.encoder.encode([t for ts in texts for t in ts])
        blocks, at = [], 0
        for ts in texts:
            blocks.append(vecs[at:at + len(ts)])
            at += len(ts)
        self.sentence_vectors.upsert([uid_of(p) for p, _c, _d in docs], [c for _p, c, _d in docs], texts, blocks)

    def _ensure_vectors(self, deadline: Deadline = NO_LIMIT) -> None:
        """Embed what lacks a ranking vector: fully compared once per service, then by count. Passage
        vectors are left to ``iprhub index --vectors`` (explanations embed what they lack)."""
        if not self._vectors_checked or len(self.vectors.checks) != self.lexical.num_docs():
            index_side = self.lexical.checks()
            if self.vectors.checks != index_side or any(f.checks != index_side for f in self.field_vectors.values()):
                self.update_vectors(deadline=deadline, sentences=False)
            self._vectors_checked = True

    @contextmanager
    def _locked(self, deadline: Deadline, stage: str) -> Iterator[None]:
        """The write lock, waited for no longer than the deadline allows."""
        remaining = deadline.remaining()
        if not self._write_lock.acquire(timeout=-1 if remaining is None else remaining):
            raise Timeout(f"time limit of {deadline.seconds:g} s reached waiting for the index during {stage}",
                          stage=stage)
        try:
            yield
        finally:
            self._write_lock.release()

    # searching --------------------------------------------------------------------------------
    @property
    def limits(self) -> QueryLimits:
        """The query bounds of the settings (``search_max_depth`` …)."""
        return QueryLimits.from_settings(self.settings)

    def deadline(self, *, keyed: bool = False) -> Deadline:
        """A deadline from now: ``search_time_limit`` (anonymous) or ``search_time_limit_keyed``."""
        seconds = getattr(self.settings, "search_time_limit_keyed" if keyed else "search_time_limit", None)
        return Deadline.after(seconds or None)  # 0: no limit

    def search(self, query: str, *, mode: Mode | None = None, limit: int = 10, cursor: str | None = None,
               facets: bool = False, sort: str | None = None, collapse: bool = True, plain: bool = False,
               snippets: bool = True, explain: bool = True, deadline: Deadline | None = None,
               charge: Callable[[int], None] | None = None) -> SearchResult:
        """Search with the query language (or ``plain`` text); see docs/search.md.

        ``mode`` defaults to hybrid for natural-language queries and bm25 for structured ones.
        ``deadline`` (default: ``search_time_limit_keyed`` from now; the web passes the limit of the
        client who asks) bounds the work: past it the search
        raises :class:`~iprhub.errors.Timeout` naming the stage reached, except where the result can
        honestly be partial (snippets, facets, wildcards cut to their most frequent words): then it
        comes back with ``partial`` and a warning saying what was left out. ``charge`` receives the
        query's :func:`~iprhub.search.query_limits.query_cost` once it is parsed, before any work on
        the index (the web's rate limiter raises there when the client's budget is spent). In semantic
        and hybrid mode each hit carries its ``explanation`` (``explain``): the sentence that made it
        match, by the same model (:mod:`iprhub.search.explain`).
        """
        started = time.perf_counter()
        deadline = deadline or self.deadline(keyed=True)
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        parsed = plain_query(query) if plain else parse_query(query, self.limits)
        chosen: Mode = mode or ("hybrid" if parsed.natural else "bm25")
        if chosen not in ("bm25", "semantic", "hybrid"):
            raise InvalidInput(f"unknown mode {chosen!r} (use bm25, semantic or hybrid)", field="mode")
        offset = decode_cursor(cursor, chosen)
        cost = query_cost(parsed, mode=chosen, limit=limit, facets=facets)
        if charge is not None:
            charge(cost)
        deadline.check("parse")
        warnings = self._ensure_fresh(repair=True)
        expander = WildcardExpander(self.lexical.searcher(), self.limits, deadline)
        built = self.builder.build(parsed, expander)
        interp = Interpretation(query=query, normalized=parsed.render(), natural=parsed.natural, mode=chosen,
                                parts=built.parts)
        if parsed.natural:
            interp.notes.append("free text: documents with any of the words match, those with more rank higher")
        if parsed.dialect:
            interp.notes.append(f"{_DIALECTS[parsed.dialect]} syntax, read as: {parsed.translated}")
        filt, sem_text, _parts = self.builder.filters_only(parsed, expander)
        if chosen != "bm25" and not sem_text.strip():
            if mode:
                raise InvalidInput(f"{chosen} mode needs words to compare by meaning; the query has only "
                                   "numbers, dates, classes or codes", field="mode")
            chosen = interp.mode = "bm25"
        if sort and sort != "relevance" and chosen != "bm25":
            raise InvalidInput("sorting by date applies to bm25 results (add --mode bm25)", field="sort")
        cut = list(expander.notes)  # what a partial result leaves out
        total = 0
        next_offset: int | None
        if chosen == "bm25":
            ranked, total, next_offset = self.engine.lexical_page(built.query, offset=offset, limit=limit,
                                                                  collapse=collapse, sort=sort, deadline=deadline)
        else:
            interp.semantic_text = sem_text
            qvec = self._query_vector(sem_text, deadline, cut)
            pool = max(CANDIDATES, (offset + limit) * 3)
            vectors = self.ranked_vectors.for_text(sem_text)
            semantic = self.engine.semantic_ranking(vectors, qvec, pool, filt, deadline=deadline)
            if chosen == "semantic":
                ranking = semantic
                for i, r in enumerate(ranking, start=1):
                    r.ranks = {"semantic": i}
            else:
                lexical = self.engine.lexical_ranking(built.query, pool)
                deadline.check("fusion")
                ranking = self.engine.fuse(*self.engine.complete(built.query, vectors, qvec, lexical, semantic))
            # the documents that really have the words, not the length of the fused candidate lists
            total = self.lexical.searcher().search(built.query, limit=1, count=True).count
            extra = sum(1 for r in ranking if "bm25" not in r.ranks) if chosen == "hybrid" else len(ranking)
            interp.notes.append(f"{total:,} documents match the words; the ranking adds {extra:,} related by "
                                "meaning")
            ranked, next_offset = self.engine.collapse_page(ranking, offset, limit, collapse)
        if next_offset is not None and next_offset >= MAX_OFFSET:
            warnings.append(f"paging stops after {MAX_OFFSET:,} hits: refine the query to see further")
            next_offset = None
        matcher = Matcher.from_terms([t.text for t in built.text_terms if not t.wildcard],
                                     [t.text for t in built.text_terms if t.wildcard])
        from iprhub.search.analysis import has_cjk

        hits = self.engine.hits(ranked, matcher, prefer_cjk=has_cjk(query), members=collapse,
                                with_snippets=snippets, deadline=deadline)
        if hits.snippets_cut:
            cut.append(f"the time limit was reached while cutting snippets: {hits.snippets_cut} of "
                            f"{len(hits)} hits are shown without them")
        if chosen != "bm25" and explain:
            self._explain(hits, ranked, sem_text, qvec, vectors, deadline, cut)
        result = SearchResult(hits=list(hits), total=total, interpretation=interp, warnings=warnings, cost=cost,
                              cursor=encode_cursor(next_offset, chosen) if next_offset is not None else None)
        if facets and deadline.expired():
            cut.append("facets left out: the time limit was reached before they were counted")
        elif facets:
            result.facets = self.engine.facets(built.query)  # the documents `total` counts
        result.warnings.extend(cut)
        result.partial = bool(cut)
        result.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def matching(self, query: str, *, deadline: Deadline | None = None, plain: bool = False,
                 chunk: int = 20_000) -> MatchSet:
        """Every document the query matches (its bm25 match set, not a ranked page): publication
        numbers in relevance order. Past ``deadline`` the list stops where it got to, with
        ``partial`` and a warning saying how many of ``total`` it holds (for analyses and exports)."""
        deadline = deadline or self.deadline(keyed=True)
        parsed = plain_query(query) if plain else parse_query(query, self.limits)
        deadline.check("parse")
        warnings = self._ensure_fresh(repair=True)
        searcher = self.lexical.searcher()
        built = self.builder.build(parsed, WildcardExpander(searcher, self.limits, deadline))
        total = searcher.search(built.query, limit=1, count=True).count
        numbers: list[str] = []
        while len(numbers) < total and not deadline.expired():
            hits = searcher.search(built.query, limit=min(chunk, total - len(numbers)), offset=len(numbers),
                                   count=False).hits
            if not hits:
                break
            for _score, addr in hits:
                numbers.append(searcher.doc(addr)["pub"][0])
        if len(numbers) < total:
            warnings.append(f"the time limit was reached while listing the matches: {len(numbers):,} of "
                            f"{total:,} are used")
        return MatchSet(numbers=numbers, total=total, partial=len(numbers) < total, warnings=warnings)

    def _query_vector(self, text: str, deadline: Deadline, cut: list[str]) -> Any:
        """The text's vector, after embedding what lacks a vector: for at most half the time left, so
        that a first semantic query over a large unembedded corpus ranks what is embedded by then
        (saying so in ``cut``) instead of running out of time."""
        _ = self.encoder  # loads the model on first use (seconds; `iprhub serve` does it at start-up)
        deadline.check("loading the sentence model")
        remaining = deadline.remaining()
        try:
            self._ensure_vectors(deadline if remaining is None else deadline.sooner(remaining / 2))
        except Timeout:
            missing = self.lexical.num_docs() - len(self.vectors.checks)
            cut.append(f"{missing:,} documents have no vector yet, so the ranking by meaning leaves them out "
                            "(each query embeds some more; `iprhub index --vectors` embeds them all)")
        deadline.check("query encoding")
        return self.encoder.encode([text])[0]

    @property
    def explainer(self) -> Any:
        if self._explainer is None:
            from iprhub.search.explain import Explainer

            self._explainer = Explainer(self.encoder, self.sentence_vectors)
        return self._explainer

    def _explain(self, hits: list[Hit], ranked: list[Ranked], text: str, qvec: Any, vectors: Any,
                 deadline: Deadline, cut: list[str]) -> None:
        """Each hit's explanation: the closest sentence of its closest field (title, abstract or first
        claim vector; a long query was compared with whole-text vectors: all three fields)."""
        from iprhub.search.vectors import FieldVectors

        searcher = self.lexical.searcher()
        items = []
        for r in ranked:
            field = None
            if isinstance(vectors, FieldVectors):
                sims = {f: v.similarities(qvec, [r.uid]).get(r.uid, -2.0) for f, v in vectors.fields.items()}
                best = max(sims, key=lambda f: sims[f])
                if sims[best] > -2.0 and sims[best] >= vectors.main.similarities(qvec, [r.uid]).get(r.uid, -2.0):
                    field = best
            items.append((self.lexical.display(searcher, r.address).data, field))
        explained = self.explainer.explain(text, qvec, items, deadline, uids=[r.uid for r in ranked])
        for hit, explanation in zip(hits, explained, strict=True):
            hit.explanation = explanation
        left = sum(1 for e, (data, _f) in zip(explained, items, strict=True) if e is None and (data.get("ti") or data.get("ab")
                                                                                    or data.get("cl") or data.get("desc")))
        if left and deadline.expired():
            cut.append(f"the time limit was reached while explaining the hits: {left} of {len(hits)} are shown "
                       "without the sentence that made them match")

    def similar(self, number: str | None = None, *, text: str | None = None, limit: int = 10,
                cutoff: bool = True, before: str | None = None, filter: str | None = None,
                mode: Mode = "hybrid", pairs: bool = True, deadline: Deadline | None = None,
                charge: Callable[[int], None] | None = None) -> SimilarResult:
        """Prior art for a stored document (or a text): ranked by words and meaning (``mode`` hybrid;
        bm25 or semantic alone on request), published before the document's earliest priority date
        (``before`` sets another date; ``cutoff=False``: no date), its own family left out. Each hit
        carries the claim-to-passage pairs that explain it (every claim of the query document, at most
        20, with the closest sentence of the hit and its cosine), its best pair as ``explanation`` and
        a one-line ``reason``. ``deadline`` and ``charge`` as for :meth:`search`."""
        from iprhub.search.explain import MAX_CLAIMS, reason, sentences, shared_words, without_patent_words
        from iprhub.search.lexical_index import date_int, earliest_priority, family_key

        started = time.perf_counter()
        deadline = deadline or self.deadline(keyed=True)
        if (number is None) == (text is None):
            raise InvalidInput("give a document number or --text, not both", field="query")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        if mode not in ("bm25", "semantic", "hybrid"):
            raise InvalidInput(f"unknown mode {mode!r} (use bm25, semantic or hybrid)", field="mode")
        if before is not None and not re.fullmatch(r"\d{4}(?:[-./]?\d{2}){0,2}", before.strip()):
            raise InvalidInput(f"not a date: {before!r} (use 2015, 201503, 20150302 or 2015-03-02)", field="before")
        parsed_filter = parse_query(filter, self.limits) if filter else None
        if charge is not None:  # a sentence encoding and one ranking, plus what the filter costs
            charge(min(MAX_COST, 2 + 2 * (mode == "hybrid") + limit // 50
                       + (query_cost(parsed_filter) if parsed_filter else 0)))
        self._ensure_fresh(repair=True)
        Q, Occ = self.engine.t.Query, self.engine.t.Occur
        clauses: list[tuple[Any, Any]] = []
        exclude: set[int] = set()
        cutoff_date: str | None = None
        query_number = None
        claims: list[str] = []
        if number is not None:
            doc = self._resolve(number)
            query_number = doc.pub_number
            from iprhub.model.patent_facts import claims_text
            from iprhub.search.lexical_index import embedding_text

            text = embedding_text(doc)
            exclude.add(uid_of(family_key(doc)))
            own = claims_text(doc, "en") or claims_text(doc)
            claims = [c for c in (own[0][1].split("\n") if own else []) if c.strip()][:MAX_CLAIMS]
            words_text = " ".join([*(t.text for t in doc.titles), *(a.text for a in doc.abstracts), *claims])
            prio = earliest_priority(doc)
            if cutoff and prio and not before:
                cutoff_date = prio.isoformat()
                clauses.append((Occ.Must, Q.range_query(self.lexical.schema, "pd", self.engine.t.FieldType.Integer,
                                                      None, date_int(prio), include_upper=False)))
        else:
            assert text is not None
            words_text = text
            claims = [text[s:e] for s, e in sentences(text)][:MAX_CLAIMS]
        if before:
            clauses.append((Occ.Must, self.builder.build(parse_query(f"pd<{before.strip()}")).query))
            cutoff_date = before.strip()
        if parsed_filter is not None:
            expander = WildcardExpander(self.lexical.searcher(), self.limits, deadline)
            clauses.append((Occ.Must, self.builder.build(parsed_filter, expander).query))
        if exclude:
            clauses.append((Occ.MustNot, Q.term_set_query(self.lexical.schema, "famh", list(exclude))))
        filt = Q.boolean_query([(Occ.Must, Q.all_query()), *clauses]) if clauses else None
        assert text is not None
        if not text.strip():
            raise InvalidInput("empty text", field="text")
        warnings: list[str] = []
        words_query = plain_query(without_patent_words(words_text))
        built = self.builder.build(words_query)
        lexical_query = Q.boolean_query([(Occ.Must, built.query), (Occ.Must, filt)]) if filt is not None \
            else built.query
        pool = max(CANDIDATES, limit * 3)
        qvec = None
        if mode != "bm25":
            qvec = self._query_vector(text, deadline, warnings)
            vectors = self.ranked_vectors.for_text(text)
            semantic = self.engine.semantic_ranking(vectors, qvec, pool, filt, exclude_famh=exclude,
                                                    deadline=deadline)
        if mode == "semantic":
            ranking = semantic
            for i, r in enumerate(ranking, start=1):
                r.ranks = {"semantic": i}
        else:
            deadline.check("candidate scoring")
            lexical = self.engine.lexical_ranking(lexical_query, pool)
            if mode == "bm25":
                ranking = lexical
                for i, r in enumerate(ranking, start=1):
                    r.ranks = {"bm25": i}
            else:
                deadline.check("fusion")
                ranking = self.engine.fuse(*self.engine.complete(lexical_query, vectors, qvec, lexical, semantic))
        ranked, _next = self.engine.collapse_page(ranking, 0, limit, True)
        matcher = Matcher.from_terms([t.text for t in built.text_terms], [])
        hits = self.engine.hits(ranked, matcher, prefer_cjk=False, members=True, deadline=deadline)
        weights = {_stem_of(t.text): t.weight for t in built.text_terms}
        searcher = self.lexical.searcher()
        n_docs = max(1, searcher.num_docs)

        def weight(stem: str) -> float:  # query weight x idf (in abstracts and claims)
            df = max(searcher.doc_freq("ab", stem), searcher.doc_freq("cl", stem))
            return weights.get(stem, 1.0) * math.log(1 + n_docs / (1 + df))

        if pairs and claims:
            from iprhub.search.explain import SENTENCE_CHARS, words

            claim_vecs = self.explainer.encode_sentences([c[:SENTENCE_CHARS] for c in claims])
            left = 0
            shown = [self.lexical.display(searcher, r.address).data for r in ranked]
            for hit, r, data in zip(hits, ranked, shown, strict=True):
                if deadline.expired():
                    left += 1
                else:
                    hit.claim_pairs = self.explainer.claim_pairs(claims, claim_vecs, data, matcher, deadline, uid=r.uid)
            best_pairs = [max(h.claim_pairs, key=lambda p: p.similarity) if h.claim_pairs else None for h in hits]
            # the words marked in every best pair, in one encoder call (a call costs about as much for one word
            # as for a hundred)
            self.explainer.word_vectors([w for b in best_pairs if b for t in (b.claim_text, b.passage)
                                         for w, _s, _e in words(t)])
            for hit, r, data, best in zip(hits, ranked, shown, best_pairs, strict=True):
                if best is not None:
                    marks, claim_marks = self.explainer.align(best.claim_text, best.passage)
                    hit.explanation = Explanation(field=best.field, text=best.passage, lang=best.lang,
                                                  similarity=best.similarity, highlights=marks,
                                                  query_highlights=claim_marks, claim=best.passage_claim)
                hit.reason = reason(hit.claim_pairs, r.ranks, shared_words(matcher, data, weight),
                                    float(hit.score) if mode == "semantic" else None)
            if left:
                warnings.append(f"the time limit was reached while pairing claims with passages: {left} of "
                                f"{len(hits)} hits are shown without their pairs")
        return SimilarResult(query_number=query_number, query_text=text[:500], cutoff_date=cutoff_date, hits=list(hits),
                             model=self.model_name, mode=mode, claims=len(claims) if pairs else 0,
                             took_ms=round((time.perf_counter() - started) * 1000, 2),
                             warnings=warnings, partial=bool(warnings))

    def _resolve(self, number: str) -> Any:
        if self._resolve_number is None:
            from iprhub.store.resolver import NumberResolver

            self._resolve_number = NumberResolver(self.store).publication
        pub = self._resolve_number(number)
        doc = self.store.get_document(pub)
        if doc is None:  # pragma: no cover - deleted between the two reads
            raise NotFound(f"no document {pub} in the store", record=pub)
        return doc

    # evaluation -------------------------------------------------------------------------------
    def evaluate(self, *, data_dir: Path, tasks: list[str] | None = None, models: list[str] | None = None,
                 progress: Callable[[str], None] | None = None) -> EvalReport:
        """Quality figures on the real citations and labelled sets (see ``iprhub eval``)."""
        from iprhub.search.evaluation import run_evaluation

        return run_evaluation(self, data_dir=data_dir, tasks=tasks, models=models, progress=progress)

    def ranked_uids(self, ranked: list[Ranked]) -> list[int]:
        return [r.uid for r in ranked]


@dataclass
class MatchSet:
    """What :meth:`SearchService.matching` found."""

    numbers: list[str]
    total: int
    partial: bool = False
    warnings: list[str] = field(default_factory=list)


def plain_query(text: str, max_words: int = 300) -> ParsedQuery:
    """A natural-language query from arbitrary text (no query syntax): its words, ranked.

    A word the text repeats weighs ``1 + ln(count)``: in a claim used as a query, the words it keeps
    coming back to (the elements of the invention) count more than those it uses once.
    """
    from iprhub.search.analysis import has_cjk

    counts: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for m in _PLAIN_WORD.finditer(text or ""):
        w = m.group(0)
        for tok in _cjk_tokens(w) if has_cjk(w) else [w]:
            key = tok.lower()
            if (len(tok) < 2 and not ("\u3040" <= tok[0] <= "\u9fff")) or key.isdigit() or key in STOP_WORDS:
                continue
            if key not in counts:
                if len(counts) >= max_words:
                    continue
                spelled[key] = tok
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        raise InvalidInput("the text has no words to search for", position=0, field="query")
    terms = [Term(0, "nftxt", spelled[k], source="text", weight=1.0 + math.log(c)) for k, c in counts.items()]
    root = terms[0] if len(terms) == 1 else QBool(0, "natural", list(terms))
    return ParsedQuery(text, root, True)


_KANA = re.compile(r"[\u3040-\u30ff]+")


def _cjk_tokens(word: str) -> list[str]:
    """Chinese words (jieba), katakana runs whole (jieba cuts them into letters), no hiragana (particles
    and endings): a Japanese text as a query is not a bag of single kana."""
    from iprhub.search.analysis import cjk_words

    katakana = [k for k in re.findall(r"[\u30a0-\u30ff]{2,}", word)]
    return [t for t in cjk_words(_KANA.sub(" ", word)).split()] + katakana


def _stem_of(word: str) -> str:
    from iprhub.search.snippets import _stem

    return _stem(word.lower())


def _field_texts(doc: Any) -> dict[str, str]:
    from iprhub.model.patent_facts import claims_text
    from iprhub.search.vectors import field_texts

    return field_texts({"ti": [(x.lang, x.text) for x in doc.titles], "ab": [(x.lang, x.text) for x in doc.abstracts],
                        "cl": claims_text(doc)})


def _display_data(fields: list[tuple[int, str, Any]]) -> dict[str, Any]:
    """The display data among a document's index fields (what the explainer cuts passages from)."""
    import orjson

    return next(orjson.loads(v) for _k, name, v in fields if name == "disp")


def _emb_text(doc: Any) -> str:
    from iprhub.search.lexical_index import embedding_text

    return embedding_text(doc)
