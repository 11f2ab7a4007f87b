"""High-value criteria one by one on real documents (evidence checked by hand against the files),
quality indicators recomputed by hand on a small cohort, scorecards and their weights."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.errors import InvalidInput, NotFound
from iprhub.value.weights import parse_weights
from tests.value.conftest import make_hub

DAY = dt.date(2026, 12, 4)


def crit(report, cid):
    return next(c for c in report.high_value.criteria if c.id == cid)


def test_overseas_family_granted_member_abroad(value_hub):
    # EP 2 400 812 B1: DOCDB family 43088294 holds the US grant US 9,648,662 B2 (and CA/US applications)
    r = value_hub.value.report("EP2400812B1", as_of=DAY)
    c = crit(r, "overseas_family")
    assert c.answer == "yes" and c.evidence == ["granted family member US9648662B2 (US)"]
    assert r.high_value.answer == "yes" and r.high_value.invention


def test_overseas_family_only_applications_abroad_is_unknown(value_hub):
    # US 9,291,047 B2: family 50474376 abroad holds only applications (CA, CN, EP, RU) and a WO publication
    c = crit(value_hub.value.report("US9291047B2", as_of=DAY), "overseas_family")
    assert c.answer == "unknown"
    assert [e.split(" ")[2] for e in c.evidence] == ["CA2887530A1", "CN104968889A", "EP2906782A2", "RU2015117646A"]


def test_maintained_over_ten_years_from_the_12th_year_fee(value_hub):
    # US 11/247,241 (PEDS): filed 2005-10-12, 12th-year maintenance fee paid 2019-02-22
    c = crit(value_hub.value.report("US11247241", as_of=DAY), "maintained_over_10_years")
    assert c.answer == "yes"
    assert c.evidence[0] == "2019-02-22 M1553 Payment of Maintenance Fee, 12th Year, Large Entity"
    assert c.evidence[-1] == "in force at least 13.4 years after filing (2005-10-12)"


def test_maintenance_after_an_expiry_revived_by_late_fees(value_hub):
    # US 12/721,698: expired 2017-07-04 for the unpaid 4th-year fee, the fee was accepted late (2018-09-20)
    # and the 8th-year fee paid 2020-10-28: in force 10.6 years after filing (2010-03-11)
    c = crit(value_hub.value.report("US12721698", as_of=DAY), "maintained_over_10_years")
    assert c.answer == "yes" and c.evidence[0] == "2017-07-04 EXP. Expire Patent"
    assert c.evidence[-1] == "in force at least 10.6 years after filing (2010-03-11)"
    # before the 8th-year payment it had not been kept 10 years: as of 2019 it is "no" (filed 9 years before)
    c = crit(value_hub.value.report("US12721698", as_of=dt.date(2019, 1, 1)), "maintained_over_10_years")
    assert c.answer == "no"


def test_maintenance_unknown_and_not_yet(value_hub):
    # EP 2 400 812: renewal fees to the EPO up to 2019-06-26, 9.0 years after filing: not shown beyond 10
    c = crit(value_hub.value.report("EP2400812B1", as_of=DAY), "maintained_over_10_years")
    assert c.answer == "unknown" and "2019-06-26 EPIDOSNRFE2 New entry: Renewal fee paid" in c.evidence
    # US 10,047,600 B2 was filed 2016-02-16: under 10 years on 2025-01-01
    c = crit(value_hub.value.report("US10047600B2", as_of=dt.date(2025, 1, 1)), "maintained_over_10_years")
    assert c.answer == "no" and c.evidence == ["filed 2016-02-16: 8.9 years by 2025-01-01, under 10"]


def test_pledges_from_the_ownership_records(value_hub):
    # US 7,656,053 (application 11/890,313): two security agreements, no amount in the recordings
    c = crit(value_hub.value.report("US11890313", as_of=DAY), "high_pledge_financing")
    assert c.answer == "unknown"
    assert c.evidence[:2] == [
        "security interest 022318/0762 executed 2009-02-25: MAKANI POWER, INC. -> GOOGLE ENDEAVOR LLC",
        "security interest 026679/0019 executed 2011-07-29: MAKANI POWER, INC. -> GOOGLE ENDEAVOR LLC"]
    # 13/615,728 has one recording (a merger) and no security interest
    c = crit(value_hub.value.report("US13615728", as_of=DAY), "high_pledge_financing")
    assert c.answer == "no" and c.evidence == ["1 ownership recording(s) stored, none a security interest"]
    # no recording at all: unknown
    assert crit(value_hub.value.report("EP2400812B1", as_of=DAY), "high_pledge_financing").answer == "unknown"


def test_award_and_concordance_lists(value_db, tmp_path):
    awards = tmp_path / "awards.csv"
    awards.write_text("number,award,year\nEP2400812,test list entry,2020\n", encoding="utf-8")
    sei = tmp_path / "sei.csv"  # a test-only concordance: the mechanism, not CNIPA's table
    sei.write_text("ipc_prefix,industry,source\nH04W,test industry,test fixture\n", encoding="utf-8")
    hub = make_hub(*value_db, awards_file=str(awards), sei_concordance=str(sei))
    try:
        r = hub.value.report("EP2400812B1", as_of=DAY)
        assert crit(r, "award_winning").answer == "yes"
        assert crit(r, "award_winning").evidence == ["EP2400812: test list entry 2020"]
        assert crit(r, "strategic_emerging_industry").answer == "yes"
        assert crit(r, "strategic_emerging_industry").evidence[0] == "H04W 84/20 -> test industry (test fixture)"
        r = hub.value.report("US9291047B2", as_of=DAY)
        assert crit(r, "award_winning").answer == "no" and crit(r, "strategic_emerging_industry").answer == "no"
    finally:
        hub.close()
    bad = tmp_path / "bad.csv"
    bad.write_text("patent;prize\nx;y\n", encoding="utf-8")
    hub = make_hub(*value_db, awards_file=str(bad))
    try:
        with pytest.raises(InvalidInput) as e:
            hub.value.report("EP2400812B1", as_of=DAY)
        assert e.value.field == "value.awards_file" and e.value.position == "line 1" and str(bad) in e.value.message
    finally:
        hub.close()


def test_without_lists_the_two_criteria_are_unknown(value_hub):
    r = value_hub.value.report("US9291047B2", as_of=DAY)
    assert crit(r, "strategic_emerging_industry").answer == "unknown"
    assert "concordance is not in the store" in crit(r, "strategic_emerging_industry").evidence[0]
    assert crit(r, "award_winning").answer == "unknown"
    assert r.high_value.answer == "unknown" and r.high_value.in_indicator_scope is False


def test_design_is_not_an_invention(value_hub):
    r = value_hub.value.report("USD586081S1", as_of=DAY)
    assert r.high_value.invention is False and r.high_value.answer == "no"


def test_quality_cohort_recomputed_by_hand(value_hub):
    # cohort: filed 2013, WIPO field "Civil engineering" (IPC E21B): one document per application —
    # CA2887530A1, CN104968889A, EP2906782A2, RU2015117646A, RU2015124071A, US9291047B2, WO2014059282A2.
    # Family offices by hand from the DOCDB families: 50474376 = CA CN EP RU US WO (6), 50726855 = CA RU US WO (4).
    # Backward citations: CN104968889A and US9291047B2 cite 5 patent documents each, the others none.
    cohort = [d.pub_number for d in value_hub.value.cohort(2013, "Civil engineering")]
    assert cohort == ["CA2887530A1", "CN104968889A", "EP2906782A2", "RU2015117646A", "RU2015124071A",
                      "US9291047B2", "WO2014059282A2"]
    q = value_hub.value.report("RU2015124071A", as_of=DAY).quality
    ind = {i.id: i for i in q.indicators}
    assert (q.cohort_year, q.cohort_field, q.cohort_size) == (2013, "Civil engineering", 7)
    assert (ind["family_size"].raw, ind["family_size"].cohort_max, ind["family_size"].normalised) == (4.0, 6.0, 0.667)
    assert (ind["backward_citations"].raw, ind["backward_citations"].cohort_max,
            ind["backward_citations"].normalised) == (0.0, 5.0, 0.0)
    assert ind["claims"].raw is None and ind["originality"].raw is None  # biblio only; no cited document stored
    q = value_hub.value.report("US9291047B2", as_of=DAY).quality
    ind = {i.id: i for i in q.indicators}
    assert ind["family_size"].normalised == 1.0 and ind["backward_citations"].normalised == 1.0


def test_forward_citations_within_the_window(value_hub):
    # USD586081S1 (published 2009-02-10) cites USD456588S1 (published 2002-05-07): 6.8 years later
    cited = value_hub.document("USD456588S1")
    assert value_hub.value.facts(cited, DAY).forward == 0  # window 5 years
    value_hub.value.settings.forward_years = 10
    try:
        assert value_hub.value.facts(cited, DAY).forward == 1
    finally:
        value_hub.value.settings.forward_years = 5


def test_forward_window_from_29_february(value_hub):
    # a document published on 29 February: its 5-year window ends on 28 February of a common year (it used to
    # raise ValueError); the Spark indicators use the same function
    from iprhub.value.indicators import window_end

    assert window_end(dt.date(2016, 2, 29), 5) == dt.date(2021, 2, 28)
    assert window_end(dt.date(2016, 2, 29), 4) == dt.date(2020, 2, 29)
    cited = value_hub.document("USD456588S1").model_copy(update={"pub_date": dt.date(2004, 2, 29)})
    value_hub.value.settings.forward_years = 5
    assert value_hub.value.facts(cited, DAY).forward == 1  # USD586081S1, 2009-02-10, inside 2004-02-29 + 5 years


def test_unknown_numbers(value_hub):
    with pytest.raises(NotFound):
        value_hub.value.report("US 1,234,567 B1")


@pytest.mark.parametrize(("text", "message"), [
    ("size=0.5,quality=0.6", "weights sum to 1.1, not 1"),
    ("size=0.5,quality", "weight 2 ('quality') is not NAME=NUMBER"),
    ("size=half,quality=0.5", "weight 1: 'half' is not a number"),
    ("size=0.5,colour=0.5", "weight 2: unknown component 'colour'"),
    ("size=1.5,quality=-0.5", "weight 2: quality=-0.5 must be a finite number >= 0"),
    ("size=nan,quality=1", "weight 1: size=nan must be a finite number >= 0"),
    ("size=0.5,size=0.5", "weight 2: size given twice"),
    ("", "no weights given"),
])
def test_weights_that_do_not_parse_or_sum_are_rejected(text, message):
    with pytest.raises(InvalidInput) as e:
        parse_weights(text)
    assert e.value.field == "weights" and e.value.message.startswith(message)


def test_scorecard_side_by_side(value_hub):
    sc = value_hub.value.scorecard(["Scientific Drilling International", "9Solutions"], as_of=DAY)
    assert sum(sc.weights.values()) == pytest.approx(1.0)
    a, b = sc.owners
    assert a.names == ["SCIENTIFIC DRILLING INTERNATIONAL, INC", "Scientific Drilling International, Inc",
                       "Scientific Drilling International, Inc."]
    for o in sc.owners:  # the composite is the weighted mean of the known components, as the rule says
        known = [c for c in o.components if c.score is not None]
        assert o.composite == pytest.approx(sum(c.weight * c.score for c in known) / sum(c.weight for c in known),
                                            abs=1e-3)
        assert o.weight_known == pytest.approx(sum(c.weight for c in known), abs=1e-3)
    for o in sc.owners:  # high-value answers per filing year add up to the answers and to the applications
        assert sum(n for v in o.high_value_by_year.values() for n in v.values()) == o.applications
        assert sum(o.by_year.values()) == o.applications
    size = {c.id: c for c in b.components}["size"]
    assert size.raw == b.applications
    custom = value_hub.value.scorecard(["9Solutions"], "size=1", as_of=DAY)
    assert custom.owners[0].composite == {c.id: c for c in custom.owners[0].components}["size"].score
    with pytest.raises(InvalidInput):
        value_hub.value.scorecard(["9Solutions"], "size=0.9")
    with pytest.raises(InvalidInput):
        value_hub.value.scorecard([" "])
    assert not sc.partial and all(o.judged == o.applications for o in sc.owners)
    limit = value_hub.value.settings.scorecard_time_limit
    value_hub.value.settings.scorecard_time_limit = 1e-9  # out of time at once: partial, and says so
    try:
        cut = value_hub.value.scorecard(["Scientific Drilling International"], as_of=DAY)
    finally:
        value_hub.value.settings.scorecard_time_limit = limit
    assert cut.partial and cut.owners[0].judged == 0 and "0 of 7 applications judged" in cut.warnings[0]


def test_counts_by_owner_year_region(value_hub):
    c = value_hub.value.counts("owner", as_of=DAY, time_limit=600)
    assert not c.partial and c.classified == c.invention_applications
    assert sum(int(r["total"]) for r in c.rows) == c.classified
    assert all(int(r["yes"]) + int(r["no"]) + int(r["unknown"]) == int(r["total"]) for r in c.rows)
    assert [o.period for o in c.official][:3] == ["2021", "2022", "2023"]  # the monitor's hvip_per_10k values
    by_year = value_hub.value.counts("year", as_of=DAY, time_limit=600)
    row = next(r for r in by_year.rows if r["year"] == "2010")  # EP 2 400 812 (yes: granted US family member)
    assert int(row["yes"]) >= 1
    assert value_hub.value.counts("region", as_of=DAY, time_limit=0.000001).partial is True
    with pytest.raises(InvalidInput):
        value_hub.value.counts("colour")
