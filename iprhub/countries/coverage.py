"""Coverage of the country knowledge base: which jurisdictions have each fact.

The figures in the coverage table of ``docs/countries.md`` come from here, so they are
computed rather than counted by hand:

    python -m iprhub.countries.coverage

>>> from iprhub.countries.reference import packaged_reference
>>> report = coverage(packaged_reference())
>>> report.field("invention_patent_term").count >= 40
True
"""

from __future__ import annotations

from pydantic import BaseModel

from iprhub.countries.profile import UTILITY_ALIASES
from iprhub.countries.reference import ReferenceData

# the jurisdictions issue #5 asks for: IP5, ASEAN, GCC, Central Asia, African and Latin American BRI partners
ISSUE_TARGETS: tuple[str, ...] = (
    "CN", "US", "EP", "JP", "KR",
    "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN",
    "SA", "AE", "QA", "KW", "BH", "OM",
    "KZ", "UZ", "KG", "TJ", "TM",
    "EG", "NG", "KE", "ZA", "ET", "MA", "DZ",
    "BR", "MX", "AR", "CL", "PE", "CO",
)
# a field is present for a jurisdiction when any of these parameters has a row
LAW_FIELDS: dict[str, tuple[str, ...]] = {
    "invention_patent_term": ("invention_patent_term",),
    "utility_model": ("utility_model_available", *UTILITY_ALIASES),
    "utility_model_term": UTILITY_ALIASES,
    "novelty_grace_period": ("novelty_grace_period",),
    "trademark_term": ("trademark_term",),
    "trademark_opposition_period": ("trademark_opposition_period",),
    "patent_opposition_period": ("patent_opposition_period", "pre_grant_opposition_period"),
    "design_term": ("design_term",),
}


class FieldCoverage(BaseModel):
    field: str
    count: int
    jurisdictions: list[str]
    targets_missing: list[str]  # issue targets without the field


class RegionalCoverage(BaseModel):
    system: str
    members: int  # distinct states
    dated: int  # distinct states with at least one dated membership


class CoverageReport(BaseModel):
    jurisdictions_with_law_parameters: int
    targets_with_law_parameters: int
    law_fields: list[FieldCoverage]
    pct_states: int
    pct_states_with_limit: int  # months known
    pct_states_closed: int  # no national phase (regional phase only)
    pct_states_missing: list[str]
    regional: list[RegionalCoverage]

    def field(self, name: str) -> FieldCoverage:
        return next(f for f in self.law_fields if f.field == name)


def coverage(ref: ReferenceData) -> CoverageReport:
    """Count, per fact, the jurisdictions that have it in ``ref``."""
    present: dict[str, set[str]] = {}
    for p in ref.law_parameters:
        present.setdefault(p.jurisdiction, set()).add(p.parameter)
    fields = []
    for name, parameters in LAW_FIELDS.items():
        have = sorted(j for j, params in present.items() if params.intersection(parameters))
        fields.append(FieldCoverage(field=name, count=len(have), jurisdictions=have,
                                    targets_missing=[t for t in ISSUE_TARGETS if t not in have]))
    pct = sorted({t.iso2 for t in ref.treaties if t.treaty_id == "pct" and t.status == "party" and t.iso2
                  and len(t.iso2) == 2 and t.party_kind == "state"})
    limits = [ref.pct_limits[c] for c in pct if c in ref.pct_limits]
    regional = [RegionalCoverage(system=s.code, members=len({m.iso2 for m in s.members}),
                                 dated=len({m.iso2 for m in s.members if m.from_date}))
                for s in ref.regional_systems]
    return CoverageReport(
        jurisdictions_with_law_parameters=len(present),
        targets_with_law_parameters=sum(1 for t in ISSUE_TARGETS if t in present),
        law_fields=fields, pct_states=len(pct),
        pct_states_with_limit=sum(1 for lim in limits if lim.chapter1_months is not None),
        pct_states_closed=sum(1 for lim in limits if lim.national_phase_closed),
        pct_states_missing=[c for c in pct if c not in ref.pct_limits], regional=regional)


def main() -> None:
    from iprhub.countries.reference import packaged_reference

    report = coverage(packaged_reference())
    print(f"law parameters: {report.jurisdictions_with_law_parameters} jurisdictions "
          f"({report.targets_with_law_parameters} of {len(ISSUE_TARGETS)} issue targets)")
    for f in report.law_fields:
        print(f"  {f.field}: {f.count}; targets missing: {', '.join(f.targets_missing) or 'none'}")
    print(f"PCT: {report.pct_states} states; limit known {report.pct_states_with_limit}, "
          f"national phase closed {report.pct_states_closed}, unknown {len(report.pct_states_missing)}: "
          f"{', '.join(report.pct_states_missing)}")
    for r in report.regional:
        print(f"regional {r.system}: {r.members} states, {r.dated} with a date")


if __name__ == "__main__":
    main()
