"""Ownership and value benchmark: time to build the recordings index, a chain of title, the statistics
tables, a value report and a scorecard; baseline: the core's application record of the same
applications (``hub.application``: the same events, not merged into a chain).

    .venv/bin/python bench/ownership.py [--home DIR] [--apps N] [--docs N]

Ingests ../shared/data (``--home``, default bench/out/ownership-home, built when empty).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from iprhub.hub import Hub
from iprhub.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CAPS = ["iprhub.accounts", "iprhub.countries", "iprhub.ownership", "iprhub.value"]


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, default=ROOT / "bench" / "out" / "ownership-home")
    ap.add_argument("--apps", type=int, default=200, help="Applications whose chain of title is timed.")
    ap.add_argument("--docs", type=int, default=20, help="Documents whose value report is timed.")
    args = ap.parse_args(argv)
    console = Console()
    args.home.mkdir(parents=True, exist_ok=True)
    hub = Hub(Settings(home=args.home, database_url=f"sqlite:///{args.home}/iprhub.db", workers=1, capabilities=CAPS,
                       search_index_on_ingest=False))
    try:
        if hub.stats().totals.get("events", 0) == 0:
            console.print(f"ingesting {DATA} into {args.home} …")
            hub.ingest([DATA])
        day = dt.date.today()
        t = Table(title=f"ownership and value on the store in {args.home.name}")
        for col in ("step", "n", "median ms", "total s"):
            t.add_column(col, justify="left" if col == "step" else "right")
        build = timed(lambda: hub.ownership.index())
        t.add_row("recordings index (first use)", "1", f"{build * 1000:.0f}", f"{build:.2f}")
        keys = sorted(hub.ownership.index().by_app)[: args.apps]
        base = [timed(lambda k=k: hub.application(k)) for k in keys]
        t.add_row("baseline: core application record (events as stored)", str(len(keys)),
                  f"{statistics.median(base) * 1000:.1f}" if base else "-", f"{sum(base):.2f}")
        chain = [timed(lambda k=k: hub.ownership.history(k, today=day)) for k in keys]
        t.add_row("chain of title (merged, ordered, checked)", str(len(keys)),
                  f"{statistics.median(chain) * 1000:.1f}" if chain else "-", f"{sum(chain):.2f}")
        for by in ("year", "type", "field", "region", "office"):
            s = timed(lambda by=by: hub.ownership.stats(by))
            t.add_row(f"statistics by {by}", "1", f"{s * 1000:.0f}", f"{s:.2f}")
        p = timed(lambda: hub.ownership.pledges())
        t.add_row("pledges with releases", "1", f"{p * 1000:.0f}", f"{p:.2f}")
        docs = [d.pub_number for d in hub.store.iter_documents() if d.doc_type in ("grant", "application")][: args.docs]
        reports = [timed(lambda n=n: hub.value.report(n, as_of=day)) for n in docs]
        t.add_row("value report (criteria + cohort indicators)", str(len(docs)),
                  f"{statistics.median(reports) * 1000:.0f}" if reports else "-", f"{sum(reports):.2f}")
        sc = timed(lambda: hub.value.scorecard(["9Solutions", "Scientific Drilling International"], as_of=day))
        t.add_row("scorecard of 2 owners", "1", f"{sc * 1000:.0f}", f"{sc:.2f}")
        console.print(t)
    finally:
        hub.close()


if __name__ == "__main__":
    main()
