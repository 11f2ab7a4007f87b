"""Applicants and inventors as entities: spellings clustered across case, legal forms, scripts and
documents, each merge with its evidence and confidence; a person's merges and splits survive
re-ingest; entity pages; ``pa=`` expansion (``hub.parties.expand_query``).

>>> from iprhub.parties.names import org_key
>>> org_key("Scientific Drilling International, Inc.")
'SCIENTIFIC DRILLING INTERNATIONAL'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.capability import N_, Capability, NavLink, lazy
from iprhub.parties.tables import metadata


def _evaluate(hub: Any, data_root: Path, progress: Any) -> Any:
    from iprhub.parties.benchmarks import evaluate

    return evaluate(hub, data_root, progress)


CAPABILITY = Capability(
    name="parties",
    summary="Applicant and inventor disambiguation into entities with evidence.",
    tables=metadata,
    migrations=Path(__file__).with_name("migrations"),
    service=lazy("iprhub.parties.service:PartiesService"),
    api=lazy("iprhub.parties.api:router", call=False),
    pages=lazy("iprhub.parties.pages:router", call=False),
    cli=lazy("iprhub.parties.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(N_("Parties"), "/parties"),),
    evaluations={"disambiguation": _evaluate},
)
