"""The delivery queue (``watch_deliveries``): pending deliveries are tried when due; a failure is
retried after ``retry_base_seconds * 2**(attempts-1)``, and after ``max_attempts`` it is ``failed``
(the alert stays in the inbox, marked undelivered, and ``watch deliver --retry-failed`` tries again).
E-mail deliveries due for one recipient go out as one digest."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select, update

from iprhub.watch.delivery import email as email_delivery
from iprhub.watch.delivery.webhook import DeliveryFailed, post
from iprhub.watch.model import DeliveryReport
from iprhub.watch.tables import watch_alerts, watch_deliveries, watch_watches


def _backoff(settings: Any, attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.retry_base_seconds * 2 ** max(0, attempts - 1))


def deliver_due(hub: Any, settings: Any, alerts_of: Any, *, now: dt.datetime, retry_failed: bool = False) -> DeliveryReport:
    """Try every delivery that is due at ``now``; ``alerts_of(ids)`` gives the alerts by id."""
    report = DeliveryReport()
    dl = watch_deliveries.c
    with hub.store.begin() as conn:
        if retry_failed:
            conn.execute(update(watch_deliveries).where(dl.status == "failed")
                         .values(status="pending", attempts=0, next_attempt_at=now))
    with hub.store.engine.connect() as conn:
        rows = conn.execute(
            select(watch_deliveries, watch_watches.c.webhook_secret)
            .join(watch_alerts, watch_alerts.c.id == dl.alert_id)
            .join(watch_watches, watch_watches.c.id == watch_alerts.c.watch_id)
            .where((dl.status == "pending") & (dl.next_attempt_at <= now)).order_by(dl.id)).all()
    if not rows:
        return report
    alerts = {a.id: a for a in alerts_of([r.alert_id for r in rows])}
    outcome: dict[int, str | None] = {}  # delivery id -> None (delivered) or the error
    by_recipient: dict[str, list[Any]] = defaultdict(list)
    down: dict[str, str] = {}  # webhook targets that failed in this pass, with the error
    for r in rows:
        alert = alerts.get(r.alert_id)
        if alert is None:
            continue
        if r.channel == "webhook":
            if r.target in down:  # one slow or dead receiver must not hold the pass (or an ingest) for long
                outcome[r.id] = f"not tried: {down[r.target]} earlier in this pass"
                continue
            body = json.dumps({"event": "watch.alert", "alert": alert.model_dump(mode="json", exclude={"deliveries"})},
                              ensure_ascii=False, sort_keys=True).encode()
            try:
                post(r.target, body, r.webhook_secret or settings.webhook_secret or None, delivery_id=r.id,
                     timeout=settings.delivery_timeout)
                outcome[r.id] = None
            except DeliveryFailed as exc:
                outcome[r.id] = down[r.target] = str(exc)
        else:
            by_recipient[r.target].append(r)
    for recipient, group in by_recipient.items():
        msg = email_delivery.digest([alerts[r.alert_id] for r in group], settings.smtp_from, recipient)
        try:
            email_delivery.send(settings, [msg])
            error = None
        except DeliveryFailed as exc:
            error = str(exc)
        for r in group:
            outcome[r.id] = error
    attempts_of = {r.id: r.attempts for r in rows}
    with hub.store.begin() as conn:
        for did, error in outcome.items():
            report.attempted += 1
            attempts = attempts_of[did] + 1
            if error is None:
                report.delivered += 1
                values: dict[str, Any] = {"status": "delivered", "attempts": attempts, "delivered_at": now,
                                          "next_attempt_at": None, "last_error": None}
            elif attempts >= settings.max_attempts:
                report.failed += 1
                report.errors.append(error)
                values = {"status": "failed", "attempts": attempts, "last_error": error, "next_attempt_at": None}
            else:
                report.retry_scheduled += 1
                report.errors.append(error)
                values = {"status": "pending", "attempts": attempts, "last_error": error,
                          "next_attempt_at": now + _backoff(settings, attempts)}
            conn.execute(update(watch_deliveries).where(dl.id == did).values(**values))
    return report


