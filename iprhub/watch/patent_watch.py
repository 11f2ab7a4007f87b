"""Watches by similarity to a patent: newly arrived patent documents among the nearest neighbours
of the watched document (``hub.search.similar``), with the publishing office's opposition deadline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from iprhub.limits import Deadline
from iprhub.store import schema as core
from iprhub.watch import watchlist as wl
from iprhub.watch.model import Reason, Tier, Watch

# cosine similarity of the search service's sentence vectors; unrelated patents score about 0.3 there
TIER_CUTS: tuple[tuple[float, Tier], ...] = ((0.7, "high"), (0.55, "medium"), (0.4, "low"))


def _tier(score: float) -> Tier:
    return next((tier for cut, tier in TIER_CUTS if score >= cut), "noise")


def run_patent_watch(hub: Any, watch: Watch, deadline: Deadline, runner: wl.WatchRunner) -> tuple[int, list[int], bool]:
    with hub.store.engine.connect() as conn:
        cursor = wl.cursors(conn, [watch.id])[watch.id][1]
        rows = conn.execute(select(core.documents.c.id, core.documents.c.pub_number)
                            .where(core.documents.c.id > cursor).order_by(core.documents.c.id)).all()
    if not rows:
        return 0, [], False
    new = {r.pub_number: int(r.id) for r in rows}
    result = hub.search.similar(watch.subject, limit=100, cutoff=False, deadline=deadline.sooner(None))
    found = []
    for hit in result.hits:
        if hit.pub_number not in new or hit.pub_number == watch.subject:
            continue
        if watch.countries and hit.country not in watch.countries:
            continue
        tier = _tier(float(hit.score))
        if wl.tier_rank(tier) > wl.tier_rank(watch.min_tier):
            continue
        doc = hub.document(hit.pub_number)
        c = wl.Candidate(id=new[hit.pub_number], kind="patent", key=hit.pub_number, office=hit.country,
                         title=hit.title or "", owners=list(hit.applicants), classes=[], designations=[],
                         published=doc.pub_date)
        found.append((c, wl.Hit(float(hit.score), tier, [Reason(
            signal="semantic", score=round(float(hit.score), 3),
            detail=f"nearest by meaning to {watch.subject} ({result.model})")]), runner.deadline(c)))
    with hub.store.begin() as conn:
        ids = wl.insert_alerts(conn, watch, found, None, wl.now_utc())
        if not result.partial:  # a partial ranking may have missed new documents: look again next run
            wl.move_cursor(conn, [watch.id], "cursor_doc", max(new.values()))
    return len(rows), ids, bool(result.partial)
