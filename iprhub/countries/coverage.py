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


# the parameters issue 15 names, as columns of the coverage matrix: (heading, parameters tried in order)
MATRIX_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("patent term", ("invention_patent_term",)),
    ("utility model", ("utility_model_available", *UTILITY_ALIASES)),
    ("UM term", UTILITY_ALIASES),
    ("design term", ("design_term",)),
    ("grace period", ("novelty_grace_period",)),
    ("patent opposition", ("patent_opposition_period", "pre_grant_opposition_period")),
    ("TM opposition", ("trademark_opposition_period",)),
    ("exam request", ("examination_request_deadline", "invention_examination_system")),
    ("annuities from", ("annuity_start",)),
    ("working", ("working_requirement",)),
    ("languages", ("official_languages",)),
)
IP5 = ("CN", "US", "EP", "JP", "KR")


def matrix_jurisdictions(ref: ReferenceData) -> list[str]:
    """IP5, the issue targets and every Belt and Road partner in the data (the BRI list is partial)."""
    codes = list(IP5) + [c for c in ISSUE_TARGETS if c not in IP5]
    codes += sorted(b.iso2 for b in ref.bri if b.iso2 not in codes and b.iso2 != "CN")
    return codes


def _cell(ref: ReferenceData, code: str, params: tuple[str, ...]) -> str:
    fact = ref.param(code, *params)
    if fact is None:
        return "—"
    text = f"{fact.value} {fact.unit or ''}".strip().replace("|", "/")
    text = text if len(text) <= 28 else text[:27] + "…"
    return text + (" ʷ" if fact.weakly_sourced else "")


def coverage_markdown(ref: ReferenceData) -> str:
    """The coverage matrix of docs/countries.md: one row per jurisdiction, one column per named parameter,
    "—" where the data has no value (never a guess), ʷ where the fact rests only on a law-firm or other
    secondary page; the non-working-day column says whether the office's rule is recorded."""
    codes = matrix_jurisdictions(ref)
    head = ["code", *(h for h, _ in MATRIX_FIELDS), "non-working day"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    filled = {h: 0 for h, _ in MATRIX_FIELDS}
    for code in codes:
        cells = [_cell(ref, code, params) for _, params in MATRIX_FIELDS]
        for (h, _), cell in zip(MATRIX_FIELDS, cells, strict=True):
            filled[h] += cell != "—"
        rule = ref.office_rules.get(code)
        cells.append("moves to next working day" if rule and rule.shift else "—")
        lines.append(f"| {code} | " + " | ".join(cells) + " |")
    rules = sum(1 for c in codes if c in ref.office_rules)
    lines.append("")
    lines.append(f"{len(codes)} jurisdictions; known per column: " + ", ".join(
        f"{h} {n}" for h, n in filled.items()) + f", non-working day {rules}.")
    return "\n".join(lines)


def audit_markdown() -> str:
    """The fact-audit table of docs/countries.md, from ``data/fact_audit.csv``."""
    import csv
    import io
    from importlib import resources

    text = resources.files("iprhub.countries.data").joinpath("fact_audit.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    agree = sum(r["verdict"] == "agrees" for r in rows)
    now = sum(r["now"].startswith("agrees") for r in rows)
    lines = ["| # | code | field | value in the data | verdict | official source | evidence | in the data now |",
             "|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(rows, 1):
        lines.append(f"| {i} | {r['jurisdiction']} | {r['field']} | {r['recorded']} | {r['verdict']} | "
                     f"{r['official_source']} ({r['source_kind']}, {r['checked']}) | {r['evidence']} | {r['now']} |")
    lines.append("")
    lines.append(f"{agree} of {len(rows)} agreed as first recorded; {len(rows) - agree} disagreed and are corrected "
                 f"(fact_checks.csv). In the data now {now} of {len(rows)} agree with the official text as read; "
                 f"{len(rows) - now} rest on secondary reports of the statute and are flagged weakly sourced.")
    return "\n".join(lines)


def main() -> None:
    import sys

    from iprhub.countries.reference import packaged_reference

    if "--markdown" in sys.argv:
        print(coverage_markdown(packaged_reference()))
        return
    if "--audit" in sys.argv:
        print(audit_markdown())
        return
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
