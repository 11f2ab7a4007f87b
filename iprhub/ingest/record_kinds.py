"""The kinds of record a reader yields, each with its validate step, store writer and counter label.

The pipeline asks :func:`kind_of` instead of testing types: a new kind of record (a design, a
court decision …) is one entry here, not a branch in every stage.

>>> kind_of(Rejected("doc 1", "no number")).label
'quarantined'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from iprhub.ingest.formats.base import ClassTitles, ReadContext, Rejected
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.store import QuarantineItem, Store, WriteResult
from iprhub.store.rows import PatentRows

Writer = Callable[[Store, Connection, list[Any], ReadContext], WriteResult]


@dataclass(frozen=True)
class RecordKind:
    name: str
    types: tuple[type, ...]  # what readers yield (and, for patents, the rows the validate stage makes of them)
    label: str  # counter in the ingest report's ``by_format``
    write: Writer
    validated: bool = True  # the validate stage checks it (iprhub.ingest.validate)
    stored: bool = True  # counts as a stored record of its file
    size: Callable[[list[Any]], int] = len  # what the counter adds for a batch
    warnings: Callable[[list[Any]], int] = lambda items: 0  # records kept with a part dropped


def _write_patents(store: Store, conn: Connection, items: list[PatentRows], _ctx: ReadContext) -> WriteResult:
    return store.write_patent_rows(conn, items)


def _write_trademarks(store: Store, conn: Connection, items: list[Trademark], _ctx: ReadContext) -> WriteResult:
    return store.write_trademarks(conn, items)


def _write_events(store: Store, conn: Connection, items: list[ApplicationEvent], _ctx: ReadContext) -> WriteResult:
    return store.write_events(conn, items)


def _write_titles(store: Store, conn: Connection, items: list[ClassTitles], _ctx: ReadContext) -> WriteResult:
    store.write_class_titles(conn, [row for item in items for row in item.rows])
    return WriteResult()


def _write_rejected(store: Store, conn: Connection, items: list[Rejected], ctx: ReadContext) -> WriteResult:
    quarantined = [QuarantineItem(ctx.source, r.position, r.stage, r.reason, ctx.format, r.record_id) for r in items]
    store.write_quarantine(conn, quarantined)
    return WriteResult(quarantined=quarantined)


def _provenance_warnings(items: list[Any]) -> int:
    return sum(len(q.warnings) for r in items for q in r.provenance)


# write order within a batch's transaction: documents first, so events of the same batch find the
# publications they name (iprhub.store.applications)
PATENT = RecordKind("patent", (PatentRows, PatentDocument), "documents", _write_patents,
                    warnings=lambda items: sum(p.warnings for p in items))
TRADEMARK = RecordKind("trademark", (Trademark,), "trademarks", _write_trademarks, warnings=_provenance_warnings)
EVENT = RecordKind("event", (ApplicationEvent,), "events", _write_events, warnings=_provenance_warnings)
CLASS_TITLES = RecordKind("class-titles", (ClassTitles,), "class_titles", _write_titles, validated=False,
                          size=lambda items: sum(len(i.rows) for i in items))
REJECTED = RecordKind("rejected", (Rejected,), "quarantined", _write_rejected, validated=False, stored=False)
KINDS: tuple[RecordKind, ...] = (PATENT, TRADEMARK, EVENT, CLASS_TITLES, REJECTED)
_BY_TYPE = {t: k for k in KINDS for t in k.types}


def kind_of(item: Any) -> RecordKind:
    """The kind of a record a reader yielded; a type no kind names is a programming error."""
    kind = _BY_TYPE.get(type(item))
    if kind is None:
        kind = next((k for k in KINDS if isinstance(item, k.types)), None)
        if kind is None:
            raise TypeError(f"no record kind for {type(item).__name__}")
    return kind
