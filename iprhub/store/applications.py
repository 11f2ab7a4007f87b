"""Applications as records: which documents and events belong to which application, and the
``applications`` summary rows the store keeps in step with every write.

The model (one rule, used by the writer, the reader and the reachability test):

* A document belongs to the application of its ``app_number`` (its key in ``doc_numbers``, role
  ``application``, spelled by :func:`iprhub.model.application_numbers.application_key`).
* An event with an ``app_key`` belongs to that application — unless its ``app_key`` is empty or
  is its own publication number (a PTAB trial naming only the patent, an EPO register response
  queried by publication): such an event is *keyed by publication* and belongs to the application
  of the stored document with that kind-less number; with no such document, to a number-less
  application ``pn:`` + the kind-less publication (``pn:US8000000``). When the document arrives
  later, the number-less application disappears and its events show under the numbered one.
* Nothing is copied: events and documents stay where they are; the summary row (filing date,
  title, family, status from the latest event, counts) is recomputed for the keys a batch touched.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, and_, delete, func, or_, select

from iprhub.errors import IprHubError
from iprhub.model.application import Application, Family, FamilyMember, PublicationRef
from iprhub.model.application_numbers import (
    PUBLICATION_KEY_PREFIX,
    ApplicationNumber,
    application_key,
    parse_application_number,
    priority_key,
    publication_key,
)
from iprhub.model.event import ApplicationEvent
from iprhub.model.numbers import parse_number
from iprhub.store import schema as s

_CHUNK = 900  # bound parameters per IN list (SQLite's limit is far above; PostgreSQL has none)


def kindless(pub_number: str | None) -> str | None:
    """``US20160319650A1`` -> ``US20160319650``; a number that does not parse stays as it is."""
    if not pub_number:
        return None
    try:
        return parse_number(pub_number).without_kind
    except IprHubError:
        return pub_number


def doc_number_rows(country: str, app_number: str | None, priorities: Iterable[tuple[Any, ...]]) -> list[tuple[str, str]]:
    """``doc_numbers`` rows (role, key) of one document: its application and its priority claims."""
    rows: list[tuple[str, str]] = []
    app = application_key(country, app_number)
    if app:
        rows.append(("application", app))
    for prio in priorities:
        key = priority_key(prio[0], prio[1])
        if key and ("priority", key) not in rows:
            rows.append(("priority", key))
    return rows


def event_key(app_key: str, pub_number: str | None) -> str:
    """The application key an event belongs to, before looking at stored documents: its own
    ``app_key``, or ``pn:`` + its kind-less publication when it is keyed by publication."""
    if app_key and app_key != pub_number:
        return app_key
    return publication_key(kindless(pub_number or app_key) or "")


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def owners(conn: Connection, kindless_numbers: Iterable[str]) -> dict[str, str]:
    """Kind-less publication -> application key, for the stored documents that have one."""
    wanted = {k for k in kindless_numbers if k and len(k) > 2}
    out: dict[str, str] = {}
    d, n = s.documents, s.doc_numbers
    for part in _chunks(sorted({k[2:] for k in wanted})):
        rows = conn.execute(select(d.c.country, d.c.doc_number, n.c.app_key).join(n, n.c.doc_id == d.c.id)
                            .where(and_(d.c.doc_number.in_(part), n.c.role == "application"))
                            .order_by(n.c.app_key))
        for country, number, key in rows:
            if f"{country}{number}" in wanted:
                out.setdefault(f"{country}{number}", key)
    return out


@dataclass
class _Doc:
    pub_number: str
    kindless: str
    pub_date: dt.date | None
    app_date: dt.date | None
    title: str | None
    family_id: str | None


@dataclass
class _Summary:
    docs: list[_Doc] = field(default_factory=list)
    events: int = 0
    latest: Any = None  # (date, id, description, code) of the latest dated event, assignments aside
    summary_id: int | None = None  # an event with code BIB (PEDS, ODP summary): title and filing date

    def add(self, count: int, latest: Any, summary_id: int | None) -> None:
        self.events += count
        if latest is not None and (self.latest is None or latest[:2] > self.latest[:2]):
            self.latest = latest
        self.summary_id = self.summary_id or summary_id


def refresh(conn: Connection, keys: Iterable[str], now: dt.datetime) -> None:
    """Recompute the summary rows of these application keys (numbered or ``pn:``). Events are
    counted in SQL; only the latest event's and a summary event's records are read."""
    keys = {k for k in keys if k and k != PUBLICATION_KEY_PREFIX}
    if not keys:
        return
    numbered = sorted(k for k in keys if not k.startswith(PUBLICATION_KEY_PREFIX))
    by_pub = sorted(k[len(PUBLICATION_KEY_PREFIX):] for k in keys if k.startswith(PUBLICATION_KEY_PREFIX))
    owned = owners(conn, by_pub)
    summaries: dict[str, _Summary] = defaultdict(_Summary)
    d, n, e = s.documents, s.doc_numbers, s.events
    for part in _chunks(numbered):
        for r in conn.execute(select(n.c.app_key, d.c.pub_number, d.c.country, d.c.doc_number, d.c.pub_date,
                                     d.c.app_date, d.c.title, d.c.family_id).join(d, d.c.id == n.c.doc_id)
                              .where(and_(n.c.app_key.in_(part), n.c.role == "application"))):
            summaries[r.app_key].docs.append(_Doc(r.pub_number, f"{r.country}{r.doc_number}", r.pub_date,
                                                  r.app_date, r.title, r.family_id))
        own = and_(e.c.app_key.in_(part), or_(e.c.pub_number.is_(None), e.c.pub_number != e.c.app_key))
        counts = dict(conn.execute(select(e.c.app_key, func.count()).where(own).group_by(e.c.app_key)).all())
        bibs = dict(conn.execute(select(e.c.app_key, func.min(e.c.id)).where(and_(own, e.c.code == "BIB"))
                                 .group_by(e.c.app_key)).all())
        rank = func.row_number().over(partition_by=e.c.app_key, order_by=(e.c.date.desc(), e.c.id.desc()))
        ranked = select(e.c.app_key, e.c.date, e.c.id, e.c.description, e.c.code, rank.label("rn")).where(and_(
            own, e.c.event_type != "assignment", e.c.date.is_not(None))).subquery()
        latest = {r.app_key: (r.date, r.id, r.description, r.code)
                  for r in conn.execute(select(ranked).where(ranked.c.rn == 1))}
        for key, count in counts.items():
            summaries[key].add(count, latest.get(key), bibs.get(key))
    # events keyed by publication (few: trials, register responses): under the owner of the
    # publication, else under pn:
    pub_of = {p: key for key, summ in summaries.items() for doc in summ.docs for p in (doc.pub_number, doc.kindless)}
    for part in _chunks(sorted(set(pub_of) | set(by_pub))):
        for r in conn.execute(select(e.c.pub_number, e.c.id, e.c.date, e.c.event_type, e.c.description, e.c.code)
                              .where(and_(e.c.pub_number.in_(part), or_(e.c.app_key == "", e.c.app_key == e.c.pub_number)))):
            plain = kindless(r.pub_number) or ""
            owner = pub_of.get(r.pub_number) or pub_of.get(plain)
            if not owner and plain in by_pub and plain not in owned:
                owner = publication_key(plain)
            if owner:
                dated = r.date is not None and r.event_type != "assignment"
                summaries[owner].add(1, (r.date, r.id, r.description, r.code) if dated else None,
                                     r.id if r.code == "BIB" else None)
    previous = {}
    for part in _chunks(sorted(keys)):
        a = s.applications.c
        previous.update({r.app_key: r for r in conn.execute(select(a.app_key, a.title, a.filing_date)
                                                                .where(a.app_key.in_(part)))})
        conn.execute(delete(s.applications).where(a.app_key.in_(part)))
    rows = [r for r in (_row(key, summaries.get(key) or _Summary(), now, previous.get(key)) for key in sorted(keys))
            if r is not None]
    _details_into(conn, rows)
    if rows:
        conn.execute(s.applications.insert(), [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows])


def _row(key: str, summ: _Summary, now: dt.datetime, previous: Any) -> dict[str, Any] | None:
    if not summ.docs and not summ.events:
        return None
    if key.startswith(PUBLICATION_KEY_PREFIX):
        pub = key[len(PUBLICATION_KEY_PREFIX):]
        office, number, known_by = pub[:2], None, pub
    else:
        office, number, known_by = key[:2], key[2:], None
    docs = sorted(summ.docs, key=lambda x: (x.pub_date or dt.date.min, x.pub_number))
    latest = summ.latest
    title = next((x.title for x in reversed(docs) if x.title), None)
    filing = next((x.app_date for x in docs if x.app_date), None)
    if previous is not None:  # what a summary event gave before: it does not change
        title, filing = title or previous.title, filing or previous.filing_date
    return {
        "app_key": key, "office": office, "number": number, "known_by": known_by,
        "filing_date": filing, "title": title,
        "family_id": next((x.family_id for x in reversed(docs) if x.family_id), None),
        "status": latest[2] if latest else None, "status_date": latest[0] if latest else None,
        "documents": len(docs), "events": summ.events, "updated_at": now,
        "_status_id": latest[1] if latest else None,
        "_summary": summ.summary_id if summ.summary_id and not (title and filing) else None,
    }


def _details_into(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """An explicit ``status`` the latest event carries (a trial, a summary); title and filing date from a summary
    event (code BIB: PEDS, ODP) when no document gives them."""
    ids = sorted({i for r in rows for i in (r["_status_id"], r["_summary"]) if i is not None})
    records: dict[int, dict[str, Any]] = {}
    for part in _chunks(ids):
        for i, rec in conn.execute(select(s.events.c.id, s.events.c.record).where(s.events.c.id.in_(part))):
            records[i] = orjson.loads(rec).get("details") or {}
    for r in rows:
        status = records.get(r["_status_id"], {}).get("status") if r["_status_id"] else None
        r["status"] = status or r["status"]
        bib = records.get(r["_summary"], {}) if r["_summary"] else {}
        r["title"] = r["title"] or bib.get("title")
        if r["filing_date"] is None and bib.get("filing_date"):
            r["filing_date"] = dt.date.fromisoformat(bib["filing_date"][:10])


def keys_of_events(conn: Connection, items: Iterable[tuple[str, str | None]]) -> set[str]:
    """Application keys touched by events given as (app_key, pub_number)."""
    keys: set[str] = set()
    by_pub: set[str] = set()
    for app_key, pub in items:
        k = event_key(app_key, pub)
        if k.startswith(PUBLICATION_KEY_PREFIX):
            by_pub.add(k[len(PUBLICATION_KEY_PREFIX):])
        keys.add(k)
    keys.update(owners(conn, by_pub).values())
    return keys


def parse_key(text: str) -> str | None:
    """An application key from typed text (``pn:US8000000`` as it is), None when it is none."""
    if text.startswith(PUBLICATION_KEY_PREFIX):
        return text
    try:
        return parse_application_number(text).key
    except IprHubError:
        return None


# reads ----------------------------------------------------------------------------------------
def read(conn: Connection, key: str) -> Application | None:
    """The application record of ``key`` with its publications and events, None when not stored."""
    row = conn.execute(select(s.applications).where(s.applications.c.app_key == key)).first()
    if row is None:
        return None
    d, n, e = s.documents, s.doc_numbers, s.events
    docs = conn.execute(select(d.c.pub_number, d.c.country, d.c.doc_number, d.c.kind, d.c.doc_type, d.c.pub_date,
                               d.c.title).join(n, n.c.doc_id == d.c.id)
                        .where(and_(n.c.app_key == key, n.c.role == "application"))
                        .order_by(d.c.pub_date, d.c.pub_number)).all()
    cols = (e.c.id, e.c.app_key, e.c.pub_number, e.c.date, e.c.record)
    by_pub = or_(e.c.app_key == "", e.c.app_key == e.c.pub_number)
    found: dict[int, Any] = {}
    if key.startswith(PUBLICATION_KEY_PREFIX):
        pub = key[len(PUBLICATION_KEY_PREFIX):]
        for r in conn.execute(select(*cols).where(and_(e.c.pub_number.like(pub + "%"), by_pub))):
            if kindless(r.pub_number) == pub:
                found[r.id] = r
    else:
        for r in conn.execute(select(*cols).where(e.c.app_key == key)):
            if event_key(r.app_key, r.pub_number) == key:
                found[r.id] = r
        pubs = sorted({p for x in docs for p in (x.pub_number, f"{x.country}{x.doc_number}")})
        for part in _chunks(pubs):
            for r in conn.execute(select(*cols).where(and_(e.c.pub_number.in_(part), by_pub))):
                found[r.id] = r
    ordered = sorted(found.values(), key=lambda r: (r.date is None, r.date or dt.date.min, r.id))
    events = [ApplicationEvent.model_validate_json(r.record) for r in ordered]
    counts: dict[str, int] = {}
    for ev in events:
        counts[ev.event_type] = counts.get(ev.event_type, 0) + 1
    number = row.number
    return Application(
        key=row.app_key, office=row.office, number=number,
        display_number=ApplicationNumber(row.office, number).display if number else None,
        known_by=row.known_by, filing_date=row.filing_date, title=row.title, family_id=row.family_id,
        status=row.status, status_date=row.status_date,
        publications=[PublicationRef(pub_number=x.pub_number, kind=x.kind, doc_type=x.doc_type, pub_date=x.pub_date,
                                     title=x.title) for x in docs],
        events=events, event_counts=dict(sorted(counts.items())))


def keys_matching(conn: Connection, key: str) -> list[str]:
    """Stored application keys for a parsed key: the key itself; a CN number typed without its
    check character also matches the stored key that has one."""
    a = s.applications.c
    found = list(conn.execute(select(a.app_key).where(a.app_key == key)).scalars())
    if not found and key.startswith("CN"):
        found = [k for k in conn.execute(select(a.app_key).where(a.app_key.like(key + "_"))).scalars()]
    return found


def keys_by_bare_number(conn: Connection, digits: str) -> list[str]:
    """Application keys of any office whose number is ``digits`` (a number typed without office)."""
    a = s.applications.c
    return list(conn.execute(select(a.app_key).where(a.number == digits).order_by(a.app_key)).scalars())


def keys_known_by(conn: Connection, kindless_number: str) -> list[str]:
    a = s.applications.c
    return list(conn.execute(select(a.app_key).where(a.known_by == kindless_number)).scalars())


def keys_naming(conn: Connection, pubs: list[str]) -> list[str]:
    """Applications whose events name one of these publications (a PEDS summary names the A1)."""
    e = s.events.c
    rows = conn.execute(select(e.app_key, e.pub_number).where(and_(e.pub_number.in_(pubs), e.app_key != ""))
                        .distinct()).all()
    keys = {event_key(k, p) for k, p in rows}
    return sorted(k for k in keys if not k.startswith(PUBLICATION_KEY_PREFIX))


def key_of_publication(conn: Connection, pub_number: str) -> str | None:
    """The application key of a stored publication."""
    d, n = s.documents, s.doc_numbers
    return conn.execute(select(n.c.app_key).join(d, d.c.id == n.c.doc_id).where(and_(
        d.c.pub_number == pub_number, n.c.role == "application"))).scalar()


def documents_claiming(conn: Connection, key: str) -> list[str]:
    """Publications that claim the priority of application ``key``."""
    d, n = s.documents, s.doc_numbers
    return list(conn.execute(select(d.c.pub_number).join(n, n.c.doc_id == d.c.id)
                             .where(and_(n.c.app_key == key, n.c.role == "priority"))
                             .distinct().order_by(d.c.pub_number)).scalars())


def family(conn: Connection, family_id: str) -> Family | None:
    d, n = s.documents, s.doc_numbers
    rows = conn.execute(select(d.c.id, d.c.pub_number, d.c.country, d.c.kind, d.c.doc_type, d.c.pub_date,
                               d.c.title, d.c.app_date).where(d.c.family_id == family_id)
                        .order_by(d.c.pub_date, d.c.pub_number)).all()
    if not rows:
        return None
    apps = dict(conn.execute(select(n.c.doc_id, n.c.app_key).where(and_(
        n.c.doc_id.in_([r.id for r in rows]), n.c.role == "application"))).all())
    members = [FamilyMember(pub_number=r.pub_number, country=r.country, kind=r.kind, doc_type=r.doc_type,
                            pub_date=r.pub_date, title=r.title, application=apps.get(r.id), app_date=r.app_date)
               for r in rows]
    return Family(family_id=family_id, members=members,
                  applications=sorted({m.application for m in members if m.application}),
                  countries=sorted({m.country for m in members}))
