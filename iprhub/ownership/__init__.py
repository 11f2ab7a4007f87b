"""Ownership: chains of title per patent and per owner (assignments, security interests and their
releases, licences, mergers, name changes), transaction and pledge statistics in CNIPA's layout.

>>> from iprhub.ownership.chain import refers_to
>>> refers_to("TERMINATION AND RELEASE OF PATENT SECURITY AGREEMENT RECORDED AT REEL 048818/FRAME 0520")
'048818/0520'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from iprhub.capability import N_, Capability, NavLink, lazy


class OwnershipSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_OWNERSHIP__", extra="forbid")

    min_cell: int = Field(3, ge=1, description="Statistics cells with fewer recordings are suppressed.")


def _licence_eval(hub: Any, data_root: Path, progress: Any) -> list[Any]:
    from iprhub.capability import EvalTable
    from iprhub.ownership.licences import evaluate

    root = data_root.parent if data_root.name == "eval" else data_root
    progress("licence terms: rules against the CUAD clause labels")
    rows = evaluate(root / "ownership" / "cuad_v1_ip_license_contract_txt",
                    root / "ownership" / "cuad_v1_contracts" / "Legal-Text-Classification__master_clauses.csv.gz")
    return [EvalTable("Licence terms from contract text (rules) vs CUAD clause labels",
                      ("term", "contracts", "labelled", "true positives", "false positives", "precision", "recall",
                       "accuracy minus majority baseline"), tuple(rows),
                      notes=("contracts: the CUAD full texts in ownership/cuad_v1_ip_license_contract_txt; patterns "
                             "refined on the labelled clauses of the other 483 CUAD contracts",))]


CAPABILITY = Capability(
    name="ownership",
    summary="Chains of title, security interests and releases, transaction statistics.",
    settings=OwnershipSettings,
    service=lazy("iprhub.ownership.service:OwnershipService"),
    api=lazy("iprhub.ownership.api:router", call=False),
    pages=lazy("iprhub.ownership.pages:router", call=False),
    cli=lazy("iprhub.ownership.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(N_("Ownership"), "/ownership", ("/ownership",)),),
    evaluations={"licence-terms": _licence_eval},
)
