"""Issue 15 planner defects: no right a country does not grant, programmes only while open, every
recorded non-working-day rule applied, translations where recorded, deadlines as iCalendar."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.countries.dates import next_working_day
from iprhub.countries.ics import plan_ics
from iprhub.countries.planner import plan
from iprhub.countries.reference import packaged_reference

D = dt.date


@pytest.fixture(scope="module")
def ref():
    return packaged_reference()


def target(p, code):
    return next(t for t in p.targets if t.code == code)


def route(p, code, kind):
    return next(r for r in target(p, code).routes if r.route == kind)


def warning_codes(t):
    return [w.code for w in t.warnings]


# 1. Singapore grants no utility models (Patents Act: one kind of patent) -----------------------
def test_no_utility_model_route_for_singapore(ref):
    p = plan(ref, "CN", "2025-03-03", "utility", "SG,MY", today=D(2025, 1, 1))
    sg = target(p, "SG")
    assert sg.routes == []
    assert "right_not_granted" in warning_codes(sg)
    assert "SG does not grant utility models" in next(w.message for w in sg.warnings if w.code == "right_not_granted")
    assert {r.route for r in target(p, "MY").routes} == {"paris", "pct"}  # Malaysia grants them
    invention = plan(ref, "CN", "2025-03-03", "invention", "SG", today=D(2025, 1, 1))
    assert {r.route for r in target(invention, "SG").routes} == {"paris", "pct"}


def test_utility_model_unknown_is_said_not_refused(ref):
    p = plan(ref, "CN", "2025-03-03", "utility", "PE", today=D(2025, 1, 1))
    assert "right_not_granted" not in warning_codes(target(p, "PE"))
    assert any("unknown in the data" in w.message for w in target(p, "PE").warnings)


# 2. PPH programmes with their terms -------------------------------------------------------------
def test_ended_cnipa_eapo_pph_is_not_offered_for_a_2024_filing(ref):
    p = plan(ref, "CN", "2024-05-06", "invention", "KZ,RU", today=D(2024, 1, 1))
    kz, ru = target(p, "KZ"), target(p, "RU")
    assert kz.pph == []
    assert all(o.office != "EAPO" for o in ru.pph)
    closed = next(w for w in kz.warnings if w.code == "pph_closed")
    assert "ended on 2023-03-31" in closed.message


def test_pph_ending_inside_the_window_is_offered_with_a_warning(ref):
    # priority 2022-01-10: the EA regional phase runs to 2024-08; the pilot ended on 2023-03-31
    p = plan(ref, "CN", "2022-01-10", "invention", "KZ", today=D(2022, 1, 1))
    kz = target(p, "KZ")
    assert [(o.office, o.until) for o in kz.pph] == [("EAPO", D(2023, 3, 31))]
    assert any(w.code == "pph_ends" and "2023-03-31" in w.message for w in kz.warnings)


def test_jpo_term_end_inside_the_window(ref):
    p = plan(ref, "CN", "2027-06-01", "invention", "JP", today=D(2027, 1, 1))
    jp = target(p, "JP")
    bilateral = next(o for o in jp.pph if o.programme == "CNIPA bilateral PPH")
    assert bilateral.until == D(2028, 10, 31)
    assert any(w.code == "pph_ends" and "unless it is renewed" in w.message for w in jp.warnings)
    before = plan(ref, "CN", "2025-06-01", "invention", "JP", today=D(2025, 1, 1))
    assert "pph_ends" not in warning_codes(target(before, "JP"))  # 31 months end 2028-01: before the term ends


def test_lapsed_term_without_recorded_renewal_is_not_offered(ref):
    p = plan(ref, "CN", "2024-05-06", "invention", "SG", today=D(2024, 1, 1))
    sg = target(p, "SG")
    assert all(o.programme != "CNIPA bilateral PPH" for o in sg.pph)
    assert any("no renewal is in the data" in w.message for w in sg.warnings if w.code == "pph_closed")


# 3. Madrid and Hague only when both are members on the date ---------------------------------------
def test_hague_not_offered_before_saudi_arabia_joined(ref):
    early = plan(ref, "CN", "2023-06-01", "design", "SA", today=D(2023, 1, 1))
    assert route(early, "SA", "hague").available is False  # SA party from 2025-04-07
    later = plan(ref, "CN", "2025-06-02", "design", "SA", today=D(2025, 1, 1))
    assert route(later, "SA", "hague").available is True


def test_madrid_opens_inside_the_window_for_qatar(ref):
    before = plan(ref, "CN", "2024-01-10", "trademark", "QA", today=D(2024, 1, 1))
    assert route(before, "QA", "madrid").available is False  # deadline 2024-07-10, QA party from 2024-08-03
    inside = plan(ref, "CN", "2024-06-03", "trademark", "QA", today=D(2024, 1, 1))
    madrid = route(inside, "QA", "madrid")
    assert madrid.available is True and madrid.opens_on == D(2024, 8, 3)


def test_hague_not_offered_before_china_joined(ref):
    p = plan(ref, "CN", "2021-06-01", "design", "US", today=D(2021, 1, 1))
    assert route(p, "US", "hague").available is False  # CN party from 2022-05-05


# 4. Non-working-day rules: every office with a recorded rule --------------------------------------
# (first filing, target, right, route, which deadline) reaching each office that has a rule
OFFICE_CASES = {
    "CN": ("US", "CN", "invention", "paris", 0),
    "JP": ("CN", "JP", "invention", "paris", 0),
    "SA": ("CN", "SA", "invention", "paris", 0),
    "US": ("CN", "US", "invention", "paris", 0),
    "IB": ("CN", "US", "design", "hague", 0),
    "EP": ("CN", "DE", "invention", "regional_pct", 1),
    "PH": ("CN", "PH", "invention", "paris", 0),
}


def test_every_recorded_rule_has_a_case(ref):
    assert set(OFFICE_CASES) == {o for o, r in ref.office_rules.items() if r.shift}


@pytest.mark.parametrize("office", sorted(OFFICE_CASES))
def test_deadline_on_a_closed_day_moves_for_each_recorded_rule(ref, office):
    first, code, kind, which, index = OFFICE_CASES[office]
    rule = ref.office_rules[office]
    for offset in range(14):  # some priority date within two weeks puts the legal date on a closed day
        prio = D(2025, 3, 3) + dt.timedelta(days=offset)
        d = route(plan(ref, first, prio, kind, code, today=D(2025, 1, 1)), code, which).deadlines[index]
        assert d.office == office
        if d.legal_date.weekday() in rule.weekend_days:
            break
    else:
        pytest.fail(f"no closed day found for {office}")
    assert d.shifted and d.date == next_working_day(d.legal_date, rule.weekend_days) > d.legal_date
    assert d.date.weekday() not in rule.weekend_days
    assert "next working day" in d.rule


def test_unknown_rule_is_said_and_the_date_kept(ref):
    # 12 months from 2025-01-10 = Saturday 2026-01-10; VN's closing days are not in the data
    p = plan(ref, "CN", "2025-01-10", "invention", "VN", today=D(2025, 1, 1))
    d = route(p, "VN", "paris").deadlines[0]
    assert (d.legal_date, d.date, d.shifted) == (D(2026, 1, 10), D(2026, 1, 10), False)
    assert "not in the data" in d.rule
    assert any(w.code == "no_shift_rule" and "office VN" in w.message for w in target(p, "VN").warnings)


# 5. National and regional phase translations -------------------------------------------------------
def test_translation_requirements_where_recorded(ref):
    p = plan(ref, "US", "2025-03-03", "invention", "CN,DE,VN", today=D(2025, 1, 1))
    cn = route(p, "CN", "pct")
    assert [t.basis for t in cn.translations] == ["专利法实施细则 (2023) 第一百二十条、第一百二十一条"]
    assert cn.translations[0].source_kind == "statute"
    assert [t.basis for t in route(p, "DE", "regional_pct").translations] == ["EPC Rule 159(1)(a)"]
    vn = route(p, "VN", "pct")
    assert vn.translations == [] and any(w.code == "translation_unknown" for w in vn.warnings)


# 6. iCalendar ---------------------------------------------------------------------------------
def test_ics_has_one_event_per_dated_deadline(ref):
    p = plan(ref, "CN", "2025-01-10", "invention", "VN,SG,KZ", today=D(2025, 1, 1))
    text = plan_ics(p)
    dated = [d for t in p.targets for r in t.routes if r.available is not False for d in r.deadlines if d.date]
    assert text.count("BEGIN:VEVENT") == len(dated) > 0
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    # the shifted PCT deadline (CN office, Saturday 2026-01-10 -> Monday) is the date in the calendar
    assert "DTSTART;VALUE=DATE:20260112" in text
    assert len({line for line in text.split("\r\n") if line.startswith("UID:")}) == len(dated)
    assert plan_ics(p) == text  # stable
