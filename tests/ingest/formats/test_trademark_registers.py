"""Trademark registers added 2026-12-04: EUIPO JSON, KIPRIS JSON, TIPO gazette and application XML,
ILPO TMBRAND and the Global Brand Database ST.66 exports (values read from the files by hand)."""

import datetime as dt

from tests.conftest import data_path
from tests.formats_helpers import read_file

TM = "trademark"


def _read(rel, fmt):
    name, records, rejected, _ = read_file(data_path(f"{TM}/{rel}"), fmt)
    assert name == fmt and not rejected
    return records


def test_euipo_open_data_keyed_by_number_with_vienna_codes():
    records = _read("euipo_json/TradeMarks-dataset__Trademark2020_validation.json.gz", "euipo-tm-json")
    assert len(records) == 20_000
    seta, device = records[0], records[1]
    assert seta.key == "EM/000001123" and seta.mark_text == "SETA" and seta.mark_type == "combined"
    assert seta.app_date == dt.date(1996, 4, 1) and seta.vienna_codes == ["01.17.03", "01.17.07"]
    # no verbal element: a purely figurative mark
    assert device.key == "EM/000001248" and device.mark_text is None and device.mark_type == "figurative"
    assert device.vienna_codes == ["26.11.01", "26.11.06", "26.11.12"]
    # MANIFEST: the verbal element is present in 17,981 of the 20,000
    assert sum(1 for r in records if r.mark_text) == 17_981


def test_euipo_search_api_response():
    golden, *_ = _read("euipo_json/patent-client-agents__tm_apple_size10.json.gz", "euipo-tm-json")
    assert golden.key == "EM/000428557" and golden.mark_text == "Golden Apple" and golden.mark_type == "word"
    assert golden.status == "REGISTERED" and [c.number for c in golden.nice_classes] == [30, 32, 33]
    assert (golden.app_date, golden.reg_date, golden.pub_date, golden.expiry_date) == (
        dt.date(1996, 12, 2), dt.date(1998, 10, 30), dt.date(1998, 4, 27), dt.date(2026, 12, 2))
    assert [(p.role, p.name) for p in golden.parties] == [("applicant", "Berentzen-Gruppe Aktiengesellschaft")]


def test_kipris_json_bilingual_mark_and_dates():
    records = _read("kipris_json/markcloud__trademark_sample.json.gz", "kipris-tm-json")
    assert len(records) == 500
    fresca = records[0]
    assert fresca.key == "KR/4019950043843" and fresca.mark_text == "프레스카 FRESCA" and fresca.mark_script == "Hang"
    assert fresca.status == "등록" and fresca.reg_number == "4003600590000"
    assert (fresca.app_date, fresca.pub_date, fresca.reg_date) == (
        dt.date(1995, 11, 17), dt.date(1997, 1, 29), dt.date(1997, 4, 17))
    assert [c.number for c in fresca.nice_classes] == [30]
    # MANIFEST: 등록 250 / 실효 180 / 거절 69 / 출원 1
    statuses = [r.status for r in records]
    assert [statuses.count(s) for s in ("등록", "실효", "거절", "출원")] == [250, 180, 69, 1]
    # six lapsed 1960s-70s registrations carry [null] as registration date: kept, without it
    old = next(r for r in records if r.app_number == "4019630000130")
    assert old.reg_number == "4000076480000" and old.reg_date is None


def test_tipo_gazette_roc_dates_and_owner():
    records = _read("tipo_xml/LS2-Data-Collection__TrademarkGazette_index.xml.gz", "tipo-tm-gazette-xml")
    assert len(records) == 2434
    tm = records[2]
    assert tm.key == "TW/110045137" and tm.reg_number == "02207611"
    assert tm.mark_text == "量特能ENERGYISLAND及圖" and tm.mark_type == "combined" and tm.mark_script == "Hani"
    # ROC 110.06.26 = 2021-06-26; the term runs 111.03.16-121.03.15
    assert (tm.app_date, tm.reg_date, tm.pub_date, tm.expiry_date) == (
        dt.date(2021, 6, 26), dt.date(2022, 3, 16), dt.date(2022, 3, 16), dt.date(2032, 3, 15))
    assert [c.number for c in tm.nice_classes] == [1]
    assert [(p.role, p.name) for p in tm.parties] == [("owner", "黃秋翰"), ("agent", "楊勝凱")]
    assert records[0].mark_text == "F FISHER SCIENTIFIC" and records[0].parties[0].name == "美商費雪科學公司"
    # the English name filed beside the Chinese one is kept with it (729 of the 2,474 owners give one)
    assert records[0].parties[0].other_names == ["FISHER SCIENTIFIC COMPANY L.L.C."]
    assert tm.parties[0].other_names == []  # <AEnglish></AEnglish>
    owners = [p for r in records for p in r.parties if p.role == "owner"]
    assert len(owners) == 2474 and sum(bool(p.other_names) for p in owners) == 729
    assert "other_names" not in tm.parties[0].model_dump_json()


def test_tipo_application_alone_and_in_the_api_response():
    (tm,) = _read("tipo_xml/LS2-Data-Collection__TmarkAppl_100000001.xml.gz", "tipo-tm-appl-xml")
    assert tm.key == "TW/100000001" and tm.mark_text == "高強及圖" and tm.app_date == dt.date(2011, 1, 3)
    assert [(c.number, [g.text for g in c.goods_services]) for c in tm.nice_classes] == [(41, ["珠算、心算補習班之服務。"])]
    assert [p.role for p in tm.parties] == ["applicant", "agent", "agent"]
    assert tm.parties[0].country == "TW"
    api = _read("tipo_xml/LS2-Data-Collection__API_TmarkAppl.xml.gz", "tipo-tm-appl-xml")
    assert len(api) == 25
    assert (api[0].key, api[0].mark_text, api[0].app_date) == ("TW/000000001", "林森", dt.date(1951, 2, 27))
    assert [c.number for c in api[0].nice_classes] == [32]


def test_ilpo_hebrew_mark_with_english_goods_and_events():
    (tm,) = _read("wipo_gbd_st66/wipo-gbd-transformation__iltm_tlit.xml.gz", "tm-ilpo-xml")
    assert tm.key == "IL/320000" and tm.mark_text == "אילמה" and tm.mark_lang == "he" and tm.mark_script == "Hebr"
    assert tm.status == "active" and (tm.app_date, tm.reg_date, tm.expiry_date) == (
        dt.date(2019, 8, 28), dt.date(2019, 12, 29), dt.date(2029, 8, 28))
    (goods,) = tm.nice_classes
    assert goods.number == 33 and [t.lang for t in goods.goods_services] == ["he", "en"]
    assert goods.goods_services[1].text.startswith("Alcoholic beverages, wine, except beers")
    assert [(p.role, p.name) for p in tm.parties] == [("applicant", "Beth Hayain Or Haganuz Ltd"),
                                                      ("agent", "Welner & Co., Law Office & Notary")]
    assert [(e.date, e.description) for e in tm.events][0] == (dt.date(2019, 8, 29), "Accepted")
    (english_only,) = _read("wipo_gbd_st66/wipo-gbd-transformation__iltm_international.xml.gz", "tm-ilpo-xml")
    assert english_only.mark_text == "TOPGUN" and english_only.mark_lang == "en"


def test_global_brand_database_st66_inside_trademark_application():
    (lao,) = _read("wipo_gbd_st66/wipo-gbd-transformation__latm_test.xml.gz", "tm-st66-xml")
    assert lao.key == "LA/37978" and lao.mark_text == "TA YA" and lao.status == "Registered"
    assert (lao.app_date, lao.reg_date, lao.reg_number) == (dt.date(2016, 8, 17), dt.date(2017, 8, 15), "38524")
    (khmer,) = _read("wipo_gbd_st66/wipo-gbd-transformation__khtm_khtm.xml.gz", "tm-st66-xml")
    assert khmer.key == "KH/KH673426M" and khmer.mark_text == "ZomaJet" and khmer.parties[0].name == "Ferring B.V."
    (albania,) = _read("wipo_gbd_st66/wipo-gbd-transformation__altm_altm.xml.gz", "tm-st66-xml")
    assert albania.key == "AL/ALT1996001287" and albania.mark_text == "SRI"
    assert albania.pub_date is None  # 1900-01-01 stands for "unknown" in IPAS exports
