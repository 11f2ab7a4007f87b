"""JPO patent gazette XML (jp-official-gazette) on the real files."""

import datetime as dt

from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

JP = "jp/jp"


def _claims(doc):
    return {c.num: c for c in doc.claims[0].claims}


def test_kokai_bibliography_fi_fterms_and_claim_dependencies():
    fmt, records, rejected, _ = read_file(data_path(f"{JP}/PatentStandardization__2021193879.xml.gz"),
                                          "jpo-gazette-xml")
    assert not rejected
    d = by_number(records, "JP2021193879A")
    assert d.doc_type == "application" and d.lang == "ja"
    assert d.pub_date == dt.date(2021, 12, 27)
    assert d.app_number == "JP2020100059" and d.app_date == dt.date(2020, 6, 9)
    assert d.title("ja") == "練り製品管理装置、モデル生成装置、練り製品管理方法、モデル生成方法、及びプログラム"
    assert d.abstract().startswith("【課題】練り製品の温度制御工程において、温度条件を適正な値に設定しやすい")
    applicant = d.parties_by_role("applicant")[0]
    assert (applicant.name, applicant.country) == ("日本水産株式会社", "JP")
    assert [p.name for p in d.parties_by_role("agent")] == ["速水 進治", "天城 聡"]
    assert [p.name for p in d.parties_by_role("inventor")] == ["畑中 弘紀", "岡田 賢二"]
    ipc = [c for c in d.classifications if c.scheme == "IPC"]
    assert [(c.symbol, c.version, c.first, c.value) for c in ipc] == [
        ("A23L 17/00", "2016.01", True, "I"), ("G05B 19/418", "2006.01", False, "I")]
    fi = [c for c in d.classifications if c.scheme == "FI"]
    assert [c.symbol for c in fi] == ["A23L 17/00 101H", "G05B 19/418 Z", "A23L 17/00 101Z"] and fi[0].first
    fterms = [c.symbol for c in d.classifications if c.scheme == "FTERM"]
    assert len(fterms) == 11 and fterms[0] == "3C100AA22" and fterms[-1] == "4B034LT48"
    claims = _claims(d)
    assert d.claim_count() == 15
    assert claims[2].text.startswith("請求項１に記載の練り製品管理装置において、前記温度条件は")
    assert claims[2].depends_on == [1]
    assert claims[3].depends_on == [1, 2]  # 請求項１又は２に記載の
    assert claims[4].depends_on == [1, 2, 3]  # 請求項１〜３のいずれか一項に記載の
    assert claims[10].depends_on == [6, 7, 8, 9]  # 請求項６〜９のいずれか一項に記載の
    assert claims[12].depends_on == []
    # 【特許文献１】特開平８−９９３２号公報, cited by the applicant in the description
    (cit,) = d.citations
    assert (cit.number, cit.cited_by, cit.office) == ("JPH08009932", "applicant", "JP")


def test_gazette_with_amendments_keeps_the_published_text():
    _, records, rejected, _ = read_file(data_path(f"{JP}/PatentStandardization__jp_example2.xml.gz"))
    assert not rejected
    d = by_number(records, "JP2021044249A")
    assert d.title() == "リチウムイオン電池のリサイクル方法"
    # 20 claims as published; the written amendment later in the file holds 17
    assert d.claim_count() == 20 and len(d.claims) == 1 and len(d.descriptions) == 1
    assert _claims(d)[3].depends_on == [2]  # …請求項２の方法。
    (prio,) = d.priorities
    assert (prio.country, prio.number, prio.date, prio.kind) == ("US", "62/359,703", dt.date(2016, 7, 7),
                                                                 "international")
    related = {r.relation: r for r in d.related}
    assert related["division-parent"].number == "JP2018566929"
    assert related["division-parent"].date == dt.date(2017, 6, 12)
    assert related["granted-as"].number == "JP6828214"
    assert d.parties_by_role("applicant")[0].name == "ジーアールエスティー・インターナショナル・リミテッド"
    assert d.parties_by_role("agent")[0].name == "特許業務法人スズエ国際特許事務所"
    assert [c.symbol for c in d.classifications if c.scheme == "FI"] == ["H01M 10/54", "B09B 3/00 304H"]


def test_granted_patents_cited_in_description():
    _, records, _, _ = read_file(data_path(f"{JP}/PatentStandardization__jp_example1.xml.gz"))
    d = by_number(records, "JP2021044377A")
    assert d.title() == "ウェーハの加工方法" and d.app_number == "JP2019165329"
    assert [c.number for c in d.citations] == ["JP6151557", "JP3076179"]  # 特許第６１５１５５７号公報 …
    assert len(d.parties_by_role("inventor")) == 10 and len(d.parties_by_role("agent")) == 5
    assert d.claim_count() == 6 and _claims(d)[5].depends_on == [4]
    assert len([c for c in d.classifications if c.scheme == "FTERM"]) == 69
    assert d.descriptions[0].text.startswith("本発明は、複数のデバイスが分割予定ラインによって区画された")


def test_kohyo_pct_translation_with_designated_states():
    _, records, _, _ = read_file(data_path(f"{JP}/PatentStandardization__jp_example4.xml.gz"))
    d = by_number(records, "JP2021509175A")  # 公表特許公報: kind-of-jp T, ST.16 kind A
    assert d.app_number == "JP2020536678" and d.app_date == dt.date(2018, 12, 27)
    assert [p.number for p in d.priorities] == ["10-2018-0000830", "10-2018-0000831"]
    assert {r.relation: r.number for r in d.related} == {"pct-application": "PCT/KR2018/016728",
                                                         "pct-publication": "WO2019135546"}
    applicant = d.parties_by_role("applicant")[0]
    assert applicant.country == "KR"  # address 大韓民国 …
    assert d.designated_states[:3] == ["AP", "BW", "GH"] and "TZ" in d.designated_states
    claims = _claims(d)
    assert d.claim_count() == 20
    assert claims[2].depends_on == [1] and claims[7].depends_on == [] and claims[8].depends_on == [7]


def test_whole_folder_matches_manifest_count():
    paths = sorted(data_path(JP).iterdir())
    assert len(paths) == 4
    for path in paths:
        _, records, rejected, _ = read_file(path, "jpo-gazette-xml")
        assert not rejected and len(records) == 1
