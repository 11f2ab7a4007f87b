"""Planner cases worked out by hand (dates checked against a calendar)."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.countries.dates import add_months, next_working_day, parse_date
from iprhub.countries.planner import plan
from iprhub.countries.reference import packaged_reference
from iprhub.errors import InvalidInput

D = dt.date


@pytest.fixture(scope="module")
def ref():
    return packaged_reference()


def route(p, code, kind):
    t = next(t for t in p.targets if t.code == code)
    return next(r for r in t.routes if r.route == kind)


def codes(p, code=None):
    warns = p.warnings + [w for t in p.targets if code in (None, t.code) for w in t.warnings + [
        w for r in t.routes for w in r.warnings]]
    return {w.code for w in warns}


@pytest.mark.parametrize(("start", "months", "end"), [
    (D(2024, 8, 31), 6, D(2025, 2, 28)), (D(2023, 8, 31), 6, D(2024, 2, 29)), (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 31, D(2026, 9, 29)), (D(2024, 1, 31), 1, D(2024, 2, 29)), (D(2025, 12, 31), 30, D(2028, 6, 30)),
])
def test_add_months_month_end(start, months, end):
    assert add_months(start, months) == end


def test_next_working_day():
    assert next_working_day(D(2026, 2, 28), [5, 6]) == D(2026, 3, 2)  # Saturday -> Monday
    assert next_working_day(D(2026, 2, 28), [4, 5]) == D(2026, 3, 1)  # Fri/Sat weekend -> Sunday


@pytest.mark.parametrize("text", ["2026/03/01", "01-03-2026", "2026-3-1", "", "tomorrow"])
def test_malformed_dates(text):
    with pytest.raises(InvalidInput) as err:
        parse_date(text)
    assert err.value.field == "date"


@pytest.mark.parametrize("text", ["2026-02-30", "2025-02-29", "2026-13-01", "2026-04-31"])
def test_impossible_dates(text):
    with pytest.raises(InvalidInput, match="not a real calendar date"):
        parse_date(text)


def test_issue_example_routes(ref):
    p = plan(ref, "CN", "2026-03-01", "invention", "VN,TH,KZ,SA,EG,BR", today=D(2026, 2, 1))
    assert [t.code for t in p.targets] == ["VN", "TH", "KZ", "SA", "EG", "BR"]
    assert p.planned and "planned_filing" in codes(p)
    vn = route(p, "VN", "pct")
    assert [d.date for d in vn.deadlines] == [D(2027, 3, 1), D(2028, 10, 1)]  # 12 and 31 months
    assert route(p, "TH", "pct").deadlines[1].date == D(2028, 9, 1)  # 30 months
    # SA: 30 months = 2028-09-01, a Friday; SAIP is closed Friday and Saturday -> Sunday 2028-09-03
    sa = route(p, "SA", "pct").deadlines[1]
    assert (sa.legal_date, sa.date, sa.shifted) == (D(2028, 9, 1), D(2028, 9, 3), True)
    kz = next(t for t in p.targets if t.code == "KZ")
    assert {r.route for r in kz.routes} == {"paris", "pct", "regional_paris", "regional_pct"}
    assert route(p, "KZ", "regional_pct").deadlines[1].date == D(2028, 10, 1)  # EA 31 months
    assert kz.pph == []  # the CNIPA-EAPO pilot ended on 2023-03-31 (issue 15)
    assert any(w.code == "pph_closed" and "EAPO" in w.message for w in kz.warnings)
    assert [o.office for o in next(t for t in p.targets if t.code == "EG").pph] == ["EGYPO"]
    # the unified GCC patent ended in 2021: shown as closed
    assert route(p, "SA", "regional_paris").available is False
    assert next(t for t in p.targets if t.code == "BR").grace_period.startswith("12")


def test_month_end_priority_and_office_rules(ref):
    # design first filed 2025-08-31: 6 months end 2026-02-28 (no 31st in February), a Saturday
    p = plan(ref, "CN", "2025-08-31", "design", "VN,SA,JP", today=D(2025, 9, 1))
    vn = route(p, "VN", "paris").deadlines[0]
    assert (vn.legal_date, vn.date, vn.shifted) == (D(2026, 2, 28), D(2026, 2, 28), False)  # VN rule unknown
    assert "no_shift_rule" in codes(p, "VN")
    assert route(p, "SA", "paris").deadlines[0].date == D(2026, 3, 1)  # SAIP open on Sunday
    assert route(p, "JP", "paris").deadlines[0].date == D(2026, 3, 2)  # JPO closed Sat/Sun -> Monday


def test_leap_year(ref):
    p = plan(ref, "CN", "2024-02-29", "invention", "VN", today=D(2024, 3, 1))
    assert route(p, "VN", "paris").deadlines[0].date == D(2025, 2, 28)
    assert route(p, "VN", "pct").deadlines[1].date == D(2026, 9, 29)
    p = plan(ref, "CN", "2023-08-31", "design", "VN", today=D(2023, 9, 1))
    assert route(p, "VN", "paris").deadlines[0].date == D(2024, 2, 29)


def test_cnipa_moves_the_pct_filing_deadline(ref):
    # 2025-03-01 + 12 months = 2026-03-01, a Sunday: CNIPA (receiving office) rule moves it to Monday
    d = route(plan(ref, "CN", "2025-03-01", "invention", "VN", today=D(2025, 3, 2)), "VN", "pct").deadlines[0]
    assert (d.legal_date, d.date) == (D(2026, 3, 1), D(2026, 3, 2))


def test_non_member_target(ref):
    p = plan(ref, "CN", "2026-01-05", "invention", "MM", today=D(2026, 1, 6))
    assert route(p, "MM", "paris").available is False and route(p, "MM", "pct").available is False
    assert "route_unavailable" in codes(p, "MM")
    p = plan(ref, "CN", "2026-01-05", "invention", "AR", today=D(2026, 1, 6))
    assert route(p, "AR", "paris").available is True and route(p, "AR", "pct").available is False


def test_route_opened_after_priority_date(ref):
    # Saudi Arabia joined Hague on 2025-04-07; a design first filed 2025-01-15 keeps priority to 2025-07-15
    r = route(plan(ref, "CN", "2025-01-15", "design", "SA", today=D(2025, 2, 1)), "SA", "hague")
    assert r.available is True and r.opens_on == D(2025, 4, 7)
    assert any(w.code == "route_opens_later" for w in r.warnings)
    # filed 2024-06-03, the priority window closed 2024-12-03, before Saudi Arabia joined
    r = route(plan(ref, "CN", "2024-06-03", "design", "SA", today=D(2024, 7, 1)), "SA", "hague")
    assert r.available is False
    # Ethiopia joined Paris on 2025-08-15
    r = route(plan(ref, "CN", "2025-03-03", "invention", "ET", today=D(2025, 4, 1)), "ET", "paris")
    assert r.available is True and r.opens_on == D(2025, 8, 15)
    # Thailand is not in Hague
    assert route(plan(ref, "CN", "2025-03-03", "design", "TH", today=D(2025, 4, 1)), "TH", "hague").available is False


def test_deadline_already_passed(ref):
    p = plan(ref, "CN", "2024-01-15", "invention", "TH", today=D(2026, 3, 1))
    paris, pct = route(p, "TH", "paris"), route(p, "TH", "pct")
    assert paris.deadlines[0].passed and pct.deadlines[0].passed
    assert pct.deadlines[1].date == D(2026, 7, 15) and not pct.deadlines[1].passed
    assert "deadline_passed" in codes(p, "TH") and not p.planned


def test_trademark_routes(ref):
    p = plan(ref, "CN", "2026-01-10", "trademark", "TH,SA", today=D(2026, 1, 11))
    assert route(p, "TH", "madrid").available is True
    assert route(p, "TH", "madrid").deadlines[0].date == D(2026, 7, 10)
    assert route(p, "SA", "madrid").available is False  # Saudi Arabia not in the Madrid Protocol
    assert route(p, "TH", "paris").deadlines[0].legal_date == D(2026, 7, 10)


def test_oapi_member_has_only_the_regional_office(ref):
    p = plan(ref, "CN", "2026-01-05", "invention", "SN", today=D(2026, 1, 6))
    routes = {r.route for r in p.targets[0].routes}
    assert routes == {"regional_paris", "regional_pct"}
    assert route(p, "SN", "regional_pct").deadlines[1].date == D(2028, 7, 5)  # OA 30 months
    assert "unknown_data" not in codes(p, "SN")  # OAPI membership dates are in the data (WIPO Lex)


def test_unknown_pct_limit_is_not_guessed(ref):
    # Lao PDR is a PCT member; its national phase limit is not in the data
    r = route(plan(ref, "CN", "2026-01-05", "invention", "LA", today=D(2026, 1, 6)), "LA", "pct")
    assert r.deadlines[1].date is None and r.deadlines[1].months is None
    assert any(w.code == "unknown_data" for w in r.warnings)


@pytest.mark.parametrize(("args", "field", "text"), [
    (("CN", "2026-03-01", "invention", "VX"), "targets", "did you mean"),
    (("CN", "2026-03-01", "invention", "VNM"), "targets", "did you mean VN"),
    (("XX", "2026-03-01", "invention", "VN"), "first_filing", "unknown country code"),
    (("CN", "2026-02-30", "invention", "VN"), "date", "not a real calendar date"),
    (("CN", "1 March 2026", "invention", "VN"), "date", "YYYY-MM-DD"),
    (("CN", "2026-03-01", "invention", "VN,CN"), "targets", "first-filing country"),
    (("CN", "2026-03-01", "copyright", "VN"), "type", "unknown right type"),
    (("CN", "2026-03-01", "invention", " , "), "targets", "no target"),
    (("CN", "2026-03-01", "invention", "EP"), "targets", "regional organisation"),
])
def test_bad_input(ref, args, field, text):
    with pytest.raises(InvalidInput) as err:
        plan(ref, *args, today=D(2026, 1, 1))
    assert err.value.field == field and text in str(err.value)


def test_duplicate_targets_are_merged(ref):
    p = plan(ref, "cn", "2026-03-01", "utility", ["vn", "VN, th"], today=D(2026, 1, 1))
    assert [t.code for t in p.targets] == ["VN", "TH"]


def test_cn_to_de_gets_the_ep_route_at_31_months(ref):
    p = plan(ref, "CN", "2026-03-01", "invention", "DE", today=D(2026, 2, 1))
    ep = route(p, "DE", "regional_pct")
    assert ep.office == "EP" and ep.available
    # 12 and 31 months; 2028-10-01 is a Sunday: EPC Rule 134(1) moves it to Monday
    assert [d.date for d in ep.deadlines] == [D(2027, 3, 1), D(2028, 10, 2)]
    assert ep.deadlines[1].legal_date == D(2028, 10, 1) and ep.deadlines[1].shifted
    assert "DE covered through EP from 1977-10-07" in ep.availability
    assert route(p, "DE", "regional_paris").available


def test_montenegro_ep_route_as_member_not_as_extension(ref):
    # priority before the accession (2022-10-01): a Paris EP filing within 12 months is after it and covers ME
    p = plan(ref, "CN", "2022-03-01", "invention", "ME", today=D(2022, 3, 2))
    regional = [r for r in next(t for t in p.targets if t.code == "ME").routes if r.route == "regional_paris"]
    member = next(r for r in regional if "2022-10-01" in r.availability)
    assert member.available and member.opens_on == D(2022, 10, 1)
    assert "route_opens_later" in {w.code for w in member.warnings}


def test_georgia_validation_opens_later(ref):
    p = plan(ref, "CN", "2023-06-01", "invention", "GE", today=D(2023, 6, 2))
    r = route(p, "GE", "regional_paris")
    assert r.available and r.opens_on == D(2024, 1, 15)
    p = plan(ref, "CN", "2022-06-01", "invention", "GE", today=D(2022, 6, 2))
    assert route(p, "GE", "regional_paris").available is False


def test_closed_national_route_leaves_the_ep_route(ref):
    p = plan(ref, "CN", "2026-03-01", "invention", "FR,US", today=D(2026, 2, 1))
    national = route(p, "FR", "pct")
    assert national.available is False and national.availability.startswith("no national phase")
    assert route(p, "FR", "regional_pct").deadlines[1].date == D(2028, 10, 2)  # Sunday -> Monday (EPC R. 134)
    assert route(p, "US", "pct").deadlines[1].legal_date == D(2028, 9, 1)  # 30 months


def test_oapi_route_before_comoros_joined(ref):
    p = plan(ref, "CN", "2011-06-01", "invention", "KM", today=D(2011, 6, 2))
    r = route(p, "KM", "regional_paris")
    assert r.available is False and "only from 2013-05-25" in r.availability
    p = plan(ref, "CN", "2012-06-01", "invention", "KM", today=D(2012, 6, 2))
    assert route(p, "KM", "regional_paris").opens_on == D(2013, 5, 25)
