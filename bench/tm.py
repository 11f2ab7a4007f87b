"""Trademark search at scale: the mark index against a brute-force rapidfuzz scan, in the same run.

Marks: every word mark the shared trademark registers hold (EUIPO, TIPO, KIPRIS, Global Brand
Database, TSDR: read by iprhub's own readers), recombined to the size asked with a fixed seed:
a third kept as they are, a third joined from a word of one real mark and a word of another
("GOLDEN" + "SCIENTIFIC"), a third coined from the first half of one mark's letters and the second half
of another's ("APPLE" + "BROMPTON" -> "APPTON"); classes and office come from the first mark.
Queries: real marks drawn from the same pool, half of them with one letter changed (a typo).

Timed per query: the index's plain search (exact/prefix/fuzzy/phonetic, top 20), its similarity
search (candidates ranked by the full engine, top 20), and a brute-force scan with rapidfuzz's
``process.extract`` (ratio over every mark's transliteration, top 20) — all on one core.

    python bench/tm.py --marks 1000000 --queries 50
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from pathlib import Path

from iprhub.ingest.formats import detect
from iprhub.ingest.formats.base import ClassTitles, ReadContext, Rejected, make_head
from iprhub.ingest.sources import iter_sources
from iprhub.trademarks.index import MarkEntry, MarkIndex
from iprhub.trademarks.marktext import try_keys
from iprhub.trademarks.search import run_search

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "trademark"


def real_marks(root: Path) -> list[MarkEntry]:
    out = []
    for source in iter_sources([root]):
        with source.open() as stream:
            data = stream.read()
        fmt = detect(make_head(data[:65536], source.name))
        if fmt is None or fmt.kind != "trademark":
            continue
        for item in fmt.read(io.BytesIO(data), ReadContext(source=source.name, format=fmt.name)):
            if isinstance(item, Rejected | ClassTitles) or not getattr(item, "mark_text", None):
                continue
            out.append(MarkEntry(number=item.key, office=item.office, mark=item.mark_text,
                                 classes=[c.number for c in item.nice_classes], filing_date=item.app_date))
    return out


def recombine(pool: list[MarkEntry], size: int, seed: int) -> list[MarkEntry]:
    rng = random.Random(seed)
    out = []
    for i in range(size):
        a, b = rng.choice(pool), rng.choice(pool)
        kind = i % 3
        text = a.mark or ""
        if kind == 1:
            text = f"{rng.choice(text.split() or [text])} {rng.choice((b.mark or '').split() or [b.mark or ''])}"
        elif kind == 2:
            x, y = text.replace(" ", ""), (b.mark or "").replace(" ", "")
            text = x[: max(1, len(x) // 2)] + y[len(y) // 2:]
        out.append(MarkEntry(number=f"BENCH/{i}", office=a.office, mark=text, classes=a.classes,
                             filing_date=a.filing_date))
    return out


def typo(text: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if not letters:
        return text
    i = rng.choice(letters)
    return text[:i] + rng.choice("aeioustrnl") + text[i + 1:]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--marks", type=int, default=1_000_000)
    args.add_argument("--queries", type=int, default=50)
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--data", type=Path, default=DATA)
    opts = args.parse_args(argv)
    from rapidfuzz import fuzz, process

    t0 = time.perf_counter()
    pool = real_marks(opts.data)
    read_s = time.perf_counter() - t0
    entries = recombine(pool, opts.marks, opts.seed)
    t0 = time.perf_counter()
    index = MarkIndex(entries)
    build_s = time.perf_counter() - t0
    latin = [k.latin if k is not None else "" for k in index.keys]
    rng = random.Random(opts.seed + 1)
    queries = []
    while len(queries) < opts.queries:
        text = rng.choice(pool).mark or ""
        if len(queries) % 2:
            text = typo(text, rng)
        if try_keys(text) is not None:
            queries.append(text)
    timings: dict[str, list[float]] = {"index: plain search": [], "index: similar search": [],
                                       "brute force: rapidfuzz scan": []}
    overlap = []
    for q in queries:
        keys = try_keys(q)
        assert keys is not None
        t = time.perf_counter()
        plain = run_search(index, q, limit=20)
        timings["index: plain search"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        run_search(index, q, similar=True, limit=20)
        timings["index: similar search"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        brute = process.extract(keys.latin, latin, scorer=fuzz.ratio, limit=20)
        timings["brute force: rapidfuzz scan"].append((time.perf_counter() - t) * 1000)
        # recall of the scan's close matches (ratio >= 85) in the index's plain hits
        close = {index.entries[i].number for _, score, i in brute if score >= 85}
        if close:
            found = {h.mark.number for h in run_search(index, q, limit=200).hits}
            overlap.append(len(close & found) / len(close))
        _ = plain
    print(f"marks: {len(entries):,} (recombined from {len(pool):,} real word marks of ../shared/data/trademark, "
          f"read in {read_s:.1f} s); queries: {len(queries)} real marks, half with a typo")
    print(f"index build: {build_s:.1f} s ({len(entries) / build_s:,.0f} marks/s)")
    print(f"{'query type (ms)':32} {'p50':>9} {'p95':>9} {'max':>9}")
    for name, values in timings.items():
        print(f"{name:32} {pct(values, 0.5):9.1f} {pct(values, 0.95):9.1f} {max(values):9.1f}")
    brute50 = pct(timings["brute force: rapidfuzz scan"], 0.5)
    print(f"speed-up of the plain search at p50: {brute50 / max(pct(timings['index: plain search'], 0.5), 1e-6):.1f}x")
    if overlap:
        print(f"scan matches with ratio >= 85 also found by the index (top 200): {statistics.mean(overlap):.1%} "
              f"over {len(overlap)} queries")


if __name__ == "__main__":
    main(sys.argv[1:])
