"""Trademark search and the cross-script similarity engine (capability ``trademarks``).

``hub.trademarks.search(...)`` finds marks by text (exact, prefix, fuzzy, phonetic, across scripts),
owner, goods words, Nice class, office, status and dates; ``hub.trademarks.compare(a, b)`` explains how
alike two marks are (exact, normalised, edit, phonetic, containment, meaning, goods) with a score and
a tier. CLI ``iprhub tm ...``, API ``/api/v1/tm/...``, portal ``/tm``; evaluation task ``trademarks``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.capability import Capability, EvalTable, NavLink, lazy
from iprhub.trademarks.labels import N_


def _eval(hub: Any, data_root: Path, progress: Any) -> list[EvalTable]:
    return hub.trademarks.evaluate(data_root, progress)


CAPABILITY = Capability(
    name="trademarks",
    summary="Trademark search and cross-script mark similarity.",
    service=lazy("iprhub.trademarks.service:TrademarksService"),
    api=lazy("iprhub.trademarks.api:router", call=False),
    pages=lazy("iprhub.trademarks.pages:router", call=False),
    cli=lazy("iprhub.trademarks.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(N_("Trademarks"), "/tm"),),
    evaluations={"trademarks": _eval},
)
