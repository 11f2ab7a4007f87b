"""PPH checks on US 6,837,220 B2 (multiple cylinder engine, granted with 6 claims, priority JP 2001-151676 of
2001-05-21) with claim sets written by hand from its granted claims: identical, narrowed, broadened,
renumbered, dependent, and a claim in Chinese. Programmes from ../shared/reference (CNIPA bilateral, IP5,
Global PPH) judged on fixed dates."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.errors import InvalidInput, NotFound
from iprhub.examination.claims_text import parse_claims
from iprhub.examination.pph import programmes
from tests.examination.conftest import make_hub

DAY = dt.date(2025, 6, 1)
C1 = ("A multiple cylinder engine comprising: a plurality of cylinders; a plurality of intake passages, each "
      "independently feeding intake air to individual ones of said plurality of cylinders; a fuel injector disposed in "
      "each said intake passage; a throttle valve disposed in each said intake passage; a pressure sensor for "
      "detecting the pressure of one of said intake passages; and fuel control means for controlling the injection "
      "quantity of said fuel injector of each said cylinder by using the detected pressure, wherein an intake manifold "
      "connects a throttle body forming a portion of said intake passage and an intake port of said cylinders, the "
      "throttle body including said throttle valve, and wherein a vacuum inlet passage is formed in said throttle body "
      "and an outlet portion of the vacuum passage is formed in said throttle body at a mating face with said intake "
      "manifold.")
C2 = ("A multiple cylinder engine according to claim 1, further comprising: a fuel pressure adjustor for adjusting "
      "pressure of fuel to be fed to said fuel injectors, wherein one of said throttle body and said intake manifold is "
      "formed with a pressure introduction passage that introduces pressure of said each intake passage into said fuel "
      "pressure adjustor, and wherein said pressure introduction passage has its leading end portion positioned at the "
      "mating face between said throttle body and said intake manifold.")
C6_OWN = ("wherein said multiple cylinder engine is a V-type 2-cylinder engine having a V space between cylinders, and "
          "wherein said fuel pressure adjustor is disposed above said throttle body and in said V space.")
ZH1 = ("一种多缸发动机，包括：多个气缸；多个进气通道，每个进气通道独立地向所述多个气缸中的各个气缸供给进气；设置在每个所述进气"
       "通道中的燃料喷射器；设置在每个所述进气通道中的节气门；用于检测一个所述进气通道的压力的压力传感器；以及燃料控制装置，"
       "其利用检测到的压力控制每个所述气缸的所述燃料喷射器的喷射量，其中进气歧管连接形成所述进气通道的一部分的节气门体和所述"
       "气缸的进气口，所述节气门体包括所述节气门，并且其中在所述节气门体中形成真空入口通道，所述真空通道的出口部分形成在所述"
       "节气门体与所述进气歧管的配合面上。")


@pytest.fixture(scope="module")
def pph_hub(tmp_path_factory):
    home = tmp_path_factory.mktemp("pph")
    hub = make_hub(f"sqlite:///{home}/p.db", home, ["uspto/grant_xml_v4x/PatentsView-DB__ipg050104.small.xml.gz"])
    yield hub
    hub.close()


def check(hub, claims, at="JP", day=DAY):
    return hub.examination.pph_check("US6837220B2", at, claims=claims, as_of=day)


def test_identical_claims(pph_hub):
    r = check(pph_hub, f"1. {C1}\n2. {C2}\n")
    assert r.eligible and r.earlier_office == "US" and r.earlier_publication == "US6837220B2"
    assert r.later_application == "JP2001151676"
    assert [p.name for p in r.programmes] == ["IP5 PPH", "Global PPH"]
    assert [(x.claim, x.allowed_claim, x.verdict, x.similarity) for x in r.correspondence] == [
        (1, 1, "identical", 1.0), (2, 2, "identical", 1.0)]
    same = next(q for q in r.requirements if q.id == "same_earliest_date")
    assert same.met is True and "2001-05-21" in same.explanation


def test_narrowed_claim(pph_hub):
    r = check(pph_hub, f"1. {C1[:-1]}, {C6_OWN}")
    [row] = r.correspondence
    assert (row.allowed_claim, row.verdict) == (1, "narrower") and r.eligible
    assert "V-type" in " ".join(row.added) and row.missing == []
    assert "<ins>" in row.diff_html


def test_added_alternative_is_flagged(pph_hub):
    r = check(pph_hub, "1. " + C1.replace("a fuel injector disposed", "a fuel injector or a carburetor disposed"))
    [row] = r.correspondence
    assert row.verdict == "narrower" and "alternative ('or')" in row.explanation


def test_broadened_claim_fails(pph_hub):
    broad = C1.replace("a pressure sensor for detecting the pressure of one of said intake passages; ", "")
    r = check(pph_hub, f"1. {broad}")
    [row] = r.correspondence
    assert row.verdict == "does not correspond" and row.allowed_claim == 1
    assert any("pressure sensor" in m for m in row.missing)
    assert not r.eligible
    assert next(q for q in r.requirements if q.id == "sufficient_correspondence").met is False


def test_renumbered_and_dependent_claims(pph_hub):
    # allowed claims 1 and 2 filed as claims 2 and 3 after a new claim 1 (allowed claim 1 narrowed by claim 6's feature)
    text = (f"1. {C1[:-1]}, {C6_OWN}\n2. {C1}\n"
            f"3. {C2.replace('according to claim 1', 'according to claim 2')}\n"
            f"4. A multiple cylinder engine according to claim 3, {C6_OWN}\n")
    r = check(pph_hub, text)
    rows = {x.claim: x for x in r.correspondence}
    assert (rows[2].allowed_claim, rows[2].verdict, rows[2].renumbered) == (1, "identical", True)
    assert (rows[3].allowed_claim, rows[3].verdict, rows[3].renumbered) == (2, "identical", True)
    assert rows[3].depends_on == [2]
    assert (rows[4].allowed_claim, rows[4].verdict) == (2, "narrower")  # claim 2's scope plus the V-type feature
    assert rows[1].verdict == "narrower" and r.eligible


def test_chinese_claim_against_english_allowed_claims(pph_hub):
    r = check(pph_hub, f"1. {ZH1}", at="CN")
    [row] = r.correspondence
    assert row.translation_needed and row.allowed_claim == 1 and row.verdict == "identical"
    assert [p.name for p in r.programmes] == ["CNIPA–USPTO PPH", "IP5 PPH"]
    assert any("translation" in e for e in r.explanation)


def test_no_agreement_and_dates(pph_hub):
    r = check(pph_hub, f"1. {C1}", at="BR")
    assert not r.eligible and r.programmes == []
    assert "no PPH agreement between US and BR" in r.requirements[0].explanation
    early = check(pph_hub, f"1. {C1}", at="CN", day=dt.date(2011, 6, 1))
    assert not early.eligible and [p.status for p in early.programmes_not_offered] == ["not begun", "not begun"]
    assert "begins on 2011-12-01" in early.requirements[0].explanation


def test_programme_end_dates_from_the_reference(pph_hub):
    ties = pph_hub.countries.reference().pph
    [chile] = programmes(ties, "CN", "CL", DAY)  # INAPI: "Extended to 2023-12-31"
    assert (chile.status, str(chile.end)) == ("ended", "2023-12-31")
    [nz] = programmes(ties, "CN", "NZ", dt.date(2024, 6, 1))  # IPONZ: from 2024-11-01, 2 years to 2026-10-31
    assert (nz.status, str(nz.start), str(nz.end)) == ("not begun", "2024-11-01", "2026-10-31")
    [jp, *_] = programmes(ties, "CN", "JP", DAY)  # JPO: extended 2023-11-01 to 2028-10-31
    assert (jp.status, str(jp.end)) == ("in force", "2028-10-31")
    [es] = programmes(ties, "CN", "ES", DAY)  # SPTO: MoU in effect 2014-01-01 (3 years)
    assert (es.status, str(es.end)) == ("ended", "2016-12-31")


def test_allowed_claims_from_a_panorama_examination(pph_hub):
    # US 15/997,209 is known only from its PANORAMA record (patented as US 10,844,842; 18 final claims)
    import gzip
    import json

    from tests.examination.conftest import PANORAMA

    rec = json.loads(gzip.decompress((PANORAMA / "panorama" / "panorama_r00005_15997209.json.gz").read_bytes()))
    claim1 = rec["finalClaims"][0]
    r = pph_hub.examination.pph_check("US 15/997,209", "KR", claims=claim1, as_of=DAY)
    assert (r.earlier_office, r.earlier_publication, r.earlier_application) == ("US", "US10844842", "US15997209")
    assert [p.name for p in r.programmes] == ["IP5 PPH", "Global PPH"]
    [row] = r.correspondence
    assert (row.allowed_claim, row.verdict) == (1, "identical") and r.eligible
    assert "18 claims" in next(q for q in r.requirements if q.id == "allowable_claims").explanation


def test_bad_input(pph_hub):
    with pytest.raises(InvalidInput) as exc:
        check(pph_hub, "claims without numbers")
    assert exc.value.field == "claims"
    with pytest.raises(InvalidInput):
        parse_claims("1. A.\n1. B.", source="c.txt")
    with pytest.raises(InvalidInput):
        check(pph_hub, f"1. {C1}", at="Atlantis")
    with pytest.raises(NotFound):
        pph_hub.examination.pph_check("US9999999B2", "JP")
