"""``hub.watch``: watchlists, alerts and their delivery, squatting detection, freedom-to-operate
screening and risk reports (the functions the CLI, the API and the pages call; each returns a typed model).

>>> from iprhub.hub import Hub
>>> from iprhub.settings import Settings
>>> hub = Hub(Settings(database_url="sqlite:///:memory:", capabilities=["iprhub.countries", "iprhub.watch"]))
>>> hub.watch.add("mark", "PYTHON", classes="9", countries="US").subject
'PYTHON'
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update

from iprhub.errors import InvalidInput, IprHubError, NotFound
from iprhub.limits import Deadline
from iprhub.watch import watchlist as wl
from iprhub.watch.model import (
    ActionDeadline,
    Alert,
    Delivery,
    DeliveryReport,
    Inbox,
    Reason,
    Watch,
    WatchRun,
)
from iprhub.watch.report_model import FtoReport, RiskReport, SquattingReport
from iprhub.watch.settings import WatchSettings
from iprhub.watch.tables import watch_alerts, watch_deliveries, watch_watches


class WatchService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.settings: WatchSettings = hub.settings_of("watch")

    # watchlists -------------------------------------------------------------------------------
    def add(self, kind: str, subject: str, *, classes: str | Sequence[int] | None = None,
            countries: str | Sequence[str] | None = None, min_tier: str = "medium", label: str | None = None,
            webhook: str | None = None, webhook_secret: str | None = None, email: str | None = None,
            include_existing: bool = False) -> Watch:
        """A new watch. ``kind``: mark (a word mark), owner (a name), query (words), patent (a stored
        document's number: newly arrived patents similar to it). Only records arriving after it was added
        are looked at, unless ``include_existing``."""
        if kind not in wl.KINDS:
            raise InvalidInput(f"unknown watch kind {kind!r}: use {', '.join(wl.KINDS)}", field="kind")
        text = (subject or "").strip()
        if kind == "mark":
            text = wl.check_mark(text)
        elif not text:
            raise InvalidInput(f"the {kind} to watch is empty", field=kind)
        elif kind in ("owner", "query") and not wl.has_word(text):
            raise InvalidInput(f"the {kind} {text!r} has only symbols", field=kind)
        if kind == "patent":
            text = self.hub.resolve_number(text)
        row = {"kind": kind, "subject": text, "classes": ",".join(str(c) for c in wl.parse_classes(classes)),
               "countries": ",".join(wl.parse_countries(self.hub, countries)), "min_tier": wl.tier_of(min_tier),
               "label": label, "webhook_url": wl.check_url(webhook), "webhook_secret": webhook_secret or None,
               "email": ",".join(wl.check_email(email)) or None, "created_at": wl.now_utc()}
        with self.hub.store.begin() as conn:
            tm, doc = (0, 0) if include_existing else wl.max_ids(conn)
            new_id = conn.execute(watch_watches.insert().returning(watch_watches.c.id),
                                  [{**row, "cursor_tm": tm, "cursor_doc": doc}]).scalar_one()
        return self.get(int(new_id))

    def get(self, watch_id: int) -> Watch:
        if not 1 <= watch_id <= 2**62:  # beyond any stored id (and what the databases' integers hold)
            raise NotFound(f"no watch {watch_id}", record=str(watch_id), field="watch")
        with self.hub.store.engine.connect() as conn:
            found = wl.read_watches(conn, [watch_id])
        if not found:
            raise NotFound(f"no watch {watch_id}", record=str(watch_id), field="watch")
        return found[0]

    def list(self) -> list[Watch]:
        with self.hub.store.engine.connect() as conn:
            return wl.read_watches(conn)

    def remove(self, watch_id: int) -> Watch:
        watch = self.get(watch_id)
        with self.hub.store.begin() as conn:
            alert_ids = select(watch_alerts.c.id).where(watch_alerts.c.watch_id == watch_id)
            conn.execute(delete(watch_deliveries).where(watch_deliveries.c.alert_id.in_(alert_ids)))
            conn.execute(delete(watch_alerts).where(watch_alerts.c.watch_id == watch_id))
            conn.execute(delete(watch_watches).where(watch_watches.c.id == watch_id))
        return watch

    # runs -----------------------------------------------------------------------------------
    def run(self, watch_ids: Sequence[int] | None = None, *, time_limit: float | None = None,
            deliver: bool | None = None, now: dt.datetime | None = None) -> WatchRun:
        """Alerts for the records that arrived since each watch last looked (see :mod:`.watchlist`)."""
        watches = self.list() if not watch_ids else [self.get(i) for i in watch_ids]
        deadline = Deadline.after(self.settings.run_time_limit if time_limit is None else time_limit)
        runner = wl.WatchRunner(self.hub)
        tm_watches = [w for w in watches if w.kind != "patent"]
        seen, alert_ids, cut = wl.run_trademark_watches(self.hub, tm_watches, deadline, runner,
                                                        self.settings.webhook_secret)
        for w in (w for w in watches if w.kind == "patent"):
            from iprhub.watch.patent_watch import run_patent_watch

            n, ids, c = run_patent_watch(self.hub, w, deadline, runner)
            seen, cut = seen + n, cut or c
            alert_ids += ids
        stamp = now or wl.now_utc()
        if watches:
            with self.hub.store.begin() as conn:
                conn.execute(update(watch_watches).where(watch_watches.c.id.in_([w.id for w in watches]))
                             .values(last_run_at=stamp))
        result = WatchRun(watches=len(watches), records_seen=seen, alerts=self._alerts_by_id(alert_ids),
                          partial=cut, engine=runner.matcher.engine,
                          notice=("the time limit was reached: the next run continues from the last record looked at"
                                  if cut else None))
        if self.settings.deliver_after_run if deliver is None else deliver:  # new alerts, and retries now due
            result.deliveries = self.deliver(now=stamp)
        return result

    def after_ingest(self, report: Any) -> dict[str, Any]:
        if not self.settings.run_after_ingest or not self.list():
            return {"watches": 0}
        run = self.run()
        out: dict[str, Any] = {"watches": run.watches, "records_seen": run.records_seen, "alerts": len(run.alerts),
                               "partial": run.partial}
        if run.deliveries is not None:
            out["deliveries"] = run.deliveries.model_dump()
        return out

    # inbox ----------------------------------------------------------------------------------
    def alerts(self, watch_id: int | None = None, *, unread: bool = False, undelivered: bool = False,
               limit: int = 200) -> builtins.list[Alert]:
        if watch_id is not None:
            self.get(watch_id)
        if not 1 <= limit <= 10000:
            raise InvalidInput("limit must be between 1 and 10000", field="limit")
        q = select(watch_alerts.c.id).order_by(watch_alerts.c.id.desc()).limit(limit)
        if watch_id is not None:
            q = q.where(watch_alerts.c.watch_id == watch_id)
        if unread:
            q = q.where(watch_alerts.c.read_at.is_(None))
        if undelivered:
            q = q.where(watch_alerts.c.id.in_(select(watch_deliveries.c.alert_id)
                                              .where(watch_deliveries.c.status != "delivered")))
        with self.hub.store.engine.connect() as conn:
            ids = list(conn.execute(q).scalars())
        return self._alerts_by_id(ids, newest_first=True)

    def mark_read(self, alert_ids: Sequence[int]) -> int:
        alert_ids = [i for i in alert_ids if 1 <= i <= 2**62]
        with self.hub.store.begin() as conn:
            return conn.execute(update(watch_alerts).where(watch_alerts.c.id.in_(list(alert_ids))
                                                           & watch_alerts.c.read_at.is_(None))
                                .values(read_at=wl.now_utc())).rowcount or 0

    def inbox(self, *, limit: int = 200) -> Inbox:
        with self.hub.store.engine.connect() as conn:
            undelivered = conn.execute(select(func.count(func.distinct(watch_deliveries.c.alert_id)))
                                       .where(watch_deliveries.c.status != "delivered")).scalar_one()
        return Inbox(watches=self.list(), alerts=self.alerts(limit=limit), undelivered=int(undelivered))

    def deliver(self, *, now: dt.datetime | None = None, retry_failed: bool = False) -> DeliveryReport:
        """Try the webhook and e-mail deliveries that are due (``now``: for tests of the back-off)."""
        from iprhub.watch.delivery.queue import deliver_due

        return deliver_due(self.hub, self.settings, self._alerts_by_id, now=now or wl.now_utc(),
                           retry_failed=retry_failed)

    def _alerts_by_id(self, ids: Sequence[int], *, newest_first: bool = False) -> builtins.list[Alert]:
        if not ids:
            return []
        out: builtins.list[Alert] = []
        with self.hub.store.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start:start + 500])
                rows = conn.execute(select(watch_alerts, watch_watches.c.subject)
                                    .join(watch_watches, watch_watches.c.id == watch_alerts.c.watch_id)
                                    .where(watch_alerts.c.id.in_(chunk))).all()
                deliveries: dict[int, builtins.list[Delivery]] = {}
                for d in conn.execute(select(watch_deliveries).where(watch_deliveries.c.alert_id.in_(chunk))
                                      .order_by(watch_deliveries.c.id)):
                    deliveries.setdefault(d.alert_id, []).append(Delivery(
                        id=d.id, channel=d.channel, target=d.target, status=d.status, attempts=d.attempts,
                        next_attempt_at=wl.aware_or_none(d.next_attempt_at), last_error=d.last_error,
                        delivered_at=wl.aware_or_none(d.delivered_at)))
                for r in rows:
                    out.append(Alert(
                        id=r.id, watch_id=r.watch_id, watch_subject=r.subject, record_kind=r.record_kind,
                        record_key=r.record_key, office=r.office, title=r.title, owner=r.owner, score=r.score,
                        tier=r.tier, reasons=[Reason(**x) for x in json.loads(r.reasons)],
                        deadline=ActionDeadline.model_validate_json(r.deadline_note),
                        created_at=wl.aware(r.created_at), read_at=wl.aware_or_none(r.read_at),
                        deliveries=deliveries.get(r.id, [])))
        out.sort(key=lambda a: a.id, reverse=newest_first)
        return out

    # deadlines ------------------------------------------------------------------------------
    def deadline(self, office: str, published: str | dt.date | None, kind: str = "trademark") -> ActionDeadline:
        """The action deadline for a record published by ``office`` on ``published`` (ISO date)."""
        from iprhub.countries.dates import parse_date
        from iprhub.watch.deadlines import DeadlineBook

        code = wl.parse_countries(self.hub, office)
        if len(code) != 1:
            raise InvalidInput("give one office", field="office")
        day = parse_date(published, field="published") if isinstance(published, str) else published
        if kind not in ("trademark", "patent"):
            raise InvalidInput("kind must be trademark or patent", field="kind")
        return DeadlineBook(self.hub).deadline(code[0], day, kind)


    # squatting, FTO, risk reports -------------------------------------------------------------
    def squatting(self, owner: str, countries: str | Sequence[str] | None = None, *,
                  time_limit: float | None = None) -> SquattingReport:
        """Marks in ``countries`` resembling ``owner``'s marks filed by others, with bad-faith patterns."""
        from iprhub.watch.squatting import detect

        name = (owner or "").strip()
        if not name or not wl.has_word(name):
            raise InvalidInput("the owner name is empty", field="owner")
        codes = wl.parse_countries(self.hub, countries)
        deadline = Deadline.after(self.settings.run_time_limit if time_limit is None else time_limit)
        return detect(self.hub, self.settings, name, codes, deadline)

    def fto(self, text: str, country: str, *, date: str | dt.date | None = None, limit: int = 20,
            time_limit: float | None = None) -> FtoReport:
        """Patents likely in force in ``country`` on ``date`` nearest to a product description (not legal advice)."""
        from iprhub.countries.dates import parse_date
        from iprhub.watch.fto import screen

        codes = wl.parse_countries(self.hub, country)
        if len(codes) != 1:
            raise InvalidInput("give one country", field="country")
        on = parse_date(date, field="date") if isinstance(date, str) else (date or dt.date.today())
        deadline = Deadline.after(self.settings.run_time_limit if time_limit is None else time_limit)
        return screen(self.hub, text, codes[0], on, limit, deadline)

    def risk_report(self, owner: str, countries: str | Sequence[str], *, text: str | None = None,
                    time_limit: float | None = None) -> RiskReport:
        """Watch hits, squatting findings, FTO results (with ``text``) and country facts, per target country."""
        from iprhub.watch import risk

        codes = wl.parse_countries(self.hub, countries)
        if not codes:
            raise InvalidInput("give the target countries, e.g. VN,TH,KZ", field="countries")
        squat = self.squatting(owner, codes, time_limit=time_limit)
        marks = {wl.fold(m.text) for m in squat.owner_marks if wl.fold(m.text)}
        alerts = risk.owner_alerts(self.alerts(limit=10000), owner, marks, codes)
        fto = [self.fto(text, c, time_limit=time_limit) for c in codes] if text else []
        return risk.build(owner, codes, alerts, squat, fto, [risk.facts(self.hub, c) for c in codes])

    def write_report(self, report: RiskReport, out: Path, *, lang: str = "en") -> Path:
        """Write the report as HTML (``.html``) or PDF (``.pdf``, needs the ``watch-pdf`` extra)."""
        from iprhub.watch.render import write_report

        return write_report(report, out, lang=lang, i18n=self.hub.capability("watch").i18n)


__all__ = ["WatchService", "IprHubError"]
