"""Export / import benchmark: peak memory and time of each export and of importing it back.

    .venv/bin/python bench/export.py [--home DIR] [--keep]

Ingests all of ../shared/data into a store (``--home``, default bench/out/export-home, built when
empty), then, each in its own process: the records export (jsonl, parquet) and the full store dump
(``--full``: jsonl, parquet), and the import of each into a fresh store. Prints wall time, peak RSS
and file size per step; the baseline is the peak RSS of ``iprhub stats`` on the same store (what
any command costs before it exports a row). Everything streams, so the peaks should stay near the
baseline whatever the store's size.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
# the peak of the command's own memory (kB): VmHWM starts afresh at exec, while ru_maxrss carries over the
# parent's resident size at fork (a bench that built its store in-process read ~520 MB for every step)
_PEAK = "import resource, sys\nfrom iprhub.cli.main import main\nsys.argv = ['iprhub', *sys.argv[1:]]\n" \
        "def _hwm():\n    try:\n        return next(int(ln.split()[1]) for ln in open('/proc/self/status') " \
        "if ln.startswith('VmHWM:'))\n    except OSError:\n        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n" \
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n" \
        "print('PEAK', _hwm(), code, file=sys.stderr)"


def run(*args: str) -> tuple[float, int]:
    """Seconds and peak RSS (MB) of one ``iprhub`` command in its own process."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = [ln for ln in proc.stderr.splitlines() if ln.startswith("PEAK ")]
    if not peak or peak[-1].split()[2] not in ("0", "None"):
        raise SystemExit(f"iprhub {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return seconds, int(peak[-1].split()[1]) // 1024


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, default=ROOT / "bench" / "out" / "export-home")
    ap.add_argument("--keep", action="store_true", help="Keep the export files.")
    args = ap.parse_args(argv)
    console = Console()
    if not (args.home / "iprhub.db").exists():
        console.print(f"ingesting {DATA} into {args.home} …")
        run("--home", str(args.home), "ingest", str(DATA), "--json")
    out = Path(tempfile.mkdtemp(prefix="iprhub-bench-export-"))
    t = Table(title=f"export / import of the store in {args.home.name} (each step its own process)")
    for col in ("step", "seconds", "peak RSS MB", "file MB"):
        t.add_column(col, justify="left" if col == "step" else "right")
    secs, base = run("--home", str(args.home), "stats", "--json")
    t.add_row("baseline: iprhub stats", f"{secs:.1f}", str(base), "")
    try:
        for full in (False, True):
            for fmt in ("jsonl", "parquet"):
                name = f"{'dump' if full else 'records'}.{fmt}"
                path = out / name
                flags = ["--full"] if full else []
                secs, peak = run("--home", str(args.home), "export", "--format", fmt, "--out", str(path), *flags,
                                 "--json")
                t.add_row(f"export {'--full ' if full else ''}{fmt}", f"{secs:.1f}", str(peak),
                          f"{path.stat().st_size / 1e6:.1f}")
                secs, peak = run("--home", str(out / f"import-{name}"), "import", str(path), "--json")
                t.add_row(f"import {name}", f"{secs:.1f}", str(peak), "")
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    console.print(t)


if __name__ == "__main__":
    main()
