"""Real facts from ../shared/reference (and the gap-fill files) as packaged and loaded."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from iprhub.countries.reference import data_files, packaged_reference, packaged_version
from iprhub.errors import InvalidInput

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"
D = dt.date


@pytest.fixture(scope="module")
def ref():
    return packaged_reference()


@pytest.mark.parametrize(("code", "treaty", "in_force"), [
    ("CN", "pct", D(1994, 1, 1)), ("CN", "madrid_protocol", D(1995, 12, 1)), ("CN", "hague", D(2022, 5, 5)),
    ("KZ", "pct", D(1991, 12, 25)), ("VN", "madrid_protocol", D(2006, 7, 11)), ("BR", "madrid_protocol", D(2019, 10, 2)),
    ("SA", "hague", D(2025, 4, 7)), ("TH", "pct", D(2009, 12, 24)), ("ET", "paris", D(2025, 8, 15)),
])
def test_treaty_in_force_dates(ref, code, treaty, in_force):
    assert ref.member(code, treaty).in_force_date == in_force


def test_non_members(ref):
    assert ref.member("TH", "hague") is None and ref.member("SA", "madrid_protocol") is None
    assert ref.member("AR", "pct") is None and ref.member("MM", "paris") is None


def test_treaty_rows_match_the_reference_file(ref):
    with (REFERENCE / "treaty_membership_long.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(ref.treaties) == len(rows) == 2627
    kz = next(r for r in rows if r["iso2"] == "KZ" and r["treaty_id"] == "pct")
    assert kz["action_type"] == "Succession" and ref.member("KZ", "pct").action_type == "Succession"


@pytest.mark.parametrize(("office", "start"), [("JPO", D(2011, 11, 1)), ("USPTO", D(2011, 12, 1)),
                                               ("SAIP", D(2020, 11, 1)), ("EGYPO", D(2017, 7, 1)),
                                               ("EAPO", D(2018, 4, 1)), ("ARIPO", D(2024, 6, 8))])
def test_cnipa_pph_partners(ref, office, start):
    tie = next(t for t in ref.pph if t.programme == "bilateral" and t.partner_office == office)
    assert tie.start_date == start


def test_pph_counts_and_unknown_start_dates(ref):
    bilateral = [t for t in ref.pph if t.programme == "bilateral"]
    assert len(bilateral) == 29
    assert {t.partner_office for t in bilateral if t.start_date is None} == {"ROSPATENT", "DKPTO", "PRH", "PPO", "HIPO"}
    assert {t.iso2 for t in ref.pph if t.programme == "ip5"} == {"KR", "JP", "CN", "US", None}


@pytest.mark.parametrize(("office", "months"), [("KR", 31), ("IN", 31), ("KZ", 31), ("VN", 31), ("EA", 31),
                                                ("EP", 31), ("JP", 30), ("CN", 30), ("TH", 30), ("SA", 30),
                                                ("OA", 30), ("BA", 34), ("LU", 20)])
def test_pct_national_phase_limits(ref, office, months):
    assert ref.pct_limits[office].chapter1_months == months


def test_pct_exceptions(ref):
    assert ref.pct_limits["AZ"].chapter2_months == 31 and ref.pct_limits["AZ"].chapter1_months == 30
    assert ref.pct_limits["CA"].late_entry_months == 42 and ref.pct_limits["CN"].late_entry_months == 32


def test_regional_systems(ref):
    assert {m.iso2 for m in ref.system("EA").members} == {"AM", "AZ", "BY", "KZ", "KG", "RU", "TJ", "TM"}
    assert len(ref.system("OA").members) == 17 and ref.system("OA").sole_office
    assert next(m for m in ref.system("AP").members if m.iso2 == "RW").from_date == D(2011, 9, 24)
    assert not ref.system("GC").pct_route


def test_every_row_names_its_source(ref):
    assert all(p.source.strip() for p in ref.law_parameters)
    assert all(x.source_url.strip() for x in ref.pct_limits.values())
    assert all(m.source_url.strip() for s in ref.regional_systems for m in s.members)
    assert all(r.source_url.strip() for r in ref.office_rules.values())
    assert all(v.source_url.strip() for v in ref.indicator_values)


def test_law_parameters_copy_the_reference(ref):
    with (REFERENCE / "country_ip_parameters.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    reference = [p for p in ref.law_parameters if p.origin == "reference"]
    assert len(reference) == len(rows) == 97
    assert ref.param("CN", "novelty_grace_period").value == "6"
    assert ref.param("CN", "design_term").value == "15"
    assert ref.param("EG", "utility_model_term").value == "7"  # gap fill, Law 82/2002 Art. 30


def test_indicators_match_the_reference(ref):
    hv = next(d for d in ref.indicators if d.indicator_id == "hvip_per_10k")
    assert (hv.baseline_value, hv.target_2025, hv.in_outline) == (6.3, 12, True)
    pledge = next(d for d in ref.indicators if d.indicator_id == "ip_pledge_financing")
    assert pledge.target_2025 is None  # not found: stays unknown
    assert len(ref.indicator_values) == 81


def test_pph_reference_json_is_packaged_verbatim():
    packaged = json.loads((Path(__file__).resolve().parents[2] / "iprhub/countries/data/pph_reference.json")
                          .read_text(encoding="utf-8"))
    assert packaged == json.loads((REFERENCE / "pph_reference.json").read_text(encoding="utf-8"))


def test_version_stamp():
    version = packaged_version()
    assert version.startswith("1-") and len(version) == 14
    assert "gap_pct_time_limits.csv" in data_files()


@pytest.mark.parametrize(("text", "hint"), [("VNM", "VN"), ("vietnam", "VN"), ("Kazakstan", "KZ")])
def test_unknown_codes_get_a_suggestion(ref, text, hint):
    with pytest.raises(InvalidInput) as err:
        ref.resolve(text)
    assert f"did you mean {hint}" in str(err.value)
    assert err.value.field == "country"
