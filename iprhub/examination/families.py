"""Patent families computed from the stored priority claims.

The store keeps, per document, its application and its priority claims as canonical application keys
(table ``doc_numbers``, see :mod:`iprhub.store.applications`). From them:

- a document's *priority set* is the set of priority keys it claims, without its own application and,
  for a national or regional document, without PCT applications (entering the national phase of a PCT
  application continues that application; DOCDB keeps both in one simple family); a document claiming
  nothing else has its own application as its priority set (it is a first filing);
- the **simple family** (DOCDB) of a document: the documents with exactly its priority set;
- the **extended family** (INPADOC): the documents connected to it through any shared priority or
  application key, directly or through other documents.

Family ids given by the sources (DOCDB ``family-id``) are kept on each member and cross-checked: a
computed family whose members carry different ids, or an id that is also carried by documents outside
the computed family, is reported as a :class:`~iprhub.examination.model.FamilyConflict`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from iprhub.errors import NotFound, Timeout
from iprhub.examination.model import FamilyConflict, FamilyDocument, FamilyKind, PatentFamily
from iprhub.limits import Deadline
from iprhub.store import schema as s


@dataclass
class _Doc:
    id: int
    pub_number: str
    country: str
    kind: str | None
    doc_type: str
    pub_date: dt.date | None
    app_date: dt.date | None
    title: str | None
    family_id: str | None
    application: str | None = None
    priorities: set[str] = field(default_factory=set)

    @property
    def priority_set(self) -> frozenset[str]:
        keys = {k for k in self.priorities if k != self.application}
        if self.country != "WO":
            keys = {k for k in keys if not k.startswith("WO")}
        if not keys and self.application:
            return frozenset({self.application})
        return frozenset(keys)

    def model(self) -> FamilyDocument:
        return FamilyDocument(pub_number=self.pub_number, country=self.country, kind=self.kind,
                              doc_type=self.doc_type, pub_date=self.pub_date, application=self.application,
                              app_date=self.app_date, title=self.title, priorities=sorted(self.priorities),
                              priority_set=sorted(self.priority_set), source_family_id=self.family_id)


class FamilyGraph:
    """Reads documents and their application/priority keys from the store, in chunks."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.docs: dict[int, _Doc] = {}

    def _load(self, conn: Any, ids: Iterable[int]) -> list[_Doc]:
        todo = sorted(set(ids) - set(self.docs))
        d, n = s.documents, s.doc_numbers
        for i in range(0, len(todo), 500):
            chunk = todo[i:i + 500]
            for r in conn.execute(select(d.c.id, d.c.pub_number, d.c.country, d.c.kind, d.c.doc_type, d.c.pub_date,
                                         d.c.app_date, d.c.title, d.c.family_id).where(d.c.id.in_(chunk))):
                self.docs[r.id] = _Doc(*r)
            for r in conn.execute(select(n.c.doc_id, n.c.role, n.c.app_key).where(n.c.doc_id.in_(chunk))):
                doc = self.docs[r.doc_id]
                if r.role == "application":
                    doc.application = r.app_key
                else:
                    doc.priorities.add(r.app_key)
        return [self.docs[i] for i in ids if i in self.docs]

    def docs_with_keys(self, conn: Any, keys: Iterable[str]) -> set[int]:
        keys = sorted(set(keys))
        out: set[int] = set()
        n = s.doc_numbers
        for i in range(0, len(keys), 500):
            out |= set(conn.execute(select(n.c.doc_id).where(n.c.app_key.in_(keys[i:i + 500]))).scalars())
        return out

    def docs_with_family_ids(self, conn: Any, fids: Iterable[str]) -> set[int]:
        fids = sorted(set(fids))
        if not fids:
            return set()
        d = s.documents
        return set(conn.execute(select(d.c.id).where(d.c.family_id.in_(fids))).scalars())

    def doc_ids_of_publication(self, conn: Any, pub: str) -> list[int]:
        d = s.documents
        return list(conn.execute(select(d.c.id).where(d.c.pub_number == pub)).scalars())


def compute_family(store: Any, query: str, anchor_pub: str | None, anchor_app: str | None, kind: FamilyKind, *,
                   max_documents: int, deadline: Deadline) -> PatentFamily:
    """The simple or extended family of a publication (or of the documents of an application)."""
    graph = FamilyGraph(store)
    warnings: list[str] = []
    partial = False
    with store.reading() as conn:
        if anchor_pub:
            anchor_ids = graph.doc_ids_of_publication(conn, anchor_pub)
        else:
            n = s.doc_numbers
            anchor_ids = sorted(conn.execute(select(n.c.doc_id).where(n.c.role == "application",
                                                                      n.c.app_key == anchor_app)).scalars())
        anchors = graph._load(conn, anchor_ids)
        if not anchors:
            if anchor_app:  # an application with events only: a family of one application, no documents
                return PatentFamily(kind=kind, query=query, anchor=anchor_app, members=[], applications=[anchor_app],
                                    countries=[anchor_app[:2]], priorities=[], source_family_ids=[],
                                    warnings=["no publication of this application is stored"])
            raise NotFound(f"no document {anchor_pub} in the store", record=anchor_pub)
        anchor = anchors[0]
        try:
            if kind == "simple":
                wanted = anchor.priority_set
                ids = graph.docs_with_keys(conn, wanted)
                members = [x for x in graph._load(conn, sorted(ids)) if x.priority_set == wanted]
                deadline.check("simple family")
            else:
                members = _extended(conn, graph, anchors, max_documents, deadline)
        except _Cut as cut:
            members, partial = cut.members, True
            warnings.append(cut.reason)
        except Timeout as exc:
            members, partial = list(graph.docs.values()), True
            warnings.append(f"{exc.message}: the family shown is what was reached so far")
        members = sorted({m.id: m for m in members}.values(), key=lambda m: m.pub_number)
        conflicts = _conflicts(conn, graph, members) if not partial else []
    simple: list[list[str]] = []
    if kind == "extended":
        groups: dict[frozenset[str], list[str]] = {}
        for m in members:
            groups.setdefault(m.priority_set, []).append(m.pub_number)
        simple = sorted(groups.values())
    dates = [m.app_date for m in members if m.app_date]
    prios = sorted({k for m in members for k in m.priorities} | {k for m in members for k in m.priority_set})
    return PatentFamily(
        kind=kind, query=query, anchor=anchor.pub_number, members=[m.model() for m in members],
        applications=sorted({m.application for m in members if m.application}),
        countries=sorted({m.country for m in members}), priorities=prios,
        earliest_priority=_earliest_priority(store, members) or (min(dates) if dates else None),
        source_family_ids=sorted({m.family_id for m in members if m.family_id}), simple_families=simple,
        conflicts=conflicts, partial=partial, warnings=warnings)


class _Cut(Exception):
    def __init__(self, members: list[_Doc], reason: str) -> None:
        super().__init__(reason)
        self.members, self.reason = members, reason


def _extended(conn: Any, graph: FamilyGraph, anchors: list[_Doc], max_documents: int, deadline: Deadline) -> list[_Doc]:
    seen: dict[int, _Doc] = {a.id: a for a in anchors}
    asked: set[str] = set()
    frontier = {k for a in anchors for k in (*a.priorities, a.application) if k}
    while frontier:
        deadline.check("extended family")
        asked |= frontier
        new_ids = graph.docs_with_keys(conn, frontier) - set(seen)
        if len(seen) + len(new_ids) > max_documents:
            room = sorted(new_ids)[:max(0, max_documents - len(seen))]
            seen.update({d.id: d for d in graph._load(conn, room)})
            raise _Cut(list(seen.values()), f"the extended family has more than {max_documents} documents "
                       f"(setting family_max_documents): the first {len(seen)} reached are shown")
        fresh = graph._load(conn, sorted(new_ids))
        seen.update({d.id: d for d in fresh})
        frontier = {k for d in fresh for k in (*d.priorities, d.application) if k} - asked
    return list(seen.values())


def _conflicts(conn: Any, graph: FamilyGraph, members: list[_Doc]) -> list[FamilyConflict]:
    out: list[FamilyConflict] = []
    ids = sorted({m.family_id for m in members if m.family_id})
    if len(ids) > 1:
        by_id = {fid: sorted(m.pub_number for m in members if m.family_id == fid) for fid in ids}
        out.append(FamilyConflict(
            kind="split-source-ids", source_family_ids=ids,
            documents=sorted(m.pub_number for m in members if m.family_id),
            message="the sources give these documents of one computed family different family ids: "
                    + "; ".join(f"{fid}: {', '.join(p)}" for fid, p in by_id.items())))
    inside = {m.id for m in members}
    outside = graph._load(conn, sorted(graph.docs_with_family_ids(conn, ids) - inside))
    if outside:
        out.append(FamilyConflict(
            kind="source-id-elsewhere", source_family_ids=sorted({d.family_id for d in outside if d.family_id}),
            documents=sorted(d.pub_number for d in outside),
            message="these documents carry the same source family id but do not share this family's priority "
                    "set: " + ", ".join(f"{d.pub_number} (priorities {', '.join(sorted(d.priority_set))})"
                                        for d in sorted(outside, key=lambda d: d.pub_number))))
    return out


def _earliest_priority(store: Any, members: list[_Doc]) -> dt.date | None:
    ids = [m.id for m in members]
    if not ids:
        return None
    p = s.doc_priorities
    with store.reading() as conn:
        dates = [d for d in conn.execute(select(p.c.date).where(p.c.doc_id.in_(ids[:900]))).scalars() if d]
    app_dates = [m.app_date for m in members if m.app_date]
    everything = dates + app_dates
    return min(everything) if everything else None
