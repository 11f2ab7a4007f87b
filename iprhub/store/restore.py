"""Writing exported records back exactly as they were (no re-merge)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from iprhub.model.patent import PatentDocument
from iprhub.store.store import Store


def restore_records(store: Store, items: list[tuple[str, Any]]) -> dict[str, Any]:
    counts: Counter = Counter()
    with store.begin() as conn:
        patents = [r for k, r in items if k == "patent"]
        for d in patents:
            # a merged record is restored whole; its provenance keeps every source
            single = d.model_copy(update={"provenance": d.provenance[:1] or d.provenance})
            store.write_patents(conn, [single])
            if len(d.provenance) > 1:
                _overwrite(store, conn, d)
        counts["patent"] = len(patents)
        marks = [r for k, r in items if k == "trademark"]
        if marks:
            store.write_trademarks(conn, marks)
        counts["trademark"] = len(marks)
        evs = [r for k, r in items if k == "event"]
        if evs:
            store.write_events(conn, evs)
        counts["event"] = len(evs)
    return {"counts": dict(counts)}


def _overwrite(store: Store, conn: Any, d: PatentDocument) -> None:
    from sqlalchemy import update

    from iprhub.store import schema as s
    from iprhub.store.store import _doc_row, _now

    conn.execute(update(s.documents).where(s.documents.c.pub_number == d.pub_number).values(**_doc_row(d, _now())))
