"""Analysis and open export of any query's result set: trend, top entities, classes with titles,
priority flows, co-applicant and citation networks, life cycle, concentration (CRn, HHI), RTA, text
clusters; each chart with JSON and CSV twins and links back to the filtered result list.

>>> from iprhub.analytics.analyses import hhi
>>> hhi([1, 1, 2])
3750.0
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.capability import N_, Capability, NavLink, lazy


def _landscape_eval(hub: Any, data_root: Path, progress: Any) -> Any:
    from iprhub.analytics.landscape_eval import evaluate

    return evaluate(hub, data_root, progress)


def _landscape_tuning_eval(hub: Any, data_root: Path, progress: Any) -> Any:
    from iprhub.analytics.landscape_eval import TUNING, evaluate

    return evaluate(hub, data_root, progress, topics=TUNING)


CAPABILITY = Capability(
    name="analytics",
    summary="Analysis and export of any query's result set.",
    service=lazy("iprhub.analytics.service:AnalyticsService"),
    api=lazy("iprhub.analytics.api:router", call=False),
    pages=lazy("iprhub.analytics.pages:router", call=False),
    cli=lazy("iprhub.analytics.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(N_("Analyse"), "/analyse"),),
    evaluations={"landscape": _landscape_eval, "landscape-tuning": _landscape_tuning_eval},
)
