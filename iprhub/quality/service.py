"""``hub.quality``: screening runs, review of findings, agency scorecards and credit records."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import func, select

from iprhub.errors import InvalidInput, NotFound
from iprhub.limits import Deadline
from iprhub.quality import tables as t
from iprhub.quality.agencies import scorecards
from iprhub.quality.corpus import Corpus, party_key
from iprhub.quality.models import (
    AgencyScorecard,
    CreditEntry,
    CreditRecord,
    Finding,
    PairExplanation,
    ScreeningRun,
    Signal,
)
from iprhub.quality.screening import Scope, parse_weights, read_store, screen
from iprhub.quality.settings import QualitySettings

_SIGNALS = TypeAdapter(list[Signal])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back stored UTC times without their zone: put it back (the API says date-time)."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


class QualityService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.settings: QualitySettings = hub.settings_of("quality")

    # screening ---------------------------------------------------------------------------------
    def screen(self, *, batch: list[str] | None = None, applicant: str | None = None, agency: str | None = None,
               weights: str | dict[str, Any] | None = None, time_limit: float | None = None,
               store: bool = True) -> ScreeningRun:
        """Rank documents and parties by their signals; the run and its findings are stored for review.

        ``batch``: the files or folders of an ingest (their documents are screened against the whole
        store), or publication numbers."""
        chosen = parse_weights(weights if weights is not None else self.settings.weights)
        deadline = Deadline.after(time_limit if time_limit is not None else self.settings.time_limit)
        corpus, finder, cut = read_store(self.hub, deadline)
        documents = None
        if batch is not None:
            documents = frozenset(self._batch_documents(corpus, batch))
        run = screen(self.hub, scope=Scope(documents, applicant, agency), weights=chosen, corpus=corpus,
                     finder=finder, deadline=deadline, cut=cut)
        return self._save(run) if store else run

    def _batch_documents(self, corpus: Corpus, batch: list[str]) -> set[str]:
        keys: set[str] = set()
        for i, item in enumerate(batch):
            path = Path(item)
            if path.exists():
                prefixes = {str(path), str(path.resolve())}
                found = {k for k, d in corpus.docs.items() if any(f.startswith(tuple(prefixes)) for f in d.files)}
                if not found:
                    raise InvalidInput(f"no stored document came from {item}", field="batch", position=i)
                keys |= found
            else:
                keys.add(self.hub.resolve_number(item))
        return keys

    def after_ingest(self, report: Any) -> dict[str, Any] | None:
        """After an ingest (when ``screen_after_ingest`` is on): screen the documents its files brought."""
        files = [f.path for f in getattr(report, "files", ()) if f.status == "done"]
        if not self.settings.screen_after_ingest or not files or not report.inserted:
            return None
        try:
            run = self.screen(batch=files)
        except InvalidInput:
            return {"screened": 0}  # the files held trademarks or events only
        return {"run": run.id, "findings": len(run.findings), "partial": run.partial}

    def _save(self, run: ScreeningRun) -> ScreeningRun:
        now = _now()
        with self.hub.store.begin() as conn:
            run_id = conn.execute(t.runs.insert().values(
                created_at=now, scope=run.scope, documents=run.documents, screened=run.screened,
                partial=int(run.partial), notice=run.notice, seconds=run.seconds,
                run=run.model_dump_json(exclude={"findings"}))).inserted_primary_key[0]
            stored = []
            for f in run.findings:
                fid = conn.execute(t.findings.insert().values(
                    run_id=run_id, subject_kind=f.subject_kind, subject=f.subject, score=f.score,
                    signals=json.dumps([s.model_dump() for s in f.signals], ensure_ascii=False),
                    status="open")).inserted_primary_key[0]
                stored.append(f.model_copy(update={"id": fid}))
        return run.model_copy(update={"id": run_id, "created_at": now, "findings": stored})

    def run(self, run_id: int | None = None, *, limit: int = 200, status: str | None = None) -> ScreeningRun:
        """A stored run (the latest when no id) with its findings, best first."""
        with self.hub.store.reading() as conn:
            q = select(t.runs)
            row = conn.execute(q.where(t.runs.c.id == run_id) if run_id is not None
                               else q.order_by(t.runs.c.id.desc()).limit(1)).first()
            if row is None:
                raise NotFound("no screening run yet: run `iprhub quality screen`" if run_id is None
                               else f"no screening run {run_id}", record=str(run_id or ""))
            fq = select(t.findings).where(t.findings.c.run_id == row.id)
            if status:
                fq = fq.where(t.findings.c.status == status)
            frows = conn.execute(fq.order_by(t.findings.c.score.desc(), t.findings.c.id).limit(limit)).all()
        base = ScreeningRun.model_validate_json(row.run)
        return base.model_copy(update={"id": row.id, "created_at": _aware(row.created_at),
                                       "findings": [self._finding(r) for r in frows]})

    @staticmethod
    def findings_csv(run: ScreeningRun) -> str:
        """The run's findings as CSV: one row per signal (finding id, score, status, subject, signal,
        value, weight, rule, detail, evidence), for review outside the portal."""
        import csv
        import io

        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["run", "finding", "score", "status", "kind", "subject", "signal", "value", "weight", "rule",
                    "detail", "evidence"])
        for f in run.findings:
            for sig in f.signals:
                rule = sig.rule.instrument + (f", {sig.rule.item}" if sig.rule.item else "")
                w.writerow([run.id, f.id, f.score, f.status, f.subject_kind, f.subject, sig.name, sig.value,
                            sig.weight, rule, sig.detail, " ".join(sig.evidence)])
        return out.getvalue()

    @staticmethod
    def _finding(r: Any) -> Finding:
        return Finding(id=r.id, subject_kind=r.subject_kind, subject=r.subject, score=r.score,
                       signals=_SIGNALS.validate_json(r.signals), status=r.status, note=r.note,
                       reviewed_at=_aware(r.reviewed_at))

    def review(self, finding_id: int, status: str, note: str | None = None, *, by: str | None = None) -> Finding:
        """Confirm or dismiss a finding with a note; a confirmed finding about a party enters its credit record."""
        if status not in ("confirmed", "dismissed", "open"):
            raise InvalidInput(f"status must be confirmed, dismissed or open, not {status!r}", field="status")
        with self.hub.store.begin() as conn:
            row = conn.execute(select(t.findings).where(t.findings.c.id == finding_id)).first()
            if row is None:
                raise NotFound(f"no finding {finding_id}", record=str(finding_id))
            now = _now()
            conn.execute(t.findings.update().where(t.findings.c.id == finding_id)
                         .values(status=status, note=note, reviewed_at=now))
            if status == "confirmed" and row.subject_kind in ("applicant", "agency"):
                signals = ", ".join(s.name for s in _SIGNALS.validate_json(row.signals))
                conn.execute(t.credit.insert().values(
                    party_kind=row.subject_kind, party=party_key(row.subject), kind="finding",
                    points=self.settings.confirmed_finding_points, detail=f"confirmed finding {finding_id}: {signals}"
                    + (f" — {note}" if note else ""), finding_id=finding_id, created_at=now, created_by=by))
            row = conn.execute(select(t.findings).where(t.findings.c.id == finding_id)).first()
        return self._finding(row)

    def explain(self, a: str, b: str) -> PairExplanation:
        """Why two documents look alike: per-section similarity and the passages that differ."""
        from iprhub.quality.near_duplicates import explain

        docs = [self.hub.document(n) for n in (a, b)]
        corpus = Corpus()
        ia, ib = (corpus.add(d) for d in docs)
        sections, diffs = explain(ia.text, ib.text)
        return PairExplanation(a=ia.key, b=ib.key, relation=corpus.relation(ia.key, ib.key),
                               sections=sections, differences=diffs)

    # agencies and credit -------------------------------------------------------------------------
    def agencies(self, agency: str | None = None, *, limit: int = 100) -> list[AgencyScorecard]:
        cards = scorecards(self.hub, self._latest_signal_counts())
        if agency:
            key = party_key(agency)
            cards = [c for c in cards if party_key(c.agency) == key]
            if not cards:
                raise InvalidInput(f"no agency named {agency!r} in the store", field="agency")
        points = self._points()
        return [c.model_copy(update={"credit_points": points.get(("agency", party_key(c.agency)))})
                for c in cards[:limit]]

    def _latest_signal_counts(self) -> dict[str, int]:
        try:
            run = self.run(limit=10_000)
        except NotFound:
            return {}
        counts: dict[str, int] = {}
        for f in run.findings:
            if f.subject_kind == "agency":
                counts[party_key(f.subject)] = counts.get(party_key(f.subject), 0) + len(f.signals)
        return counts

    def _points(self) -> dict[tuple[str, str], float]:
        with self.hub.store.reading() as conn:
            rows = conn.execute(select(t.credit.c.party_kind, t.credit.c.party, func.sum(t.credit.c.points))
                                .group_by(t.credit.c.party_kind, t.credit.c.party)).all()
        return {(k, p): 100.0 - float(s or 0) for k, p, s in rows}

    def credit(self, party: str, *, kind: str = "agency") -> CreditRecord:
        if kind not in ("agency", "applicant"):
            raise InvalidInput(f"party kind must be agency or applicant, not {kind!r}", field="kind")
        key = party_key(party)
        if not key:
            raise InvalidInput("the party name is empty", field="party")
        with self.hub.store.reading() as conn:
            rows = conn.execute(select(t.credit).where(t.credit.c.party_kind == kind, t.credit.c.party == key)
                                .order_by(t.credit.c.created_at, t.credit.c.id)).all()
        entries = [CreditEntry(id=r.id, party_kind=r.party_kind, party=party, kind=r.kind, points=r.points,
                               detail=r.detail, finding_id=r.finding_id, created_at=_aware(r.created_at),
                               created_by=r.created_by) for r in rows]
        return CreditRecord(party_kind=kind, party=party,  # type: ignore[arg-type]
                            points=100.0 - sum(e.points for e in entries), entries=entries)

    def add_credit(self, party: str, *, kind: str = "agency", entry: str = "sanction", points: float = 0.0,
                   detail: str, by: str | None = None) -> CreditRecord:
        """An administrator's entry (a sanction, a note) on a party's credit record, kept with its history."""
        if entry not in ("sanction", "note"):
            raise InvalidInput(f"entry must be sanction or note, not {entry!r}", field="entry")
        if not detail or not detail.strip():
            raise InvalidInput("a credit entry needs a detail saying what happened", field="detail")
        if not (-100 <= points <= 100):
            raise InvalidInput(f"points must be between -100 and 100, not {points}", field="points")
        self.credit(party, kind=kind)  # validates
        with self.hub.store.begin() as conn:
            conn.execute(t.credit.insert().values(party_kind=kind, party=party_key(party), kind=entry, points=points,
                                                  detail=detail.strip(), created_at=_now(), created_by=by))
        return self.credit(party, kind=kind)
