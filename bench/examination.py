"""Examination and exchange benchmark: families, dossiers and the change feed on a real store.

    .venv/bin/python bench/examination.py [--home DIR] [--docs N]

Builds a store from ../shared/data (patent offices only; ``--home``, default bench/out/examination-home,
built when empty), then times, for up to ``--docs`` documents that claim priorities: the simple and the
extended family (``hub.examination.family``), against the core's store-only family walk
(``hub.family_members``, same documents, same run) as the baseline; the dossier of each; and reading the
whole store through the change feed (``hub.exchange.feed``, 200 per page) against the raw record read
(``store.iter_documents`` + ``iter_events``) as the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.store import schema as s

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OFFICES = ("uspto", "epo", "cn", "jp", "wipo")


def _timed(fn: Any, items: list[str]) -> list[float]:
    out = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def _row(t: Table, name: str, ms: list[float], note: str = "") -> None:
    q = sorted(ms)
    p95 = q[min(len(q) - 1, int(0.95 * len(q)))] if q else 0.0
    t.add_row(name, str(len(ms)), f"{statistics.median(q) if q else 0:.2f}", f"{p95:.2f}", note)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, default=ROOT / "bench" / "out" / "examination-home")
    ap.add_argument("--docs", type=int, default=200, help="Documents with priorities to time (most).")
    args = ap.parse_args(argv)
    console = Console()
    args.home.mkdir(parents=True, exist_ok=True)
    hub = Hub(Settings(home=args.home, database_url=f"sqlite:///{args.home}/iprhub.db", workers=1,
                       search_index_on_ingest=False))
    try:
        if hub.stats().totals["documents"] == 0:
            console.print(f"ingesting {', '.join(OFFICES)} of {DATA} into {args.home} …")
            hub.ingest([DATA / o for o in OFFICES if (DATA / o).exists()])
        with hub.store.reading() as conn:
            pubs = list(conn.execute(
                select(s.documents.c.pub_number).where(s.documents.c.id.in_(
                    select(s.doc_numbers.c.doc_id).where(s.doc_numbers.c.role == "priority")))
                .order_by(s.documents.c.pub_number).limit(args.docs)).scalars())
        ex = hub.examination
        t = Table(title=f"families and dossiers of {len(pubs)} documents with priorities "
                        f"({hub.stats().totals['documents']} documents in the store)")
        for col in ("operation", "n", "median ms", "p95 ms", "note"):
            t.add_column(col, justify="left" if col in ("operation", "note") else "right")
        _row(t, "baseline: hub.family_members (core walk)", _timed(hub.family_members, pubs), "same documents")
        _row(t, "simple family (DOCDB)", _timed(lambda p: ex.family(p), pubs))
        _row(t, "extended family (INPADOC)", _timed(lambda p: ex.family(p, extended=True), pubs))
        _row(t, "dossier", _timed(lambda p: ex.dossier(p), pubs[: max(1, len(pubs) // 4)]), "a quarter of them")
        console.print(t)

        started = time.perf_counter()
        raw = sum(1 for _ in hub.store.iter_documents()) + sum(1 for _ in hub.store.iter_trademarks()) + \
            sum(1 for _ in hub.store.iter_events())
        raw_s = time.perf_counter() - started
        started = time.perf_counter()
        since, fed, pages = "", 0, 0
        while True:
            page = hub.exchange.feed(since, 200)
            fed += len(page.items)
            pages += 1
            since = page.next
            if not page.more:
                break
        feed_s = time.perf_counter() - started
        f = Table(title="reading the whole store")
        for col in ("read", "records", "pages", "seconds", "records/s"):
            f.add_column(col, justify="left" if col == "read" else "right")
        f.add_row("baseline: store.iter_* (records)", str(raw), "", f"{raw_s:.2f}", f"{raw / max(raw_s, 1e-9):.0f}")
        f.add_row("change feed, 200 per page", str(fed), str(pages), f"{feed_s:.2f}", f"{fed / max(feed_s, 1e-9):.0f}")
        console.print(f)
    finally:
        hub.close()


if __name__ == "__main__":
    main()
