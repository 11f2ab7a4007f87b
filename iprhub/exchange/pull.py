"""``iprhub sync pull URL --key KEY``: replicate a partner node's records through its change feed.

Each page is written in one transaction together with the cursor it ends at, so a pull that stops
(link cut, partner down, time limit) keeps every page before and the next run resumes after the last
one. Records already held unchanged are left as they are (idempotent); a document the partner sends
whose sources include all the ones held here replaces it (the partner's newer version), otherwise the
two are merged as ingest merges sources. Each pulled record's node is kept in ``exchange_provenance``.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import delete, select

from iprhub.errors import InvalidInput, NotFound, SourceError
from iprhub.exchange.model import FeedPage, SyncReport
from iprhub.exchange.tables import provenance, sync_state
from iprhub.limits import Deadline
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.store import schema as s


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def cursor_of(store: Any, node: str) -> str:
    with store.reading() as conn:
        return conn.execute(select(sync_state.c.cursor).where(sync_state.c.node == node)).scalar() or ""


def fetch(client: Any, url: str, key: str, since: str, limit: int) -> FeedPage:
    import httpx

    try:
        r = client.get(f"{url.rstrip('/')}/api/v1/feed", params={"since": since, "limit": limit},
                       headers={"Authorization": f"Bearer {key}"})
    except httpx.HTTPError as exc:
        raise SourceError(f"the link to {url} failed: {exc.__class__.__name__}: {exc}", file=url,
                          position=since or "start", stage="fetch") from exc
    if r.status_code in (401, 403):
        raise InvalidInput(f"{url} refused the key ({r.status_code}): ask the partner for an analyst API key",
                           field="key")
    if r.status_code == 404:
        raise NotFound(f"{url} serves no change feed (/api/v1/feed)", file=url)
    if r.status_code != 200:
        raise SourceError(f"{url} answered {r.status_code}: {r.text[:200]}", file=url, position=since or "start")
    try:
        return FeedPage.model_validate_json(r.content)
    except ValueError as exc:
        raise SourceError(f"{url} sent a page that is not a feed page: {exc}", file=url,
                          position=since or "start") from exc


def pull(store: Any, url: str, key: str, *, limit: int, deadline: Deadline, restart: bool = False,
         transport: Any = None, on_documents: Any = None) -> SyncReport:
    import httpx

    report = SyncReport(url=url)
    start = time.monotonic()
    with httpx.Client(timeout=30.0, transport=transport) as client:
        first = True
        since = ""
        while True:
            if deadline.expired():
                report.interrupted = f"time limit of {deadline.seconds:g} s reached; run again to resume"
                break
            try:
                if first:
                    # the node's name comes with its first page: the cursor kept for that node is then used
                    probe = fetch(client, url, key, "", 1)
                    report.node = probe.node
                    since = "" if restart else cursor_of(store, probe.node)
                    first = False
                page = fetch(client, url, key, since, limit)
            except SourceError as exc:
                if report.node is None:
                    raise
                report.interrupted = exc.message + "; the pages before are kept, run again to resume"
                break
            _write_page(store, url, page, report)
            pubs = [i.key for i in page.items if i.kind == "document"]
            if pubs and on_documents is not None:
                on_documents(pubs)  # committed: index them as ingest does
            since = page.next
            report.cursor = since
            if not page.more:
                report.complete = True
                break
    report.seconds = round(time.monotonic() - start, 3)
    return report


def _write_page(store: Any, url: str, page: FeedPage, report: SyncReport) -> None:
    docs = [PatentDocument.model_validate(i.record) for i in page.items if i.kind == "document"]
    marks = [Trademark.model_validate(i.record) for i in page.items if i.kind == "trademark"]
    events = [ApplicationEvent.model_validate(i.record) for i in page.items if i.kind == "event"]
    now = _now()
    with store.begin() as conn:
        _write_documents(store, conn, docs, report)
        if marks:
            r = store.write_trademarks(conn, marks)
            report.inserted += r.inserted
            report.updated += r.updated
            report.unchanged += r.unchanged
        if events:
            r = store.write_events(conn, events)
            report.inserted += r.inserted
            report.unchanged += r.unchanged
        rows = [{"kind": i.kind, "key": i.key[:120], "node": page.node, "url": url, "pulled_at": now} for i in page.items]
        if rows:
            keys = [(r["kind"], r["key"]) for r in rows]
            for kind in {k for k, _ in keys}:
                conn.execute(delete(provenance).where(provenance.c.kind == kind,
                                                      provenance.c.key.in_([k for kk, k in keys if kk == kind])))
            conn.execute(provenance.insert(), rows)
        state = {"url": url, "cursor": page.next, "updated_at": now}
        done = conn.execute(select(sync_state.c.pulled, sync_state.c.pages).where(sync_state.c.node == page.node)).first()
        if done is None:
            conn.execute(sync_state.insert().values(node=page.node, pulled=len(page.items), pages=1, **state))
        else:
            conn.execute(sync_state.update().where(sync_state.c.node == page.node)
                         .values(pulled=done.pulled + len(page.items), pages=done.pages + 1, **state))
    report.pages += 1
    for i in page.items:
        report.received[i.kind] = report.received.get(i.kind, 0) + 1


def _write_documents(store: Any, conn: Any, docs: list[PatentDocument], report: SyncReport) -> None:
    if not docs:
        return
    held = {r.pub_number: r for r in conn.execute(
        select(s.documents.c.id, s.documents.c.pub_number, s.documents.c.record)
        .where(s.documents.c.pub_number.in_([d.pub_number for d in docs])))}
    fresh, replaced, merge = [], [], []
    for d in docs:
        row = held.get(d.pub_number)
        if row is None:
            fresh.append(d)
            continue
        mine = PatentDocument.model_validate_json(row.record)
        if mine.model_dump() == d.model_dump():
            report.unchanged += 1
        elif {p.content_hash for p in mine.provenance} <= {p.content_hash for p in d.provenance}:
            conn.execute(delete(s.documents).where(s.documents.c.id == row.id))  # the partner's newer version
            replaced.append(d)
        else:
            merge.append(d)
    if fresh or replaced:
        store.restore_documents(conn, fresh + replaced)
        report.inserted += len(fresh)
        report.updated += len(replaced)
    if merge:
        r = store.write_patents(conn, merge)
        report.updated += r.updated + r.inserted
        report.unchanged += r.unchanged
