"""What the index needs from the store: documents by number, and the watermark / checksums
that tell whether the index is in step (SQLite and PostgreSQL alike)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from iprhub.errors import StoreError
from iprhub.model.patent import PatentDocument
from iprhub.search.lexical_index import check_of, uid_of
from iprhub.store import Store
from iprhub.store import schema as s


@dataclass(frozen=True)
class Watermark:
    """Cheap fingerprint of the store's documents: count and highest row id."""

    count: int
    max_id: int


def watermark(store: Store) -> Watermark:
    try:
        with store.engine.connect() as conn:
            count, max_id = conn.execute(select(func.count(), func.max(s.documents.c.id))).one()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the store: {exc}") from exc
    return Watermark(int(count or 0), int(max_id or 0))


def store_checks(store: Store) -> dict[int, tuple[int, str]]:
    """uid -> (checksum, publication number) for every document in the store."""
    out: dict[int, tuple[int, str]] = {}
    try:
        with store.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=5000).execute(
                select(s.documents.c.pub_number, s.documents.c.content_hash))
            for pub, content_hash in result:
                out[uid_of(pub)] = (check_of(pub, content_hash), pub)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the store: {exc}") from exc
    return out


def load_documents(store: Store, pub_numbers: Iterable[str]) -> list[tuple[PatentDocument, str]]:
    """The stored documents (with their content hash) for these numbers; unknown numbers are skipped."""
    pubs = list(dict.fromkeys(pub_numbers))
    out: list[tuple[PatentDocument, str]] = []
    try:
        with store.engine.connect() as conn:
            for i in range(0, len(pubs), 500):
                rows = conn.execute(select(s.documents.c.record, s.documents.c.content_hash)
                                    .where(s.documents.c.pub_number.in_(pubs[i:i + 500]))).all()
                out.extend((PatentDocument.model_validate_json(r.record), r.content_hash) for r in rows)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the store: {exc}") from exc
    return out


def iter_documents(store: Store, batch: int = 500) -> Iterator[list[tuple[PatentDocument, str]]]:
    """Every stored document with its content hash, in batches (by row id, safe under writes)."""
    last = 0
    while True:
        try:
            with store.engine.connect() as conn:
                rows = conn.execute(select(s.documents.c.id, s.documents.c.record, s.documents.c.content_hash)
                                    .where(s.documents.c.id > last).order_by(s.documents.c.id).limit(batch)).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc
        if not rows:
            return
        yield [(PatentDocument.model_validate_json(r.record), r.content_hash) for r in rows]
        last = rows[-1].id


def class_scheme_rows(store: Store, main_group: str) -> list[tuple[str, int | None]]:
    """(symbol, level) of the CPC scheme's symbols in one main group (``"A61K 31/"``), from the
    class titles the store holds (ingest the CPC title list to fill them)."""
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(select(s.class_titles.c.symbol, s.class_titles.c.level)
                                .where(s.class_titles.c.scheme == "CPC",
                                       s.class_titles.c.symbol.like(main_group.replace("%", "") + "%"))
                                .distinct()).all()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the store: {exc}") from exc
    return [(r.symbol, r.level) for r in rows]
