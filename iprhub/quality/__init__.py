"""Quality supervision: near-duplicate and template detection, behaviour signals named after the rules
they support, transparent screening with review, agency scorecards and credit records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.capability import N_, Capability, NavLink, lazy
from iprhub.quality.settings import QualitySettings
from iprhub.quality.tables import metadata


def _evaluate(hub: Any, data_root: Path, progress: Any) -> list[Any]:
    from iprhub.quality.evaluation import near_duplicate_tables

    return near_duplicate_tables(hub, progress=progress)


def _after_ingest(hub: Any, report: Any) -> dict[str, Any] | None:
    return hub.quality.after_ingest(report)


CAPABILITY = Capability(
    name="quality",
    summary="Quality supervision: abnormal filings, bad-faith marks, agency scorecards and credit records.",
    settings=QualitySettings,
    tables=metadata,
    migrations=Path(__file__).with_name("migrations"),
    service=lazy("iprhub.quality.service:QualityService"),
    api=lazy("iprhub.quality.api:router", call=False),
    pages=lazy("iprhub.quality.pages:router", call=False),
    cli=lazy("iprhub.quality.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(N_("Quality"), "/quality"),),
    evaluations={"near-duplicates": _evaluate},
    after_ingest=_after_ingest,
)
