"""Near-duplicate screening at scale: MinHash + LSH (the screening's detector) over N documents made of
real sentences, against brute-force pairwise Jaccard on a sample, in the same run.

Corpus: every sentence of the full-text documents in ../shared/data/epo/ep_fulltext_xml and the USPTO
grant files read by iprhub's own readers; document i is 8–14 sentences drawn at random (seeded) from that
pool, so documents are real patent prose but unrelated to each other; every 500th document is a copy of an
earlier one with 10 % of its words replaced (the planted near-duplicates whose recall is printed).

    .venv/bin/python bench/quality.py [--docs 1000000] [--sample 2000]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from iprhub.quality.near_duplicates import NearDuplicateFinder  # noqa: E402
from iprhub.quality.planted import _replace_words  # noqa: E402
from iprhub.quality.text import document_text, sentences, shingles, words  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SOURCES = ["epo/ep_fulltext_xml", "uspto/grant_xml_v25_pg", "uspto/grant_xml_v4x"]


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


def corpus(n: int, pool: list[str], seed: int = 1) -> tuple[list[str], set[tuple[str, str]]]:
    rng = random.Random(seed)
    vocab = sorted({w for s in pool[:5000] for w in words(s) if w.isalpha() and len(w) > 3})
    texts: list[str] = []
    planted: set[tuple[str, str]] = set()
    for i in range(n):
        if i and i % 500 == 0:
            j = rng.randrange(i)
            texts.append(_replace_words(texts[j], 0.10, vocab, rng)[0])
            planted.add((f"d{j}", f"d{i}"))
        else:
            texts.append("\n".join(rng.choice(pool) for _ in range(rng.randint(8, 14))))
    return texts, planted


def brute_force(texts: list[str], threshold: float = 0.3) -> tuple[set[tuple[str, str]], float, int]:
    started = time.perf_counter()
    sets = [shingles(words(t), 2) for t in texts]
    found, pairs = set(), 0
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            pairs += 1
            inter = len(sets[i] & sets[j])
            if inter and inter / (len(sets[i]) + len(sets[j]) - inter) >= threshold:
                found.add((f"d{i}", f"d{j}"))
    return found, time.perf_counter() - started, pairs


def lsh(texts: list[str], keep: bool) -> tuple[set[tuple[str, str]], float, float, float]:
    started = time.perf_counter()
    finder = NearDuplicateFinder(k=2, threshold=0.3, min_similarity=0.3, keep_shingles=keep)
    for i, t in enumerate(texts):
        finder.add_text(f"d{i}", t)
    indexed = time.perf_counter()
    result = finder.find()
    done = time.perf_counter()
    found = {tuple(sorted((p.a, p.b), key=lambda k: int(k[1:]))) for p in result.pairs}
    return found, indexed - started, done - indexed, _rss_mb()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--pool", type=int, default=200_000, help="Most real sentences read.")
    ap.add_argument("--home", type=Path, default=None, help="Scratch folder (default: a temporary one).")
    args = ap.parse_args(argv)
    console = Console(width=170)
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch)
        home.mkdir(parents=True, exist_ok=True)
        pool = _pool(home, args.pool)
    console.print(f"sentence pool: {len(pool):,} real sentences; baseline RSS {_rss_mb():.0f} MB")
    t = Table(title="Near-duplicate screening: MinHash+LSH vs brute-force pairwise Jaccard (word 2-grams ≥ 0.3)")
    for col in ("method", "documents", "pairs compared", "seconds", "docs/s", "peak RSS MB", "planted found",
                "other pairs"):
        t.add_column(col, justify="left" if col == "method" else "right")
    sample, planted_s = corpus(args.sample, pool, seed=2)
    bf, bf_s, bf_pairs = brute_force(sample)
    t.add_row("brute force (sample)", f"{args.sample:,}", f"{bf_pairs:,}", f"{bf_s:.1f}",
              f"{args.sample / bf_s:,.0f}", f"{_rss_mb():.0f}", f"{len(planted_s & bf)}/{len(planted_s)}",
              str(len(bf - planted_s)))
    found_s, idx_s, find_s, rss = lsh(sample, keep=True)
    t.add_row("MinHash+LSH (sample)", f"{args.sample:,}", "candidates only", f"{idx_s + find_s:.1f}",
              f"{args.sample / (idx_s + find_s):,.0f}", f"{rss:.0f}", f"{len(planted_s & found_s)}/{len(planted_s)}",
              str(len(found_s - planted_s)))
    texts, planted = corpus(args.docs, pool)
    console.print(f"{args.docs:,} documents generated; RSS {_rss_mb():.0f} MB")
    found, idx, find, rss = lsh(texts, keep=False)
    t.add_row("MinHash+LSH (all)", f"{args.docs:,}", "candidates only", f"{idx + find:.1f} ({idx:.0f} index)",
              f"{args.docs / (idx + find):,.0f}", f"{rss:.0f}", f"{len(planted & found)}/{len(planted)}",
              str(len(found - planted)))
    projected = bf_s * (args.docs / args.sample) ** 2
    t.add_row("brute force (projected)", f"{args.docs:,}", f"{args.docs * (args.docs - 1) // 2:,}",
              f"{projected:,.0f}", f"{args.docs / projected:,.2f}", "–", "–", "–")
    console.print(t)


if __name__ == "__main__":
    main()
