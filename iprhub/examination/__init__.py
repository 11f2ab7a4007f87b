"""Examination cooperation: patent families (simple/extended) from priority claims, the cross-office
dossier, the PPH eligibility checker with its claim-correspondence table, and per-claim passage ranking.

``hub.examination`` is its service (:class:`iprhub.examination.service.ExaminationService`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.capability import N_, Capability, NavLink, lazy
from iprhub.examination.settings import ExaminationSettings


def _pi4pc(hub: Any, data_root: Path, progress: Any) -> Any:
    from iprhub.examination.evaluation import pi4pc_tables

    return pi4pc_tables(hub, data_root, progress)


CAPABILITY = Capability(
    name="examination",
    summary="Patent families, cross-office dossier, PPH checker with claim correspondence, prior-art passages.",
    settings=ExaminationSettings,
    service=lazy("iprhub.examination.service:ExaminationService"),
    api=lazy("iprhub.examination.api:router", call=False),
    pages=lazy("iprhub.examination.pages:router", call=False),
    cli=lazy("iprhub.examination.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(N_("Examination"), "/examination", ("/examination", "/family", "/dossier", "/pph", "/rank")),),
    evaluations={"pi4pc-rank": _pi4pc},
)
