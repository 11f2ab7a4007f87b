"""The store: one object over SQLite (embedded default) or PostgreSQL.

Writes happen in batches, each inside one transaction, so a killed process leaves either a
whole batch or nothing. Library errors are translated to :class:`StoreError` here.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, create_engine, delete, event, func, or_, select, tuple_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from iprhub.errors import StoreError
from iprhub.model.application import Application, Family
from iprhub.model.application_numbers import publication_key
from iprhub.model.common import normalize_name
from iprhub.model.event import ApplicationEvent
from iprhub.model.merge import merge_documents, merge_trademarks
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.store import applications
from iprhub.store import schema as s
from iprhub.store.rows import (
    CITATION_COLUMNS,
    CLASS_COLUMNS,
    PARTY_COLUMNS,
    PRIORITY_COLUMNS,
    SOURCE_COLUMNS,
    PatentRows,
    source_of,
)


@dataclass
class QuarantineItem:
    source_file: str
    position: str
    stage: str
    reason: str
    format: str | None = None
    record_id: str | None = None


@dataclass
class WriteResult:
    inserted: int = 0
    updated: int = 0  # merged with another source or changed content
    unchanged: int = 0  # already stored from the same bytes
    merged_numbers: list[str] = field(default_factory=list)
    fresh_numbers: list[str] = field(default_factory=list)  # inserted as given: the stored record is theirs
    released_keys: set[str] = field(default_factory=set)  # application keys merged documents had before
    quarantined: list[QuarantineItem] = field(default_factory=list)  # rejected records written to the quarantine


class DocumentKeys(NamedTuple):
    """The numbers that link a stored document to others."""

    pub_number: str
    country: str
    doc_number: str
    app_number: str | None
    family_id: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """Persistence for records, quarantine and ingest bookkeeping."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine: Engine = create_engine(url, echo=echo, future=True)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open store {self.safe_url}: {exc}") from exc
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True) if hasattr(self, "engine") else self.url

    # schema -------------------------------------------------------------------------
    def migrate(self, capabilities: Sequence[Any] = ()) -> None:
        """Bring the schema (core and each capability's branch) to the newest Alembic revisions."""
        from alembic.util import CommandError

        from iprhub.store.lock import migration_lock
        from iprhub.store.migrate import upgrade

        try:
            with migration_lock(self):  # processes opening one store together migrate it once
                upgrade(self.engine, capabilities)
        except (SQLAlchemyError, CommandError) as exc:
            raise StoreError(f"migration failed on {self.safe_url}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads; the one place where a failing read (a missing table, a lost
        server, a closed store) becomes :class:`StoreError`."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except (SQLAlchemyError, sqlite3.Error) as exc:
            cause = getattr(exc, "orig", None) or exc
            reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
            raise StoreError(f"the store could not be read ({self.safe_url}): {reason}", stage="read") from exc

    def begin(self):
        return self.engine.begin()

    # patents ------------------------------------------------------------------------
    def write_patents(self, conn: Connection, docs: list[PatentDocument]) -> WriteResult:
        return self.write_patent_rows(conn, [PatentRows.of(d, keep=True) for d in docs])

    def write_patent_rows(self, conn: Connection, rows: list[PatentRows]) -> WriteResult:
        """Store documents given as rows (see :mod:`iprhub.store.rows`). A publication not yet
        stored and present once in the batch is inserted as it is; the rest go through the merge."""
        result = WriteResult()
        by_number: dict[str, list[PatentRows]] = {}
        for r in rows:
            by_number.setdefault(r.pub_number, []).append(r)
        existing = {
            row.pub_number: row
            for row in conn.execute(
                select(s.documents.c.id, s.documents.c.pub_number, s.documents.c.record,
                       s.documents.c.source_count)
                .where(s.documents.c.pub_number.in_(list(by_number)))
            )
        }
        fresh: list[PatentRows] = []
        for number, group in by_number.items():
            row = existing.get(number)
            if row is None and len(group) == 1:
                fresh.append(group[0])
                continue
            self._merge_into(conn, row, [r.to_document() for r in group], result)
        if fresh:
            self._insert_documents(conn, fresh, _now())
            result.inserted += len(fresh)
            result.fresh_numbers.extend(r.pub_number for r in fresh)
        _refresh_applications(conn, rows, result)
        return result

    def restore_documents(self, conn: Connection, docs: list[PatentDocument]) -> WriteResult:
        """Store documents exactly as given (an import of records): one new to the store is inserted
        whole, with a source row for each of its provenance entries; the others merge as ingest does."""
        numbers = list(dict.fromkeys(d.pub_number for d in docs))
        existing = set(conn.execute(select(s.documents.c.pub_number)
                                    .where(s.documents.c.pub_number.in_(numbers))).scalars())
        fresh: dict[str, PatentDocument] = {}
        rest: list[PatentDocument] = []
        for d in docs:
            if d.pub_number in existing or d.pub_number in fresh:
                rest.append(d)
            else:
                fresh[d.pub_number] = d
        result = self.write_patents(conn, rest) if rest else WriteResult()
        if fresh:
            sources = {n: list({p.content_hash: (p.format, p.format_version, p.source_file, p.position,
                                                 p.content_hash) for p in d.provenance}.values())
                       for n, d in fresh.items()}
            fresh_rows = [PatentRows.of(d) for d in fresh.values()]
            self._insert_documents(conn, fresh_rows, _now(), sources)
            result.inserted += len(fresh)
            _refresh_applications(conn, fresh_rows, result)
        return result

    def _insert_documents(self, conn: Connection, fresh: list[PatentRows], now: dt.datetime,
                          sources: dict[str, list[tuple[Any, ...]]] | None = None) -> None:
        """INSERT documents that are new to the store, with their side-table and source rows
        (``sources``: every source row of a number, when it is more than the document's first)."""
        # multi-row INSERT … RETURNING pages rather than a statement per document; RETURNING order
        # is not guaranteed, so ids are matched by number (unique within ``fresh``)
        returned = conn.execute(s.documents.insert().returning(s.documents.c.id, s.documents.c.pub_number),
                                [{**r.doc, "updated_at": now} for r in fresh]).all()
        id_of = {number: doc_id for doc_id, number in returned}
        pairs = [(id_of[r.pub_number], r) for r in fresh]
        self._insert_children(conn, pairs)
        _bulk_insert(conn, s.doc_sources, ("doc_id", *SOURCE_COLUMNS, "record"),
                     [(doc_id, *src, None) for doc_id, r in pairs
                      for src in (sources.get(r.pub_number) if sources else None) or [r.source]])

    def _merge_into(self, conn: Connection, row: Any, group: list[PatentDocument], result: WriteResult) -> None:
        sources: dict[str, PatentDocument] = {}  # content hash -> source record
        if row is not None:
            stored = list(conn.execute(
                select(s.doc_sources.c.content_hash, s.doc_sources.c.record)
                .where(s.doc_sources.c.doc_id == row.id)
            ))
            for h, rec in stored:
                if rec is not None:
                    sources[h] = PatentDocument.model_validate_json(rec)
            if row.source_count == 1 and len(stored) == 1 and stored[0].record is None:
                sources[stored[0].content_hash] = PatentDocument.model_validate_json(row.record)
        # a source known by its hash alone (imported records keep no per-source record) is unchanged too
        known = set(sources) | ({h for h, _rec in stored} if row is not None else set())
        fresh = [d for d in group if d.provenance[0].content_hash not in known]
        unique_fresh: dict[str, PatentDocument] = {}
        for d in fresh:
            unique_fresh.setdefault(d.provenance[0].content_hash, d)
        result.unchanged += len(group) - len(unique_fresh)
        if not unique_fresh:
            return
        _replace_sources(sources, unique_fresh)
        merged = merge_documents(sources.values())
        now = _now()
        multi = len(sources) > 1
        merged_rows = PatentRows.of(merged)
        if row is None:
            doc_id = conn.execute(s.documents.insert().returning(s.documents.c.id),
                                  [{**merged_rows.doc, "updated_at": now}]).scalar_one()
            result.inserted += 1
        else:
            doc_id = row.id
            conn.execute(update(s.documents).where(s.documents.c.id == doc_id)
                         .values(**merged_rows.doc, updated_at=now))
            result.released_keys.update(conn.execute(select(s.doc_numbers.c.app_key).where(and_(
                s.doc_numbers.c.doc_id == doc_id, s.doc_numbers.c.role == "application"))).scalars())
            for t in (s.doc_parties, s.doc_classes, s.doc_citations, s.doc_priorities, s.doc_sources,
                      s.doc_numbers):
                conn.execute(delete(t).where(t.c.doc_id == doc_id))
            result.updated += 1
        if multi:
            result.merged_numbers.append(merged.pub_number)
        self._insert_children(conn, [(doc_id, merged_rows)])
        conn.execute(s.doc_sources.insert(), [
            _source_row(doc_id, d, d.model_dump_json() if multi else None) for d in sources.values()
        ])

    def _insert_children(self, conn: Connection, pairs: list[tuple[int, PatentRows]]) -> None:
        parties, classes, cites, prios, numbers = [], [], [], [], []
        for doc_id, r in pairs:
            parties.extend((doc_id, *t) for t in r.parties)
            classes.extend((doc_id, *t) for t in r.classes)
            cites.extend((doc_id, *t) for t in r.citations)
            prios.extend((doc_id, *t) for t in r.priorities)
            numbers.extend((doc_id, *t) for t in applications.doc_number_rows(
                r.doc["country"], r.doc["app_number"], r.priorities))
        _bulk_insert(conn, s.doc_parties, ("doc_id", *PARTY_COLUMNS), parties)
        _bulk_insert(conn, s.doc_classes, ("doc_id", *CLASS_COLUMNS), classes)
        _bulk_insert(conn, s.doc_citations, ("doc_id", *CITATION_COLUMNS), cites)
        _bulk_insert(conn, s.doc_priorities, ("doc_id", *PRIORITY_COLUMNS), prios)
        _bulk_insert(conn, s.doc_numbers, ("doc_id", "role", "app_key"), numbers)

    # trademarks ---------------------------------------------------------------------
    def write_trademarks(self, conn: Connection, marks: list[Trademark]) -> WriteResult:
        """Store trademarks; several sources of one mark (ST.66 + ST.96 …) are merged."""
        result = WriteResult()
        groups: dict[str, list[Trademark]] = {}
        for m in marks:
            groups.setdefault(m.key, []).append(m)
        existing = {
            r.tm_key: r.id for r in conn.execute(
                select(s.trademarks.c.id, s.trademarks.c.tm_key).where(s.trademarks.c.tm_key.in_(list(groups))))
        }
        now = _now()
        for key, group in groups.items():
            tm_id = existing.get(key)
            sources: dict[str, Trademark] = {}
            if tm_id is not None:
                for rec in conn.execute(select(s.tm_sources.c.record).where(s.tm_sources.c.tm_id == tm_id)).scalars():
                    src = Trademark.model_validate_json(rec)
                    sources[src.provenance[0].content_hash] = src
            fresh: dict[str, Trademark] = {}
            for m in group:
                h = m.provenance[0].content_hash
                if h not in sources:
                    fresh.setdefault(h, m)
            result.unchanged += len(group) - len(fresh)
            if not fresh:
                continue
            _replace_sources(sources, fresh)
            merged = merge_trademarks(sources.values())
            row = {
                "tm_key": key, "office": merged.office, "app_number": merged.app_number,
                "reg_number": merged.reg_number, "mark_text": merged.mark_text,
                "norm_mark": normalize_name(merged.mark_text) if merged.mark_text else None,
                "mark_type": merged.mark_type, "status": merged.status, "app_date": merged.app_date,
                "reg_date": merged.reg_date, "content_hash": _hash_of(sources), "source_count": len(sources),
                "record": merged.model_dump_json(), "updated_at": now,
            }
            if tm_id is None:
                tm_id = conn.execute(s.trademarks.insert().returning(s.trademarks.c.id), [row]).scalar_one()
                result.inserted += 1
            else:
                conn.execute(update(s.trademarks).where(s.trademarks.c.id == tm_id).values(**row))
                conn.execute(delete(s.tm_classes).where(s.tm_classes.c.tm_id == tm_id))
                conn.execute(delete(s.tm_sources).where(s.tm_sources.c.tm_id == tm_id))
                result.updated += 1
            if len(sources) > 1:
                result.merged_numbers.append(key)
            classes = sorted({c.number for c in merged.nice_classes})
            if classes:
                conn.execute(s.tm_classes.insert(), [{"tm_id": tm_id, "nice_class": c} for c in classes])
            conn.execute(s.tm_sources.insert(), [
                {"tm_id": tm_id, "format": m.provenance[0].format, "source_file": m.provenance[0].source_file,
                 "position": m.provenance[0].position, "content_hash": h, "record": m.model_dump_json()}
                for h, m in sources.items()])
        return result

    # events -------------------------------------------------------------------------
    def write_events(self, conn: Connection, items: list[ApplicationEvent]) -> WriteResult:
        result = WriteResult()
        keyed = {e.identity(): e for e in items}
        present = set(conn.execute(
            select(s.events.c.event_key).where(s.events.c.event_key.in_(list(keyed)))
        ).scalars())
        rows = []
        for key, e in keyed.items():
            if key in present:
                continue
            prov = e.provenance[0]
            rows.append({
                "event_key": key, "app_key": e.app_key, "pub_number": e.pub_number,
                "event_type": e.event_type, "date": e.date, "code": (e.code or None) and e.code[:64],
                "description": e.description, "format": prov.format, "source_file": prov.source_file,
                "position": prov.position, "record": e.model_dump_json(),
            })
        if rows:  # the check above counts; the insert stays right should another writer get there first
            _upsert(conn, s.events, rows, ("event_key",), update=False)
            applications.refresh(conn, applications.keys_of_events(
                conn, ((r["app_key"], r["pub_number"]) for r in rows)), _now())
        result.inserted = len(rows)
        result.unchanged = len(items) - len(rows)
        return result

    # quarantine and bookkeeping ----------------------------------------------------------
    def write_quarantine(self, conn: Connection, items: list[QuarantineItem]) -> None:
        """Record rejections; one at the same file, position and stage replaces the earlier one."""
        now = _now()
        rows = {(q.source_file, q.position, q.stage): {
            "source_file": q.source_file, "position": q.position, "format": q.format, "stage": q.stage,
            "reason": q.reason[:2000], "record_id": q.record_id, "created_at": now} for q in items}
        if rows:
            _upsert(conn, s.quarantine, list(rows.values()), ("source_file", "position", "stage"))

    def clear_quarantine_for(self, conn: Connection, source_file: str) -> None:
        conn.execute(delete(s.quarantine).where(s.quarantine.c.source_file == source_file))

    def file_seen(self, path: str) -> bool:
        """Whether this path was ingested (or tried) before."""
        with self.reading() as conn:
            return conn.execute(select(s.ingested_files.c.id).where(s.ingested_files.c.path == path)).first() is not None

    def file_done(self, path: str, file_hash: str) -> bool:
        with self.reading() as conn:
            return conn.execute(select(s.ingested_files.c.id).where(and_(
                s.ingested_files.c.path == path, s.ingested_files.c.file_hash == file_hash,
                s.ingested_files.c.status != "failed"))).first() is not None

    def mark_file(self, conn: Connection, path: str, file_hash: str, *, fmt: str | None, status: str,
                  reason: str | None, records: int, size: int) -> None:
        conn.execute(delete(s.ingested_files).where(and_(s.ingested_files.c.path == path,
                                                         s.ingested_files.c.file_hash != file_hash)))
        _upsert(conn, s.ingested_files, [{
            "path": path, "file_hash": file_hash, "format": fmt, "status": status, "reason": reason,
            "records": records, "bytes": size, "finished_at": _now()}], ("path", "file_hash"))

    def set_meta(self, conn: Connection, key: str, value: str) -> None:
        write_meta(conn, key, value)

    def get_meta(self, key: str) -> str | None:
        with self.reading() as conn:
            return conn.execute(select(s.meta.c.value).where(s.meta.c.key == key)).scalar()

    # reads --------------------------------------------------------------------------
    def get_document(self, pub_number: str) -> PatentDocument | None:
        with self.reading() as conn:
            rec = conn.execute(select(s.documents.c.record).where(s.documents.c.pub_number == pub_number)).scalar()
        return PatentDocument.model_validate_json(rec) if rec else None

    def find_numbers(self, country: str, doc_number: str) -> list[str]:
        with self.reading() as conn:
            return list(conn.execute(
                select(s.documents.c.pub_number).where(and_(
                    s.documents.c.country == country, s.documents.c.doc_number == doc_number))
                .order_by(s.documents.c.pub_number)).scalars())

    def find_by_application(self, app_number: str) -> list[str]:
        with self.reading() as conn:
            return list(conn.execute(select(s.documents.c.pub_number)
                                     .where(s.documents.c.app_number == app_number)).scalars())

    def document_keys(self, *, numbers: Iterable[tuple[str, str]] = (), app_numbers: Iterable[str] = (),
                      family_ids: Iterable[str] = (), limit: int | None = 2000) -> list[DocumentKeys]:
        """Stored documents with any of these kind-less ``(country, doc_number)`` pairs, application
        numbers or family ids, in publication-number order (at most ``limit``; ``None``: all)."""
        d = s.documents
        pairs, apps, fams = sorted(set(numbers)), sorted(set(app_numbers)), sorted(set(family_ids))
        conds = []
        if pairs:
            conds.append(tuple_(d.c.country, d.c.doc_number).in_(pairs))
        if apps:
            conds.append(d.c.app_number.in_(apps))
        if fams:
            conds.append(d.c.family_id.in_(fams))
        if not conds:
            return []
        with self.reading() as conn:
            rows = conn.execute(select(d.c.pub_number, d.c.country, d.c.doc_number, d.c.app_number, d.c.family_id)
                                .where(or_(*conds)).order_by(d.c.pub_number).limit(limit)).all()
        return [DocumentKeys(*r) for r in rows]

    def application(self, key: str) -> Application | None:
        """The application record of a key (``US15145443``, ``pn:US8000000``) with its publications and events."""
        with self.reading() as conn:
            return applications.read(conn, key)

    def application_keys(self, key: str) -> list[str]:
        with self.reading() as conn:
            return applications.keys_matching(conn, key)

    def application_keys_by_number(self, digits: str) -> list[str]:
        with self.reading() as conn:
            return applications.keys_by_bare_number(conn, digits)

    def application_keys_known_by(self, kindless_number: str) -> list[str]:
        with self.reading() as conn:
            return applications.keys_known_by(conn, kindless_number)

    def application_keys_naming(self, pubs: list[str]) -> list[str]:
        with self.reading() as conn:
            return applications.keys_naming(conn, pubs)

    def application_key_of(self, pub_number: str) -> str | None:
        with self.reading() as conn:
            return applications.key_of_publication(conn, pub_number)

    def documents_claiming(self, key: str) -> list[str]:
        with self.reading() as conn:
            return applications.documents_claiming(conn, key)

    def find_by_doc_number(self, doc_number: str) -> list[str]:
        """Publications of any office with this number (a number typed without its office)."""
        with self.reading() as conn:
            return list(conn.execute(select(s.documents.c.pub_number).where(s.documents.c.doc_number == doc_number)
                                     .order_by(s.documents.c.pub_number)).scalars())

    def family(self, family_id: str) -> Family | None:
        with self.reading() as conn:
            return applications.family(conn, family_id)

    def iter_application_keys(self) -> list[str]:
        with self.reading() as conn:
            return list(conn.execute(select(s.applications.c.app_key).order_by(s.applications.c.app_key)).scalars())

    def get_trademark(self, key: str) -> Trademark | None:
        with self.reading() as conn:
            rec = conn.execute(select(s.trademarks.c.record).where(s.trademarks.c.tm_key == key)).scalar()
        return Trademark.model_validate_json(rec) if rec else None

    def find_trademarks(self, number: str) -> list[str]:
        with self.reading() as conn:
            return list(conn.execute(select(s.trademarks.c.tm_key).where(
                (s.trademarks.c.app_number == number) | (s.trademarks.c.reg_number == number))).scalars())

    def events_for(self, app_keys: Iterable[str], pub_numbers: Iterable[str] = ()) -> list[ApplicationEvent]:
        keys, pubs = list(app_keys), list(pub_numbers)
        if not keys and not pubs:
            return []
        cond = s.events.c.app_key.in_(keys) | s.events.c.pub_number.in_(pubs)
        with self.reading() as conn:
            recs = conn.execute(select(s.events.c.record).where(cond).order_by(s.events.c.date, s.events.c.id)).scalars()
            return [ApplicationEvent.model_validate_json(r) for r in recs]

    def cited_by(self, pub_number: str, kindless: str) -> list[str]:
        """Publications in the store that cite this one (citations both ways)."""
        with self.reading() as conn:
            return list(conn.execute(
                select(s.documents.c.pub_number).join(s.doc_citations, s.doc_citations.c.doc_id == s.documents.c.id)
                .where(s.doc_citations.c.cited_number.in_([pub_number, kindless]))
                .distinct().order_by(s.documents.c.pub_number)).scalars())

    def class_titles(self, classes: Iterable[tuple[str, str]], lang: str = "en") -> dict[tuple[str, str], str]:
        """Titles for (scheme, symbol) pairs; an IPC symbol without its own title borrows the CPC
        one (CPC extends IPC) and vice versa."""
        pairs = set(classes)
        if not pairs:
            return {}
        syms = sorted({p[1] for p in pairs})
        with self.reading() as conn:
            rows = conn.execute(select(s.class_titles.c.scheme, s.class_titles.c.symbol, s.class_titles.c.title)
                                .where(and_(s.class_titles.c.symbol.in_(syms), s.class_titles.c.lang == lang,
                                            s.class_titles.c.scheme.in_(sorted({p[0] for p in pairs} | {"IPC", "CPC"})))))
            found = {(r.scheme, r.symbol): r.title for r in rows}
        out = {}
        for scheme, symbol in sorted(pairs):  # a stable order for `show --json`
            title = found.get((scheme, symbol))
            if title is None and scheme in ("IPC", "CPC"):
                title = found.get(("CPC" if scheme == "IPC" else "IPC", symbol))
            if title is not None:
                out[(scheme, symbol)] = title
        return out

    def write_class_titles(self, conn: Connection, rows: list[dict[str, Any]]) -> int:
        if not rows:
            return 0
        keys = {(r["scheme"], r["symbol"], r.get("lang", "en")) for r in rows}
        schemes = {k[0] for k in keys}
        present = set()
        for scheme in schemes:
            syms = [k[1] for k in keys if k[0] == scheme]
            for i in range(0, len(syms), 5000):
                present.update((scheme, sym, lang) for sym, lang in conn.execute(
                    select(s.class_titles.c.symbol, s.class_titles.c.lang).where(and_(
                        s.class_titles.c.scheme == scheme, s.class_titles.c.symbol.in_(syms[i:i + 5000])))))
        fresh, seen = [], set()
        for r in rows:
            k = (r["scheme"], r["symbol"], r.get("lang", "en"))
            if k in present or k in seen:
                continue
            seen.add(k)
            fresh.append({"lang": "en", **r})
        if fresh:
            _upsert(conn, s.class_titles, fresh, ("scheme", "symbol", "lang"), update=False)
        return len(fresh)

    def iter_documents(self, batch: int = 500) -> Iterator[PatentDocument]:
        for rec in self._iter_records(s.documents, batch):
            yield PatentDocument.model_validate_json(rec)

    def iter_trademarks(self, batch: int = 500) -> Iterator[Trademark]:
        for rec in self._iter_records(s.trademarks, batch):
            yield Trademark.model_validate_json(rec)

    def iter_events(self, batch: int = 500) -> Iterator[ApplicationEvent]:
        for rec in self._iter_records(s.events, batch):
            yield ApplicationEvent.model_validate_json(rec)

    def _iter_records(self, table: Any, batch: int) -> Iterator[str]:
        """The ``record`` column of a table a page at a time (by id: memory stays flat)."""
        last = 0
        while True:
            with self.reading() as conn:
                rows = conn.execute(select(table.c.id, table.c.record).where(table.c.id > last)
                                    .order_by(table.c.id).limit(batch)).all()
            if not rows:
                return
            for r in rows:
                yield r.record
            last = rows[-1].id

    def quarantine_items(self) -> list[QuarantineItem]:
        with self.reading() as conn:
            rows = conn.execute(select(s.quarantine).order_by(s.quarantine.c.source_file, s.quarantine.c.id)).all()
        return [QuarantineItem(r.source_file, r.position, r.stage, r.reason, r.format, r.record_id) for r in rows]

    def file_rows(self) -> list[Any]:
        with self.reading() as conn:
            return conn.execute(select(s.ingested_files).order_by(s.ingested_files.c.path)).all()

    def stats(self) -> dict[str, Any]:
        d, src = s.documents, s.doc_sources
        with self.reading() as conn:
            def grouped(*cols, table=d):
                rows = conn.execute(select(*cols, func.count()).select_from(table).group_by(*cols)).all()
                return rows
            by_office = Counter({r[0]: r[1] for r in grouped(d.c.country)})
            by_kind = Counter({f"{r[0]} {r[1] or '-'}": r[2] for r in grouped(d.c.country, d.c.kind)})
            year = func.substr(func.cast(d.c.pub_date, s.String), 1, 4)
            by_year = Counter({(r[0] or "unknown"): r[1] for r in conn.execute(
                select(year, func.count()).select_from(d).group_by(year)).all()})
            by_format = Counter({r[0]: r[1] for r in conn.execute(
                select(src.c.format, func.count(func.distinct(src.c.doc_id))).group_by(src.c.format)).all()})
            by_type = Counter({r[0]: r[1] for r in grouped(d.c.doc_type)})
            tm_by_office = Counter({r[0]: r[1] for r in grouped(s.trademarks.c.office, table=s.trademarks)})
            ev_by_type = Counter({r[0]: r[1] for r in grouped(s.events.c.event_type, table=s.events)})
            totals = {
                "documents": conn.execute(select(func.count()).select_from(d)).scalar_one(),
                "multi_source_documents": conn.execute(
                    select(func.count()).select_from(d).where(d.c.source_count > 1)).scalar_one(),
                "trademarks": conn.execute(select(func.count()).select_from(s.trademarks)).scalar_one(),
                "events": conn.execute(select(func.count()).select_from(s.events)).scalar_one(),
                "citations": conn.execute(select(func.count()).select_from(s.doc_citations)).scalar_one(),
                "class_titles": conn.execute(select(func.count()).select_from(s.class_titles)).scalar_one(),
                "quarantined": conn.execute(select(func.count()).select_from(s.quarantine)).scalar_one(),
            }
        return {
            "totals": totals,
            "documents_by_office": dict(sorted(by_office.items())),
            "documents_by_kind": dict(sorted(by_kind.items())),
            "documents_by_year": dict(sorted(by_year.items())),
            "documents_by_format": dict(sorted(by_format.items())),
            "documents_by_type": dict(sorted(by_type.items())),
            "trademarks_by_office": dict(sorted(tm_by_office.items())),
            "events_by_type": dict(sorted(ev_by_type.items())),
        }


def _doc_row(d: PatentDocument, now: dt.datetime) -> dict[str, Any]:
    return {**PatentRows.of(d).doc, "updated_at": now}


def write_meta(conn: Connection, key: str, value: str) -> None:
    """One ``meta`` value, as an upsert (writers that hold a connection but no Store use it too)."""
    _upsert(conn, s.meta, [{"key": key, "value": value}], ("key",))


def _refresh_applications(conn: Connection, rows: list[PatentRows], result: WriteResult) -> None:
    """Bring the application records these documents name (and those merged documents left) in step."""
    touched = {key for r in rows for role, key in applications.doc_number_rows(
        r.doc["country"], r.doc["app_number"], r.priorities) if role == "application"}
    touched |= {publication_key(f"{r.doc['country']}{r.doc['doc_number']}") for r in rows}
    applications.refresh(conn, touched | result.released_keys, _now())


def _bulk_insert(conn: Connection, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Many plain rows through the driver: the side tables take thousands of rows a batch, and
    building SQLAlchemy parameters per row cost more than the database did. PostgreSQL gets them
    by COPY (one stream instead of a statement per row), SQLite by executemany."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    if conn.dialect.driver == "psycopg":
        with conn.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join([mark] * len(columns))})", rows)


def _upsert(conn: Connection, table: Any, rows: list[dict[str, Any]], keys: tuple[str, ...], *,
            update: bool = True) -> None:
    """INSERT … ON CONFLICT (``keys``) DO UPDATE the other columns (or, without ``update``, DO
    NOTHING): one statement where a check-then-insert could race with another writer."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    if update:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                          set_={c: stmt.excluded[c] for c in rows[0] if c not in keys})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    conn.execute(stmt, rows)


def _replace_sources(sources: dict[str, Any], fresh: dict[str, Any]) -> None:
    """Add fresh source records; one from the same file, position and reader replaces the old one
    (a corrected file), so re-reading never piles up stale versions."""
    places = {(r.provenance[0].source_file, r.provenance[0].position, r.provenance[0].format) for r in fresh.values()}
    for h, old in list(sources.items()):
        op = old.provenance[0]
        if (op.source_file, op.position, op.format) in places:
            del sources[h]
    sources.update(fresh)


def _hash_of(sources: dict[str, Any]) -> str:
    import hashlib

    return hashlib.sha256("".join(sorted(sources)).encode()).hexdigest()


def _source_row(doc_id: int, d: PatentDocument, record: str | None) -> dict[str, Any]:
    return {"doc_id": doc_id, **dict(zip(SOURCE_COLUMNS, source_of(d), strict=True)), "record": record}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # checkpoint every ~40 MB of WAL rather than 4 MB: ingest batches rewrite the same index
    # pages, which a checkpoint then copies once; commits stay durable in the WAL
    cur.execute("PRAGMA wal_autocheckpoint=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
