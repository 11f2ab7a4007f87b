"""Facts added to close the coverage gaps of issue #5, checked against the packaged data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iprhub.countries.coverage import ISSUE_TARGETS, coverage
from iprhub.countries.reference import packaged_reference

D = dt.date


@pytest.fixture(scope="module")
def ref():
    return packaged_reference()


def _ep(ref, code, role="EPC member state"):
    return next(m for m in ref.system("EP").members if m.iso2 == code and m.role == role)


def test_epc_has_39_member_states(ref):
    members = {m.iso2 for m in ref.system("EP").members if m.role == "EPC member state"}
    assert len(members) == 39
    assert {"DE", "FR", "GB", "NL", "TR", "PL", "NO", "CH", "ME"} <= members
    assert all(m.from_date and m.source_quality == "official" for m in ref.system("EP").members
               if m.role == "EPC member state")


@pytest.mark.parametrize(("code", "day"), [("DE", D(1977, 10, 7)), ("TR", D(2000, 11, 1)), ("PL", D(2004, 3, 1)),
                                           ("NO", D(2008, 1, 1)), ("RS", D(2010, 10, 1)), ("ME", D(2022, 10, 1))])
def test_epc_accession_dates(ref, code, day):
    assert _ep(ref, code).from_date == day


def test_ep_extension_and_validation_states(ref):
    assert _ep(ref, "ME", "extension").until_date == D(2022, 9, 30)
    assert _ep(ref, "GE", "validation").from_date == D(2024, 1, 15)
    assert _ep(ref, "LA", "validation").from_date == D(2025, 4, 1)
    assert {m.iso2 for m in ref.system("EP").members if m.role == "validation"} == {"MA", "MD", "TN", "KH", "GE", "LA"}


@pytest.mark.parametrize(("office", "months"), [("US", 30), ("NZ", 31), ("ZA", 31), ("NO", 31), ("TR", 30),
                                                ("MY", 30), ("MA", 31), ("UA", 31), ("MN", 31), ("QA", 30)])
def test_new_pct_national_phase_limits(ref, office, months):
    assert ref.pct_limits[office].chapter1_months == months


def test_pct_exceptions_added(ref):
    assert ref.pct_limits["TR"].late_entry_months == 33 and ref.pct_limits["ZA"].late_entry_months == 34
    assert (ref.pct_limits["TJ"].chapter1_months, ref.pct_limits["TJ"].chapter2_months) == (30, 31)
    assert ref.pct_limits["LI"].chapter1_months == 30  # via the Swiss office


@pytest.mark.parametrize("code", ["FR", "NL", "BE", "IE", "ME", "LT", "SN", "CM"])
def test_closed_national_routes(ref, code):
    limit = ref.pct_limits[code]
    assert limit.national_phase_closed and limit.chapter1_months is None
    assert not ref.pct_limits["DE"].national_phase_closed


@pytest.mark.parametrize(("code", "parameter", "value"), [
    ("SG", "invention_patent_term", "20"), ("ET", "invention_patent_term", "15 + 5"), ("MY", "novelty_grace_period", "12"),
    ("KZ", "novelty_grace_period", "6"), ("AE", "novelty_grace_period", "12"), ("JP", "trademark_opposition_period", "2"),
    ("EP", "patent_opposition_period", "9"), ("KG", "utility_model_term", "10"), ("TM", "utility_model_available", "no"),
    ("US", "utility_model_available", "no"), ("MX", "trademark_opposition_period", "1"),
])
def test_new_law_parameters(ref, code, parameter, value):
    p = ref.param(code, parameter)
    assert p is not None and p.value == value and p.origin == "gap_fill" and p.source.strip()


def test_law_parameter_sources_are_rated(ref):
    rated = {"statute", "official", "official_eu_helpdesk", "law_firm_page", "ip_service_site", "secondary",
             "secondary_code", "qa_site", "treaty"}  # treaty: a WIPO/treaty-body source (fact checks)
    assert {p.source_quality for p in ref.law_parameters} <= rated


def test_coverage_report(ref):
    report = coverage(ref)
    assert report.jurisdictions_with_law_parameters >= 40
    assert report.targets_with_law_parameters == len(ISSUE_TARGETS)
    assert report.field("invention_patent_term").count >= 40
    assert report.pct_states == 158 and report.pct_states_closed == 30
    assert report.pct_states_with_limit + report.pct_states_closed + len(report.pct_states_missing) == 158
    ep = next(r for r in report.regional if r.system == "EP")
    assert ep.members == ep.dated


def _member(ref, system, code):
    return next(m for m in ref.system(system).members if m.iso2 == code)


def test_eapo_and_oapi_dates(ref):
    assert _member(ref, "EA", "TJ").from_date == D(1995, 8, 12)
    assert _member(ref, "EA", "KZ").from_date is None  # deposit date known, entry into force not: stays unknown
    assert "1995-08-04" in _member(ref, "EA", "KZ").note
    assert _member(ref, "OA", "KM").from_date == D(2013, 5, 25)
    assert _member(ref, "OA", "GQ").from_date == D(2000, 11, 23)
    assert all(m.from_date for m in ref.system("OA").members)


def test_docs_coverage_table_matches_the_data(ref):
    """The coverage figures in docs/countries.md are the computed ones."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "countries.md").read_text(encoding="utf-8")
    report = coverage(ref)
    f = report.field
    law = next(line for line in docs.splitlines() if line.startswith("| law parameters"))
    for text in (f"{report.jurisdictions_with_law_parameters} jurisdictions with any field",
                 f"all {report.targets_with_law_parameters} issue targets",
                 f"Invention term {f('invention_patent_term').count} ", f"utility model availability or term "
                 f"{f('utility_model').count} ", f"of which a term {f('utility_model_term').count} ",
                 f"novelty grace period {f('novelty_grace_period').count} ", f"trademark term {f('trademark_term').count} ",
                 f"trademark opposition period {f('trademark_opposition_period').count} ",
                 f"patent opposition period {f('patent_opposition_period').count} ", f"design term {f('design_term').count} "):
        assert text in law, text
    pct = next(line for line in docs.splitlines() if line.startswith("| PCT national-phase limits"))
    resolved = report.pct_states_with_limit + report.pct_states_closed
    assert f"{resolved} of {report.pct_states} PCT states" in pct
    assert f"{report.pct_states_with_limit} with a limit in months, {report.pct_states_closed} with no national phase" in pct
    assert f"PCT limits of {len(report.pct_states_missing)} PCT states ({', '.join(report.pct_states_missing[:5])}" in docs
    assert f"| {len(ref.pct_limits)} | {resolved} of" in pct
