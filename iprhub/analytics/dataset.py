"""The documents of a result set read from the store in batches: what the analyses need of each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from iprhub.limits import NO_LIMIT, Deadline
from iprhub.store.schema import doc_citations, doc_classes, doc_parties, doc_priorities, documents

APPLICANT_ROLES = ("applicant", "assignee", "owner")
BATCH = 900  # ids per IN (...) list: below SQLite's variable limit


@dataclass
class Doc:
    id: int
    pub: str
    country: str
    kind: str | None
    doc_type: str
    pub_date: dt.date | None
    app_number: str | None
    app_date: dt.date | None
    family: str
    title: str | None
    doc_number: str = ""
    priorities: list[tuple[str, dt.date | None]] = field(default_factory=list)
    applicants: list[tuple[str, str | None]] = field(default_factory=list)  # (name, country)
    inventors: list[str] = field(default_factory=list)
    ipc: list[str] = field(default_factory=list)
    cpc: list[str] = field(default_factory=list)
    cited: list[tuple[str, str | None]] = field(default_factory=list)  # (kind-less number, country)

    @property
    def kindless(self) -> str:
        return f"{self.country}{self.doc_number}"

    @property
    def unit_family(self) -> str:
        return self.family

    @property
    def priority_date(self) -> dt.date | None:
        dates = [d for _c, d in self.priorities if d]
        return min(dates) if dates else None

    @property
    def priority_country(self) -> str:
        dated = sorted(((d or dt.date.max), c) for c, d in self.priorities)
        return dated[0][1] if dated else self.country


def _docs_query(ids: Sequence[str]) -> Any:
    return select(documents.c.id, documents.c.pub_number, documents.c.country, documents.c.kind,
                  documents.c.doc_type, documents.c.pub_date, documents.c.app_number, documents.c.app_date,
                  documents.c.family_id, documents.c.title, documents.c.doc_number).where(documents.c.pub_number.in_(ids))


def iter_batches(store: Any, numbers: Sequence[str], *, deadline: Deadline = NO_LIMIT,
                 with_citations: bool = True) -> Iterator[list[Doc]]:
    """The documents of ``numbers`` with their parties, classes, priorities (and citations), a batch at
    a time, in the order given; stops (without error) when the deadline passes."""
    for start in range(0, len(numbers), BATCH):
        if deadline.expired():
            return
        chunk = list(numbers[start:start + BATCH])
        with store.engine.connect() as conn:
            by_id: dict[int, Doc] = {}
            for r in conn.execute(_docs_query(chunk)):
                by_id[r[0]] = Doc(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or f"doc:{r[1]}", r[9], r[10])
            ids = list(by_id)
            if not ids:
                continue
            for doc_id, country, date in conn.execute(select(doc_priorities.c.doc_id, doc_priorities.c.country,
                                                             doc_priorities.c.date).where(doc_priorities.c.doc_id.in_(ids))):
                by_id[doc_id].priorities.append((country, date))
            q = (select(doc_parties.c.doc_id, doc_parties.c.role, doc_parties.c.name, doc_parties.c.country)
                 .where(doc_parties.c.doc_id.in_(ids), doc_parties.c.role.in_((*APPLICANT_ROLES, "inventor")))
                 .order_by(doc_parties.c.doc_id, doc_parties.c.seq))
            for doc_id, role, name, country in conn.execute(q):
                d = by_id[doc_id]
                if role == "inventor":
                    d.inventors.append(name)
                elif name not in (n for n, _c in d.applicants):
                    d.applicants.append((name, country))
            # the scheme is filtered here, not in SQL: with it SQLite picks the (scheme, symbol) index
            # and reads every class row of the store for each batch
            q = select(doc_classes.c.doc_id, doc_classes.c.scheme, doc_classes.c.symbol).where(
                doc_classes.c.doc_id.in_(ids))
            for doc_id, scheme, symbol in conn.execute(q):
                if scheme == "IPC":
                    by_id[doc_id].ipc.append(symbol)
                elif scheme == "CPC":
                    by_id[doc_id].cpc.append(symbol)
            if with_citations:
                q = select(doc_citations.c.doc_id, doc_citations.c.cited_number, doc_citations.c.cited_country).where(
                    doc_citations.c.doc_id.in_(ids), doc_citations.c.cited_number.is_not(None))
                for doc_id, number, country in conn.execute(q):
                    by_id[doc_id].cited.append((number, country))
        order = {n: i for i, n in enumerate(chunk)}
        yield sorted(by_id.values(), key=lambda d: order.get(d.pub, 0))
