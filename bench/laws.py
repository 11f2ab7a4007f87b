"""Law-base benchmark: load, index build and query time, and where known articles rank, for the article
search against a baseline measured in the same run (articles containing every query word, in law order).

    .venv/bin/python bench/laws.py [--laws DIR] [--repeat N]

Known-item queries: iprhub.laws.evaluation.QUERIES (also `iprhub eval --task laws-search`).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from iprhub.hub import Hub
from iprhub.laws.evaluation import QUERIES, baseline
from iprhub.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
LAWS = ROOT.parent / "shared" / "data" / "laws" / "cn"
def _rank(cited: list[str], expected: tuple[str, ...]) -> str:
    ranks = [cited.index(e) + 1 if e in cited else None for e in expected]
    return ", ".join(str(r) if r else "—" for r in ranks)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--laws", type=Path, nargs="+", default=[LAWS])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    console = Console()
    with tempfile.TemporaryDirectory(prefix="iprhub-bench-laws-") as home:
        hub = Hub(Settings(home=Path(home), database_url=f"sqlite:///{home}/iprhub.db", workers=1))
        started = time.perf_counter()
        report = hub.laws.load(args.laws)
        load = time.perf_counter() - started
        started = time.perf_counter()
        hub.laws.search("专利")  # builds the index
        build = time.perf_counter() - started
        t = Table(title=f"{report.stored} laws, {report.articles} articles: load {load:.2f} s, index {build:.2f} s")
        for col in ("query", "expected", "rank (search)", "rank (baseline)", "baseline hits",
                    "search ms (median)", "baseline ms"):
            t.add_column(col, justify="left" if col in ("query", "expected") else "right")
        found = {"search": 0, "baseline": 0}
        total = 0
        for query, expected in QUERIES.items():
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                result = hub.laws.search(query, limit=10)
                times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            base = baseline(hub.laws, query)
            base_ms = (time.perf_counter() - started) * 1000
            cited = [h.citation for h in result.hits]
            found["search"] += sum(e in cited for e in expected)
            found["baseline"] += sum(e in base[:10] for e in expected)
            total += len(expected)
            t.add_row(query, "; ".join(expected), _rank(cited, expected), _rank(base, expected), str(len(base)),
                      f"{statistics.median(times):.1f}", f"{base_ms:.0f}")
        console.print(t)
        console.print(f"expected articles in the top 10: search {found['search']}/{total}, "
                      f"baseline {found['baseline']}/{total}")
        hub.close()


if __name__ == "__main__":
    main()
