"""Search benchmark: build rate, index size and latency percentiles, iprhub (tantivy + usearch) side by side
with SQLite FTS5 (lexical) and numpy brute force (vectors) over the same documents.

    .venv/bin/python bench/search.py --docs 1000000 [--home iprhub-data] [--queries 40] [--pool N]

How the documents are made: the real documents of a store (``--home``; by default the shared data is
ingested into a temporary store first) are cut into pieces (titles, abstract sentences, claims,
applicants, IPC symbols, country/kind/language of the title's document) and recombined under new
numbers ``BM0000001`` ... with seeded random choices: one real title, 3-6 real abstract sentences and
1-3 real claims per document, dates drawn from 1990-2024. Descriptions are left out. Each
document's vector is the normalised sum of the real embeddings of its pieces (title + abstract
sentences + claims), so vectors are made without embedding a million texts; search cost does
not depend on how vectors were made. The per-field vectors (``iprhub/search/vectors.py``
``FieldVectors``: title, abstract, first claim) are made the same way: the abstract's is the mean of
its sentences' real embeddings; the title's and the first claim's are the real embedding of that
title or claim plus a quarter of one of the document's abstract sentences, so that the ~1,250
documents sharing a recombined title do not get identical vectors (a real corpus has distinct titles;
identical points would make the HNSW graph unrepresentative).

The sentence (passage) vectors (``iprhub/search/sentence_vectors.py``: the int8 rows explanations and
prior-art pairs read) are made the same way, one row per passage the explainer cuts from the
document: a title's is the title's real embedding, an abstract sentence's the mean of the real
embeddings of the pool sentences it overlaps (weighted by the overlap), a claim sentence's the real
embedding of its claim.

``semantic top-10`` is what a semantic query costs without explanations (encoding, the four vector
indexes, display); ``semantic + explanations`` adds each hit's explanation (``explain.py``: the stored
sentence vectors of its passages, word alignment), with the explainer's caches emptied before every
query; ``semantic + expl. (embed)`` is the same with the sentences embedded at query time (what an
index without sentence vectors does; the state before they were stored).
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from iprhub.hub import Hub  # noqa: E402
from iprhub.model.classification import Classification  # noqa: E402
from iprhub.model.common import Party, Text  # noqa: E402
from iprhub.model.patent import Claim, ClaimSet, PatentDocument  # noqa: E402
from iprhub.model.patent_facts import claims_text  # noqa: E402
from iprhub.search.analysis import CJK_RUN, space_cjk  # noqa: E402
from iprhub.search.explain import Explainer  # noqa: E402
from iprhub.search.lexical_index import DISPLAY_TEXT_LIMIT, LexicalIndex, to_index_doc  # noqa: E402
from iprhub.search.query_builder import QueryBuilder  # noqa: E402
from iprhub.search.query_language import parse_query  # noqa: E402
from iprhub.search.ranking import Engine  # noqa: E402
from iprhub.search.sentence_vectors import SentenceVectors, document_passages  # noqa: E402
from iprhub.search.snippets import Matcher  # noqa: E402
from iprhub.search.vectors import FieldVectors, UseMultilingual, VectorIndex  # noqa: E402
from iprhub.search.wildcards import WildcardExpander  # noqa: E402
from iprhub.settings import Settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


@dataclass
class Pool:
    titles: list[tuple[str, str, str | None, str]]  # text, country, kind, lang
    sentences: list[str]
    claims: list[str]
    applicants: list[str]
    classes: list[str]
    title_vecs: np.ndarray
    sentence_vecs: np.ndarray
    claim_vecs: np.ndarray


def load_pool(home: Path | None, enc: UseMultilingual, max_pieces: int | None = None) -> Pool:
    if home is None:
        tmp = Path(tempfile.mkdtemp(prefix="iprhub-bench-"))
        hub = Hub(Settings(home=tmp, search_index_on_ingest=False))
        print(f"ingesting {DATA} into {tmp} for the text pool ...", flush=True)
        hub.ingest([DATA])
    else:
        hub = Hub(Settings(home=home))
    titles, sentences, claims, applicants, classes = [], [], [], set(), set()
    for d in hub.store.iter_documents():
        for t in d.titles:
            if t.text.strip():
                titles.append((t.text.strip(), d.country, d.kind, t.lang or d.lang))
        for a in d.abstracts:
            parts = re.split(r"(?<=[.。])\s*", a.text)
            sentences.extend(p.strip() for p in parts if len(p.strip()) > 20)
        for cs in d.claims[:1]:
            claims.extend(c.text[:600] for c in cs.claims[:5] if len(c.text) > 20)
        applicants.update(p.name for p in d.parties if p.role in ("applicant", "assignee"))
        classes.update(c.symbol for c in d.classifications if c.scheme in ("IPC", "CPC"))
    hub.close()
    if max_pieces:  # a small pool (the smoke test): the first pieces of each kind
        titles, sentences, claims = titles[:max_pieces], sentences[:max_pieces], claims[:max_pieces]
    print(f"pool: {len(titles)} titles, {len(sentences)} sentences, {len(claims)} claims; embedding pieces ...",
          flush=True)
    t0 = time.perf_counter()
    tv = enc.encode([t[0] for t in titles])
    sv = enc.encode(sentences)
    cv = enc.encode(claims)
    print(f"embedded {len(titles) + len(sentences) + len(claims)} pieces in {time.perf_counter() - t0:.0f} s",
          flush=True)
    return Pool(titles, sentences, claims, sorted(applicants), sorted(classes), tv, sv, cv)


def pieces(i: int, pool: Pool) -> tuple[int, list[int], list[int], random.Random]:
    """Which real pieces document ``i`` is made of (seeded by ``i``)."""
    rng = random.Random(i)
    ti = rng.randrange(len(pool.titles))
    si = [rng.randrange(len(pool.sentences)) for _ in range(rng.randint(3, 6))]
    ci = [rng.randrange(len(pool.claims)) for _ in range(rng.randint(1, 3))]
    return ti, si, ci, rng


def doc_vector(pool: Pool, ti: int, si: list[int], ci: list[int]) -> np.ndarray:
    vec = pool.title_vecs[ti] + pool.sentence_vecs[si].mean(axis=0) + pool.claim_vecs[ci].mean(axis=0)
    return vec / np.linalg.norm(vec)


def make_doc(i: int, pool: Pool) -> tuple[PatentDocument, np.ndarray]:
    ti, si, ci, rng = pieces(i, pool)
    title, country, kind, lang = pool.titles[ti]
    year = rng.randint(1990, 2024)
    import datetime as dt

    pd = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    number = f"{i:08d}"
    doc = PatentDocument(
        pub_number=f"{country}BM{number}{kind or ''}", country=country, doc_number=f"BM{number}", kind=kind,
        doc_type="grant", pub_date=pd, app_number=f"{country}BMA{number}", lang=lang,
        titles=[Text(lang=lang, text=title)],
        abstracts=[Text(lang=lang, text=" ".join(pool.sentences[j] for j in si))],
        claims=[ClaimSet(lang=lang, claims=[Claim(num=k + 1, text=pool.claims[j]) for k, j in enumerate(ci)])],
        parties=[Party(role="applicant", name=n, normalized_name=n.upper())
                 for n in rng.sample(pool.applicants, k=min(2, len(pool.applicants)))],
        classifications=[Classification(scheme="IPC", symbol=s) for s in rng.sample(pool.classes, k=2)],
    )
    return doc, doc_vector(pool, ti, si, ci)


def build_tantivy(n: int, pool: Pool, path: Path) -> tuple[LexicalIndex, float]:
    index = LexicalIndex(path)
    index.reset()
    t0 = time.perf_counter()
    with index.writer(heap_mb=512, threads=2) as w:
        for i in range(n):
            doc, _v = make_doc(i, pool)
            w.add_document(to_index_doc(doc, "bench"))
            if i and i % 100_000 == 0:
                print(f"  tantivy {i} docs, {i / (time.perf_counter() - t0):.0f} docs/s", flush=True)
    return index, time.perf_counter() - t0


def build_fts5(n: int, pool: Pool, path: Path) -> tuple[sqlite3.Connection, float]:
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("CREATE TABLE docs(id INTEGER PRIMARY KEY, pub TEXT, ctry TEXT, kind TEXT, pd INTEGER, ipc TEXT)")
    con.execute("CREATE INDEX docs_pd ON docs(pd)")
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(ti, ab, cl, pa, tokenize='porter unicode61')")
    t0 = time.perf_counter()
    batch_d, batch_f = [], []
    for i in range(n):
        doc, _v = make_doc(i, pool)
        pd = int(doc.pub_date.strftime("%Y%m%d")) if doc.pub_date else None
        batch_d.append((i + 1, doc.pub_number, doc.country, doc.kind, pd,
                        " ".join(c.symbol.replace(" ", "") for c in doc.classifications)))
        batch_f.append((i + 1, space_cjk(doc.titles[0].text), space_cjk(doc.abstracts[0].text),
                        space_cjk(" ".join(c.text for c in doc.claims[0].claims)),
                        " ".join(p.name for p in doc.parties)))
        if len(batch_d) >= 5000:
            con.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?)", batch_d)
            con.executemany("INSERT INTO fts(rowid, ti, ab, cl, pa) VALUES (?,?,?,?,?)", batch_f)
            batch_d, batch_f = [], []
    if batch_d:
        con.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?)", batch_d)
        con.executemany("INSERT INTO fts(rowid, ti, ab, cl, pa) VALUES (?,?,?,?,?)", batch_f)
    con.commit()
    con.execute("INSERT INTO fts(fts) VALUES('optimize')")
    con.commit()
    return con, time.perf_counter() - t0


FIELDS = ("ti", "ab", "cl")


def field_vectors(pool: Pool, ti: int, si: list[int], ci: list[int]) -> dict[str, np.ndarray]:
    def unit(v: np.ndarray) -> np.ndarray:
        return v / np.linalg.norm(v)

    return {"ti": unit(pool.title_vecs[ti] + 0.25 * pool.sentence_vecs[si[0]]),
            "ab": unit(pool.sentence_vecs[si].mean(axis=0)),
            "cl": unit(pool.claim_vecs[ci[0]] + 0.25 * pool.sentence_vecs[si[-1]])}


def build_vectors(n: int, pool: Pool, path: Path, reuse: bool = False,
                  fields: bool = True) -> tuple[VectorIndex, dict[str, VectorIndex], np.ndarray, float]:
    """The whole-document vector index (and the per-field ones) of the ``n`` documents; the whole-document
    matrix is kept for the brute-force baseline."""
    from iprhub.search.lexical_index import uid_of

    vecs = np.empty((n, 512), dtype=np.float32)
    keys = []
    for i in range(n):
        ti, si, ci, _rng = pieces(i, pool)
        vecs[i] = doc_vector(pool, ti, si, ci)
        _title, country, kind, _lang = pool.titles[ti]
        keys.append(uid_of(f"{country}BM{i:08d}{kind or ''}"))
    index = VectorIndex(path, 512, "use-multilingual-v3", dtype="i8")
    by_field = {f: VectorIndex(path / f, 512, "use-multilingual-v3", dtype="i8") for f in FIELDS} if fields else {}
    if reuse:  # the indexes of an earlier run over the same documents; the matrix is rebuilt above
        return index, by_field, vecs, float("nan")
    t0 = time.perf_counter()
    index.reset()
    for start in range(0, n, 50_000):
        index.index.add(np.asarray(keys[start:start + 50_000], dtype=np.uint64), vecs[start:start + 50_000],
                        threads=2)
        print(f"  vectors {min(n, start + 50_000)} added", flush=True)
    index.checks.update(dict.fromkeys(keys, 0))  # `checks` is a read-only view of the index's own dict
    index.save()
    for name, fidx in by_field.items():
        fidx.reset()
        for start in range(0, n, 50_000):
            stop = min(n, start + 50_000)
            chunk = np.empty((stop - start, 512), dtype=np.float32)
            for i in range(start, stop):
                ti, si, ci, _rng = pieces(i, pool)
                chunk[i - start] = field_vectors(pool, ti, si, ci)[name]
            fidx.index.add(np.asarray(keys[start:stop], dtype=np.uint64), chunk, threads=2)
        fidx.checks.update(dict.fromkeys(keys, 0))
        fidx.save()
        print(f"  {name} vectors added", flush=True)
    return index, by_field, vecs, time.perf_counter() - t0


def display_texts(doc: PatentDocument) -> dict[str, list[tuple[str | None, str]]]:
    """The text part of the display data the index stores for ``doc`` (``lexical_index.index_fields``)."""
    return {"ti": [(x.lang, x.text) for x in doc.titles], "ab": [(x.lang, x.text) for x in doc.abstracts],
            "cl": [(lang, text[:DISPLAY_TEXT_LIMIT]) for lang, text in claims_text(doc)[:3]], "desc": []}


def passage_vectors(pool: Pool, i: int, doc: PatentDocument) -> tuple[list[str], np.ndarray]:
    """Document ``i``'s distinct passage texts and their vectors, made from the pieces' real embeddings."""
    ti, si, ci, _rng = pieces(i, pool)
    abstract = doc.abstracts[0].text
    spans, at = [], 0  # where each pool sentence sits in the abstract (joined by one space)
    for j in si:
        spans.append((at, at + len(pool.sentences[j]), j))
        at += len(pool.sentences[j]) + 1
    texts: dict[str, np.ndarray] = {}
    for p in document_passages(display_texts(doc)):
        if p.text in texts:
            continue
        if p.field == "ti":
            vec = pool.title_vecs[ti]
        elif p.field == "ab":
            start = abstract.find(p.text)
            end = start + len(p.text)
            weights = [(min(end, b) - max(start, a), j) for a, b, j in spans if min(end, b) > max(start, a)]
            vec = sum((w * pool.sentence_vecs[j] for w, j in weights), np.zeros(512, dtype=np.float32))
        else:
            owner = [j for j in ci if p.text in pool.claims[j]]
            vec = pool.claim_vecs[owner[0]] if owner else pool.claim_vecs[ci].mean(axis=0)
        texts[p.text] = vec / max(float(np.linalg.norm(vec)), 1e-9)
    return list(texts), np.vstack(list(texts.values())) if texts else np.zeros((0, 512), dtype=np.float32)


def build_sentences(n: int, pool: Pool, path: Path, reuse: bool = False) -> tuple[SentenceVectors, float]:
    """The sentence vectors of the ``n`` documents (``iprhub index --vectors`` makes them by embedding)."""
    from iprhub.search.lexical_index import uid_of

    store = SentenceVectors(path, 512, "use-multilingual-v3")
    if reuse:
        return store, float("nan")
    store.reset()
    t0 = time.perf_counter()
    for start in range(0, n, 20_000):
        uids, texts, blocks = [], [], []
        for i in range(start, min(n, start + 20_000)):
            doc, _v = make_doc(i, pool)
            ts, vecs = passage_vectors(pool, i, doc)
            uids.append(uid_of(doc.pub_number))
            texts.append(ts)
            blocks.append(vecs)
        store.upsert(uids, [0] * len(uids), texts, blocks)
        print(f"  sentence vectors of {min(n, start + 20_000)} documents added", flush=True)
    store.save()
    return store, time.perf_counter() - t0


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    xs = sorted(samples)

    def p(q: float) -> float:
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    return p(0.5), p(0.95), p(0.99)


def query_mix(pool: Pool, count: int) -> dict[str, list[str]]:
    rng = random.Random(7)
    words = [w for t, *_ in pool.titles for w in re.findall(r"[A-Za-z]{5,}", t)]
    pairs = [m for t, *_ in pool.titles for m in re.findall(r"[A-Za-z]{4,} [A-Za-z]{4,}", t)]
    cjk = [r[i:i + 2] for t, *_ in pool.titles for r in CJK_RUN.findall(t) for i in range(0, len(r) - 1, 2)]
    pick = lambda xs: [xs[rng.randrange(len(xs))].lower() for _ in range(count)]  # noqa: E731
    single, phrase, chinese = pick(words), pick(pairs), [c for c in pick(cjk)] if cjk else []
    boolean = [f"({a} or {b}) and ({c} or {d}) not {e}" for a, b, c, d, e in
               zip(pick(words), pick(words), pick(words), pick(words), pick(words), strict=True)]
    fielded = [f'ti={w} and pd within "{y} {y + 5}"' for w, y in
               zip(pick(words), [rng.randint(1990, 2018) for _ in range(count)], strict=True)]
    wildcard = [f"ti={w[:4]}*" for w in pick(words)]
    semantic = [pool.titles[rng.randrange(len(pool.titles))][0] for _ in range(count)]
    return {"single term": single, "phrase": [f'"{p}"' for p in phrase], "boolean, 5 terms": boolean,
            "fielded + date range": fielded, "wildcard": wildcard, "chinese term": chinese,
            "facet query": pick(words), "deep page (offset 10k)": pick(words), "semantic top-10": semantic,
            "semantic + explanations": semantic, "semantic + expl. (embed)": semantic}


def fts_query(kind: str, q: str) -> tuple[str, tuple]:
    def term(w: str) -> str:
        return '"' + w.replace('"', "") + '"'

    if kind == "phrase":
        return "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10", (q,)
    if kind == "boolean, 5 terms":
        a, b, c, d, e = re.findall(r"[a-z]+", q.replace(" or ", " ").replace(" and ", " ").replace(" not ", " "))
        return ("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10",
                (f"({term(a)} OR {term(b)}) AND ({term(c)} OR {term(d)}) NOT {term(e)}",))
    if kind == "fielded + date range":
        w, y1, y2 = re.match(r'ti=(\w+) and pd within "(\d+) (\d+)"', q).groups()  # type: ignore[union-attr]
        return ("SELECT fts.rowid FROM fts JOIN docs ON docs.id = fts.rowid WHERE fts MATCH ? AND docs.pd "
                "BETWEEN ? AND ? ORDER BY rank LIMIT 10", (f"ti:{term(w)}", int(y1) * 10000 + 101, int(y2) * 10000 + 1231))
    if kind == "wildcard":
        return "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10", (f"ti:{q[3:-1]}*",)
    if kind == "chinese term":
        return "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10", ('"' + space_cjk(q).strip() + '"',)
    if kind.startswith("deep page"):
        return "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10 OFFSET 10000", (term(q),)
    if kind == "facet query":
        return ("SELECT d.ctry, count(*) FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ? GROUP BY d.ctry",
                (term(q),))
    return "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10", (term(q),)


def run_mix(kind, queries, engine, builder, encoder, vectors, matrix, con, ours, base, explainer=None) -> None:
    """One pass over one query type, appending latencies (ms) to ours and base."""
    for q in queries:
        t0 = time.perf_counter()
        if kind.startswith("semantic"):
            qvec = encoder.encode([q])[0]
            searched = vectors.for_text(q) if isinstance(vectors, FieldVectors) else vectors
            ranked = engine.semantic_ranking(searched, qvec, 10, None)
            engine.hits(ranked, Matcher(), prefer_cjk=False, members=False)
            if explainer is not None and kind != "semantic top-10":
                explainer._words.clear()
                explainer._sentences.clear()
                searcher = engine.lexical.searcher()
                stored = kind == "semantic + explanations"  # else: every sentence embedded now
                explainer.explain(q, qvec, [(engine.lexical.display(searcher, r.address).data, None) for r in ranked],
                                  uids=[r.uid for r in ranked] if stored else None)
        else:
            parsed = parse_query(q)
            built = builder.build(parsed, WildcardExpander(engine.lexical.searcher()))
            offset = 10_000 if kind.startswith("deep page") else 0  # a cursor 1,000 pages deep
            ranked, _total, _next = engine.lexical_page(built.query, offset=offset, limit=10, collapse=True, sort=None)
            matcher = Matcher.from_terms([t.text for t in built.text_terms if not t.wildcard],
                                         [t.text for t in built.text_terms if t.wildcard])
            engine.hits(ranked, matcher, prefer_cjk=kind == "chinese term", members=True)
            if kind == "facet query":
                engine.facets(built.query)
        ours.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        if kind.startswith("semantic"):
            qvec = encoder.encode([q])[0]
            np.argpartition(-(matrix @ qvec), 10)[:10]
        elif con is not None:
            sql, params = fts_query(kind, q)
            con.execute(sql, params).fetchall()
        base.append((time.perf_counter() - t0) * 1000)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--pool", type=int, default=None, help="at most this many real pieces of each kind (smoke test)")
    ap.add_argument("--queries", type=int, default=40, help="queries per type")
    ap.add_argument("--home", type=Path, default=None, help="store to take the real text from")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "iprhub-bench-search")
    ap.add_argument("--cold", dest="warm", action="store_false",
                    help="time the first pass (default: one untimed pass first, as a running server is warm)")
    ap.add_argument("--no-fts", dest="fts", action="store_false", help="leave out the SQLite FTS5 baseline")
    ap.add_argument("--one-vector", dest="fields", action="store_false",
                    help="whole-document vectors only (the state before per-field vectors)")
    ap.add_argument("--reuse", action="store_true",
                    help="query the indexes an earlier run left in --out (same --docs and --home); no build figures")
    args = ap.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    encoder = UseMultilingual()
    pool = load_pool(args.home, encoder, args.pool)
    n = args.docs
    con: sqlite3.Connection | None = None
    t_fts = float("nan")
    if args.reuse:
        print(f"reusing the indexes of {n} documents in {out} ...", flush=True)
        index, t_tan = LexicalIndex(out / "lexical"), float("nan")
        if args.fts:
            con = sqlite3.connect(out / "fts5.db")
    else:
        print(f"building tantivy index of {n} documents ...", flush=True)
        index, t_tan = build_tantivy(n, pool, out / "lexical")
        if args.fts:
            print(f"building SQLite FTS5 over the same {n} documents ...", flush=True)
            con, t_fts = build_fts5(n, pool, out / "fts5.db")
    print("building vector indexes (usearch HNSW, int8) ...", flush=True)
    main_vectors, by_field, matrix, t_vec = build_vectors(n, pool, out / "vectors", reuse=args.reuse,
                                                          fields=args.fields)
    vectors = FieldVectors(main_vectors, by_field) if by_field else main_vectors
    print("building sentence vectors (int8 rows, memory-mapped) ...", flush=True)
    sentence_store, t_sent = build_sentences(n, pool, out / "vectors" / "sentences", reuse=args.reuse)
    gc.collect()
    engine, builder = Engine(index), QueryBuilder(index.schema)
    searcher = index.searcher()
    sample = [a for _s, a in searcher.search(engine.t.Query.all_query(), limit=200, count=False).hits]
    for addr in sample:  # the bench's passages are those the explainer cuts from what the index displays
        shown = index.display(searcher, addr)
        if not sentence_store.for_document(shown.uid, shown.data):
            raise SystemExit(f"sentence vectors of {shown.pub} do not match its display data")
    explainer = Explainer(encoder, sentence_store)
    encoder.encode(["warm up"])  # model loading is not a query
    mix = query_mix(pool, args.queries)
    rows = []
    for kind, queries in mix.items():
        if not queries:
            continue
        if args.warm:  # an untimed pass: a running server has its index in memory
            run_mix(kind, queries, engine, builder, encoder, vectors, matrix, con, [], [], explainer)
        ours, base = [], []
        run_mix(kind, queries, engine, builder, encoder, vectors, matrix, con, ours, base, explainer)
        rows.append((kind, percentiles(ours), percentiles(base)))
    size_tan = index.size_bytes()
    size_fts = (out / "fts5.db").stat().st_size if con is not None else float("nan")
    size_main = main_vectors.size_bytes()
    size_fields = sum(v.size_bytes() for v in by_field.values())
    size_sent = sentence_store.size_bytes()
    print()
    print(f"documents: {n:,} (recombined real text, see bench/search.py docstring); queries per type: {args.queries}"
          f"; {'warm (timed after one untimed pass)' if args.warm else 'cold'}")
    print(f"{'':24} {'iprhub (tantivy)':>22} {'SQLite FTS5':>16} {'ratio':>8}")
    print(f"{'build rate (docs/s)':24} {n / t_tan:>22,.0f} {n / t_fts:>16,.0f} {(n / t_tan) / (n / t_fts):>8.2f}")
    print(f"{'index size (MB)':24} {size_tan / 1e6:>22,.0f} {size_fts / 1e6:>16,.0f} {size_tan / size_fts:>8.2f}")
    print(f"{'vectors (usearch i8)':24} {n / t_vec:>17,.0f} d/s  whole-document {size_main / 1e6:,.0f} MB + "
          f"per-field {size_fields / 1e6:,.0f} MB = {(size_main + size_fields) / 1e6:,.0f} MB")
    n_rows = sentence_store.rows
    print(f"{'sentence vectors (i8)':24} {n / t_sent:>17,.0f} d/s  {size_sent / 1e6:,.0f} MB ({n_rows:,} rows, "
          f"{n_rows / n:.1f} per document, {size_sent / n:,.0f} bytes per document)")
    print()
    print(f"{'query type (ms)':24} {'p50':>7} {'p95':>7} {'p99':>7} | {'base p50':>8} {'p95':>7} {'p99':>7} | "
          f"{'p95 ratio':>9}")
    for kind, (a50, a95, a99), (b50, b95, b99) in rows:
        ratio = a95 / b95 if b95 else float("nan")
        print(f"{kind:24} {a50:7.1f} {a95:7.1f} {a99:7.1f} | {b50:8.1f} {b95:7.1f} {b99:7.1f} | {ratio:9.2f}")
    print("baseline: SQLite FTS5 (porter, bm25 rank) for lexical queries; numpy brute-force cosine (whole-document "
          "vectors) for semantic.")
    print("iprhub latency includes parsing, one hit per family, stored-field display and snippets (and "
          "query encoding for semantic; semantic searches the whole-document and the per-field indexes).")
    print(f"median of all lexical p95: "
          f"{statistics.median(r[1][1] for r in rows if not r[0].startswith('semantic')):.1f} ms")
    import os

    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
