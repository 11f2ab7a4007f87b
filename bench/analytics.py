"""Result-set export and analysis benchmark: rows/s and peak RSS of exporting a 100,000-hit result set
in each format (each export its own process), against baselines measured in the same run.

    .venv/bin/python bench/analytics.py [--docs 100000] [--home DIR] [--source DIR]

How the documents are made: the real documents of a source store (``--source``; by default USPTO
grants and EP full texts from ../shared/data are ingested into a temporary store) are copied round
robin under new numbers (office and kind kept, number ``9`` + 8 digits, three documents per new
simple family ``77…``), each with its real title, abstract, parties, classes, priorities and
citations (claims and descriptions left out), and written through the store's own writer, then
indexed. The query ``pd>=1900`` matches every document. Baselines: ``iprhub stats`` (what any
command costs) and ``iprhub search QUERY --limit 1`` (the cost of the query itself).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
QUERY = "pd>=1900"
# the peak of the command's own memory (kB): VmHWM starts afresh at exec, while ru_maxrss carries over the
# parent's resident size at fork (a bench that built its store in-process read ~520 MB for every step)
_PEAK = "import resource, sys\nfrom iprhub.cli.main import main\nsys.argv = ['iprhub', *sys.argv[1:]]\n" \
        "def _hwm():\n    try:\n        return next(int(ln.split()[1]) for ln in open('/proc/self/status') " \
        "if ln.startswith('VmHWM:'))\n    except OSError:\n        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n" \
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n" \
        "print('PEAK', _hwm(), code, file=sys.stderr)"


def run(*args: str) -> tuple[float, int, str]:
    """Seconds, peak RSS (MB) and standard output of one ``iprhub`` command in its own process."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = [ln for ln in proc.stderr.splitlines() if ln.startswith("PEAK ")]
    if not peak or peak[-1].split()[2] not in ("0", "None"):
        raise SystemExit(f"iprhub {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return seconds, int(peak[-1].split()[1]) // 1024, proc.stdout


def build(home: Path, source: Path | None, docs: int, console: Console) -> None:
    from iprhub.hub import Hub
    from iprhub.settings import Settings

    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1, search_index_on_ingest=False))
    try:
        if hub.stats().totals["documents"] >= docs:
            return
        src_home = source or Path(tempfile.mkdtemp(prefix="iprhub-bench-analytics-src-"))
        src = Hub(Settings(home=src_home, database_url=f"sqlite:///{src_home}/iprhub.db", workers=1,
                           search_index_on_ingest=False))
        if src.stats().totals["documents"] == 0:
            console.print("ingesting the source documents …")
            src.ingest([DATA / "uspto" / "grant_xml_v4x", DATA / "epo" / "ep_fulltext_xml"])
        pool = [d.model_copy(update={"claims": [], "descriptions": [], "legal_events": [], "related": []})
                for d in src.store.iter_documents()]
        src.close()
        console.print(f"writing {docs:,} documents recombined from {len(pool)} real ones …")
        started = time.perf_counter()
        batch = []
        for i in range(docs):
            d = pool[i % len(pool)]
            number = f"9{i:08d}"
            batch.append(d.model_copy(update={"doc_number": number, "pub_number": f"{d.country}{number}{d.kind or ''}",
                                              "family_id": f"77{i // 3:08d}", "app_number": None,
                                              "pub_date": d.pub_date or d.app_date}))
            if len(batch) == 1000 or i == docs - 1:
                with hub.store.begin() as conn:
                    hub.store.write_patents(conn, batch)
                batch = []
        console.print(f"written in {time.perf_counter() - started:.0f} s; indexing …")
        hub.search.rebuild()
    finally:
        hub.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--home", type=Path, default=None, help="The benchmark store (built when smaller than --docs).")
    ap.add_argument("--source", type=Path, default=None, help="A store whose documents are recombined.")
    ap.add_argument("--analyze", action="store_true", help="Also time `iprhub analyze` on the whole set.")
    args = ap.parse_args(argv)
    console = Console(width=140)
    home = args.home or ROOT / "bench" / "out" / f"analytics-{args.docs}"
    home.mkdir(parents=True, exist_ok=True)
    build(home, args.source, args.docs, console)
    base = ("--home", str(home))
    out = Path(tempfile.mkdtemp(prefix="iprhub-bench-analytics-"))
    t = Table(title=f"export of a {args.docs:,}-hit result set ({QUERY}), each step its own process")
    for col in ("step", "rows", "seconds", "rows/s", "peak RSS MB", "file MB"):
        t.add_column(col, justify="left" if col == "step" else "right")
    secs, peak, _ = run(*base, "stats", "--json")
    t.add_row("baseline: iprhub stats", "", f"{secs:.1f}", "", str(peak), "")
    secs, peak, stdout = run(*base, "search", QUERY, "--limit", "1", "--json", "--time-limit", "600")
    total = json.loads(stdout)["total"]
    t.add_row("baseline: iprhub search --limit 1", str(total), f"{secs:.1f}", "", str(peak), "")
    for fmt, extra in (("csv", ()), ("jsonl", ()), ("parquet", ()), ("xlsx", ()), ("csv", ("--collapse",))):
        path = out / f"results.{fmt}"
        secs, peak, stdout = run(*base, "export-query", QUERY, "--format", fmt, "--out", str(path), "--time-limit",
                                 "600", "--json", *extra)
        rows = json.loads(stdout)["rows"]
        t.add_row(f"export-query {fmt} {' '.join(extra)}".strip(), f"{rows:,}", f"{secs:.1f}", f"{rows / secs:,.0f}",
                  str(peak), f"{path.stat().st_size / 1e6:.1f}")
        path.unlink()
    if args.analyze:
        secs, peak, stdout = run(*base, "analyze", QUERY, "--only", "trend,applicants,ipc-subclass,concentration",
                                 "--time-limit", "600", "--json")
        docs = json.loads(stdout)["documents"]
        t.add_row("analyze (trend, applicants, ipc, concentration)", f"{docs:,}", f"{secs:.1f}",
                  f"{docs / secs:,.0f}", str(peak), "")
    console.print(t)


if __name__ == "__main__":
    main()
