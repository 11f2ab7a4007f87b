"""Near-duplicate screening at scale: the screening's detector (MinHash signatures, LSH bands compared by
sorting) over N documents made of real sentences, against brute-force pairwise Jaccard on a sample and
against datasketch's own MinHashLSH index (the detector before 2026-12-05) on a middle size, in the
same run.

Corpus: every sentence of the full-text documents in ../shared/data/epo/ep_fulltext_xml and the USPTO
grant files read by iprhub's own readers; document i is 8–14 sentences drawn at random (seeded by i) from
that pool, so documents are real patent prose but unrelated to each other; every 500th document is a copy
of an earlier one with 10 % of its words replaced (the planted near-duplicates whose recall is printed).
Documents are regenerated from their seed as they are indexed: the corpus itself is never held whole.

    .venv/bin/python bench/quality.py [--docs 1000000] [--sample 2000] [--compare 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from iprhub.quality.near_duplicates import MIN_WORDS, NearDuplicateFinder, _hash32  # noqa: E402
from iprhub.quality.planted import _replace_words  # noqa: E402
from iprhub.quality.text import document_text, sentences, shingles, words  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SOURCES = ["epo/ep_fulltext_xml", "uspto/grant_xml_v25_pg", "uspto/grant_xml_v4x"]
THRESHOLD = 0.3  # the screening's settings: word 2-grams, Jaccard ≥ 0.3
PLANT_EVERY = 500


def _pool(home: Path, limit: int = 200_000) -> list[str]:
    """Real sentences, read through iprhub's own readers into a scratch store."""
    from iprhub.hub import Hub
    from iprhub.settings import Settings

    pool: list[str] = []
    with Hub(Settings(home=home, database_url=f"sqlite:///{home}/bench.db", workers=1,
                      search_index_on_ingest=False)) as hub:
        hub.ingest([DATA / f for f in SOURCES])
        for doc in hub.store.iter_documents():
            pool.extend(s for s in sentences(document_text(doc).full) if 8 <= len(s.split()) <= 80)
            if len(pool) >= limit:
                break
    return pool


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _now_rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Corpus:
    """Document i is a function of (seed, i): generated when asked, never stored."""

    def __init__(self, n: int, pool: list[str], seed: int = 1) -> None:
        self.n, self.pool, self.seed = n, pool, seed
        self.vocab = sorted({w for s in pool[:5000] for w in words(s) if w.isalpha() and len(w) > 3})

    def _plain(self, i: int) -> str:
        rng = random.Random(self.seed * 10_000_019 + i)
        return "\n".join(rng.choice(self.pool) for _ in range(rng.randint(8, 14)))

    def original_of(self, i: int) -> int | None:
        return random.Random(self.seed * 7_919 + i).randrange(i) if i and i % PLANT_EVERY == 0 else None

    def text(self, i: int) -> str:
        j = self.original_of(i)
        if j is None:
            return self._plain(i)
        return _replace_words(self.text(j), 0.10, self.vocab, random.Random(self.seed + i))[0]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for i in range(self.n):
            yield f"d{i}", self.text(i)

    def planted(self) -> set[tuple[str, str]]:
        return {(f"d{j}", f"d{i}") for i in range(self.n) if (j := self.original_of(i)) is not None}


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if int(a[1:]) < int(b[1:]) else (b, a)


def brute_force(corpus: Corpus) -> tuple[set[tuple[str, str]], float, int]:
    started = time.perf_counter()
    sets = [shingles(words(t), 2) if len(words(t)) >= MIN_WORDS else set() for _, t in corpus]
    found, pairs = set(), 0
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            pairs += 1
            inter = len(sets[i] & sets[j])
            if inter and inter / (len(sets[i]) + len(sets[j]) - inter) >= THRESHOLD:
                found.add((f"d{i}", f"d{j}"))
    return found, time.perf_counter() - started, pairs


def banded(corpus: Corpus, keep: bool) -> tuple[set[tuple[str, str]], float, float, float]:
    """The screening's detector: returns pairs, indexing seconds, finding seconds, RSS after."""
    finder = NearDuplicateFinder(k=2, threshold=THRESHOLD, min_similarity=THRESHOLD, keep_shingles=keep)
    indexing = 0.0  # only the detector's own time: generating the corpus is not counted
    for key, t in corpus:
        started = time.perf_counter()
        finder.add_text(key, t)
        indexing += time.perf_counter() - started
    started = time.perf_counter()
    finder.signatures()
    indexed = time.perf_counter()
    indexing += indexed - started
    result = finder.find()
    done = time.perf_counter()
    return {_ordered(p.a, p.b) for p in result.pairs}, indexing, done - indexed, _now_rss_mb()


def datasketch_lsh(corpus: Corpus) -> tuple[set[tuple[str, str]], float, float, float]:
    """The detector before 2026-12-05: one LeanMinHash per document in datasketch's MinHashLSH, each
    document queried; candidates verified on the estimated Jaccard, as the screening does."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    before = _now_rss_mb()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
    sigs: dict[str, LeanMinHash] = {}
    indexing = 0.0
    for key, t in corpus:
        started = time.perf_counter()
        tokens = words(t)[:6000]
        if len(tokens) < MIN_WORDS:
            continue
        mh = MinHash(num_perm=128, hashfunc=_hash32)
        mh.update_batch([g.encode() for g in shingles(tokens, 2)])
        sigs[key] = LeanMinHash(mh)
        lsh.insert(key, sigs[key])
        indexing += time.perf_counter() - started
    indexed = time.perf_counter()
    found: set[tuple[str, str]] = set()
    for key, mh in sigs.items():
        for other in lsh.query(mh):
            if other != key and mh.jaccard(sigs[other]) >= THRESHOLD:
                found.add(_ordered(key, other))
    done = time.perf_counter()
    return found, indexing, done - indexed, _now_rss_mb() - before


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=2000, help="Documents of the brute-force baseline.")
    ap.add_argument("--compare", type=int, default=20_000,
                    help="Documents on which datasketch's MinHashLSH and the detector both run (0: skip).")
    ap.add_argument("--pool", type=int, default=200_000, help="Most real sentences read.")
    ap.add_argument("--home", type=Path, default=None, help="Scratch folder (default: a temporary one).")
    args = ap.parse_args(argv)
    console = Console(width=170)
    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch)
        home.mkdir(parents=True, exist_ok=True)
        pool = _pool(home, args.pool)
    load = os.getloadavg()[0]
    console.print(f"sentence pool: {len(pool):,} real sentences; RSS {_now_rss_mb():.0f} MB; load average {load:.1f}")
    t = Table(title=f"Near-duplicate screening (word 2-grams, Jaccard ≥ {THRESHOLD}): the detector vs brute force "
                    "and vs datasketch's MinHashLSH")
    for col in ("method", "documents", "seconds", "docs/s", "memory MB", "planted found", "other pairs"):
        t.add_column(col, justify="left" if col == "method" else "right")

    def row(method: str, n: int, seconds: str, rate: float, memory: str, found: set, planted: set) -> None:
        t.add_row(method, f"{n:,}", seconds, f"{rate:,.0f}" if rate >= 10 else f"{rate:,.2f}", memory,
                  f"{len(planted & found)}/{len(planted)}", f"{len(found - planted):,}")

    sample = Corpus(args.sample, pool, seed=2)
    planted_s = sample.planted()
    bf, bf_s, _ = brute_force(sample)
    row("brute-force pairwise Jaccard (sample)", args.sample, f"{bf_s:.1f}", args.sample / bf_s, "–", bf, planted_s)
    found_s, idx_s, find_s, _ = banded(sample, keep=True)
    row("detector (sample, exact verification)", args.sample, f"{idx_s + find_s:.1f}",
        args.sample / (idx_s + find_s), "–", found_s, planted_s)
    if args.compare:
        mid = Corpus(args.compare, pool, seed=3)
        planted_m = mid.planted()
        ds, ds_idx, ds_find, ds_mem = datasketch_lsh(mid)
        row("datasketch MinHashLSH (before)", args.compare, f"{ds_idx + ds_find:.1f} ({ds_idx:.0f} index)",
            args.compare / (ds_idx + ds_find), f"+{ds_mem:,.0f}", ds, planted_m)
        before = _now_rss_mb()
        mine, idx, find, after = banded(mid, keep=False)
        row("detector (after)", args.compare, f"{idx + find:.1f} ({idx:.0f} index)", args.compare / (idx + find),
            f"+{after - before:,.0f}", mine, planted_m)
        console.print(f"same pairs found by both at {args.compare:,} documents: {ds == mine} "
                      f"({len(ds):,} vs {len(mine):,})")
    corpus = Corpus(args.docs, pool)
    before = _now_rss_mb()
    found, idx, find, after = banded(corpus, keep=False)
    row("detector (all)", args.docs, f"{idx + find:.1f} ({idx:.0f} index, {find:.0f} find)",
        args.docs / (idx + find), f"+{after - before:,.0f} (peak RSS {_rss_mb():,.0f})", found, corpus.planted())
    projected = bf_s * (args.docs / args.sample) ** 2
    t.add_row("brute force (projected)", f"{args.docs:,}", f"{projected:,.0f}", f"{args.docs / projected:,.2f}",
              "–", "–", "–")
    console.print(t)
    console.print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
