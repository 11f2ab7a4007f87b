"""Squatting detection on real KIPRIS records of 동의대학교 산학협력단 and a file of filings copying them
(tests/watch/squatter.py); scores hand-computed for the fallback comparator (the trademarks capability
is not loaded in these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.errors import InvalidInput, NotFound
from tests.watch.conftest import BATCH1, paths
from tests.watch.squatter import SOURCE, SQUATTER, write_squatter_file

OWNER = "동의대학교 산학협력단"


@pytest.fixture
def squat_hub(watch_hub, tmp_path):
    watch_hub.ingest(paths([SOURCE, BATCH1[0]]))  # 동의대학교 and 서울대학교 (SNU) marks
    watch_hub.ingest([write_squatter_file(tmp_path)])
    return watch_hub


def test_findings_with_evidence_and_patterns(squat_hub):
    r = squat_hub.watch.squatting(OWNER, "KR")
    assert r.engine == "fallback" and not r.partial
    got = [
        (f.other_mark.key, f.owner_mark.text, f.comparison.tier, round(f.comparison.score, 3))
        for f in r.findings
    ]
    assert got == [
        ("KR/4020230000022", "Hanttre", "high", 1.0),  # the same word
        # 'botadent' (8 letters) inside '보타덴트botadent' (12): 0.75 + 0.2 * 8/12
        ("KR/4020230000011", "보타덴트 botadent", "medium", 0.883),
        # 'douma' (5) inside '도우마douma' (8): 0.75 + 0.2 * 5/8
        ("KR/4020230000033", "도우마 Douma", "medium", 0.875),
    ]
    hanttre = r.findings[0]
    assert hanttre.other_mark.owners == [SQUATTER] and hanttre.filed_after_owner is True
    assert hanttre.owner_mark.key == "KR/4020110062806" and hanttre.shared_classes == [
        25
    ]  # not its class-35 twin
    assert any("filed after the owner's mark" in e for e in hanttre.evidence)
    assert r.findings[2].deadline.date == dt.date(2023, 8, 30)  # KR: published 2023-06-30 + 2 months
    (applicant,) = r.applicants
    assert applicant.name == SQUATTER and applicant.marks_in_store == 5 and applicant.resembling_others == 3
    # its own marks copying earlier marks of any owner (fallback: edit similarity >= 0.9): HANTTRE, SNU
    assert applicant.copies_of_others == 2 and applicant.owners_copied == [OWNER, "서울대학교산학협력단"]
    assert [p.rule for p in applicant.patterns] == ["others_marks", "many_classes"]
    assert applicant.many_class_marks == 1 and applicant.most_in_30_days == 5
    assert all(p.sources for p in applicant.patterns)
    assert any("not assessed" in note for note in r.limits)


def test_countries_filter_and_unknown_owner(squat_hub):
    assert squat_hub.watch.squatting(OWNER, "VN").findings == []  # no VN marks in the store
    with pytest.raises(NotFound):
        squat_hub.watch.squatting("Nobody Such Company", "KR")
    with pytest.raises(InvalidInput) as err:
        squat_hub.watch.squatting("", "KR")
    assert err.value.field == "owner"
    with pytest.raises(InvalidInput) as err:
        squat_hub.watch.squatting(OWNER, "KR,QQ")
    assert err.value.field == "countries" and err.value.position == 1


def test_an_owner_named_in_english_owns_its_chinese_named_tipo_marks(watch_hub):
    watch_hub.ingest(paths(["trademark/tipo_xml/LS2-Data-Collection__TrademarkGazette_index.xml.gz"]))
    # before TIPO's English names were read, the English name found no marks (NotFound); now its own
    # Taiwanese registration is the owner's mark, not a finding against it
    r = watch_hub.watch.squatting("GENMONT BIOTECH INC.", "TW")
    assert [(m.key, m.text, m.owners) for m in r.owner_marks] == [
        ("TW/110050917", "景岳", ["景岳生物科技股份有限公司"])
    ]
    assert all(f.other_mark.key != "TW/110050917" for f in r.findings)
