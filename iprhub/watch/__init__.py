"""Overseas risk early warning: trademark and patent watchlists with deadline-aware alerts (inbox,
signed webhooks, e-mail digests), squatting detection, freedom-to-operate screening and risk reports.

Marks are compared through ``hub.trademarks`` (the trademarks capability) when it is loaded; without it
a small fallback comparator is used (:mod:`iprhub.watch.fallback_similarity`). Opposition periods and
office closing days come from ``hub.countries``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.capability import N_, Capability, NavLink, lazy
from iprhub.watch.settings import WatchSettings
from iprhub.watch.tables import metadata


def _after_ingest(hub: Any, report: Any) -> dict[str, Any]:
    return hub.watch.after_ingest(report)


def _deliver_job(hub: Any, params: dict[str, Any], progress: Any) -> dict[str, Any]:
    report = hub.watch.deliver(retry_failed=bool(params.get("retry_failed")))
    progress({"attempted": report.attempted, "delivered": report.delivered})
    return report.model_dump()


def _run_job(hub: Any, params: dict[str, Any], progress: Any) -> dict[str, Any]:
    run = hub.watch.run(params.get("watches") or None)
    progress({"records_seen": run.records_seen, "alerts": len(run.alerts)})
    return {"watches": run.watches, "records_seen": run.records_seen, "alerts": len(run.alerts),
            "partial": run.partial}


CAPABILITY = Capability(
    name="watch",
    summary="Watchlists with deadline-aware alerts, squatting detection, FTO screening and risk reports.",
    settings=WatchSettings,
    tables=metadata,
    migrations=Path(__file__).with_name("migrations"),
    service=lazy("iprhub.watch.service:WatchService"),
    api=lazy("iprhub.watch.api:router", call=False),
    pages=lazy("iprhub.watch.pages:router", call=False),
    cli=lazy("iprhub.watch.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(N_("Watch"), "/watch", ("/watch", "/squatting", "/fto", "/risk")),),
    jobs={"watch.deliver": _deliver_job, "watch.run": _run_job},
    after_ingest=_after_ingest,
)
