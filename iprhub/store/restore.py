"""Writing exported records back exactly as they were (no re-merge), a batch at a time in one
transaction: an import stores all of a file or nothing of it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from iprhub.errors import StoreError
from iprhub.store.dump import set_epoch
from iprhub.store.store import Store

_BATCH = 200  # records (a patent may hold a long description) written at a time


def restore_records(store: Store, items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Store ``(type, record)`` pairs. A patent new to the store is stored as given, with a source
    row for each of its provenance entries (so re-reading one of its source files is recognised
    as unchanged); one already stored is merged as ingest would."""
    counts: Counter = Counter()
    batch: list[tuple[str, Any]] = []
    try:
        with store.begin() as conn:
            for item in items:
                batch.append(item)
                if len(batch) >= _BATCH:
                    _write(store, conn, batch, counts)
                    batch = []
            if batch:
                _write(store, conn, batch, counts)
            set_epoch(conn)
    except SQLAlchemyError as exc:
        raise StoreError(f"import failed, nothing was imported: {exc}") from exc
    return {"counts": {k: counts[k] for k in ("patent", "trademark", "event")}}


def _write(store: Store, conn: Any, batch: list[tuple[str, Any]], counts: Counter) -> None:
    patents = [r for k, r in batch if k == "patent"]
    if patents:
        store.restore_documents(conn, patents)
    marks = [r for k, r in batch if k == "trademark"]
    if marks:
        store.write_trademarks(conn, marks)
    events = [r for k, r in batch if k == "event"]
    if events:
        store.write_events(conn, events)
    counts.update(k for k, _ in batch)
