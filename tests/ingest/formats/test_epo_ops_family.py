"""EPO OPS INPADOC family and legal-status responses on real recorded files."""

import datetime as dt

from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

OPS = "epo/ops_xml"
EP2400812_FAMILY = ["EP2400812A1", "EP2400812B1", "CA2744162A1", "US20120057518A1", "US9648662B2"]


def _read(name: str, fmt: str):
    _, records, rejected, _ = read_file(data_path(f"{OPS}/{name}"), fmt)
    assert not rejected
    return records


def test_family_members_with_family_id_application_and_priority():
    records = _read("epo-ops__get_family__response.xml.gz", "epo-ops-family")
    # MANIFEST counts 4 publications (kind-less); EP2400812 has an A1 and a B1 member
    assert [r.pub_number for r in records] == EP2400812_FAMILY
    assert {r.family_id for r in records} == {"43088294"}
    b1 = by_number(records, "EP2400812B1")
    assert b1.pub_date == dt.date(2019, 11, 27) and b1.doc_type == "grant"
    assert b1.app_number == "EP10167109" and b1.app_date == dt.date(2010, 6, 24)
    us = by_number(records, "US20120057518A1")
    assert us.app_number == "US13167395" and us.app_date == dt.date(2011, 6, 23)
    assert [(p.country, p.number, p.date) for p in us.priorities] == [("EP", "10167109", dt.date(2010, 6, 24))]
    assert all(r.legal_events == [] for r in records)


def test_family_with_biblio_gives_whole_members():
    records = _read("epo-ops__get_family_with_biblio__response.xml.gz", "epo-ops-family")
    assert [r.pub_number for r in records] == EP2400812_FAMILY
    ca = by_number(records, "CA2744162A1")
    assert ca.family_id == "43088294"
    assert {t.lang: t.text for t in ca.titles} == {"fr": "RESEAUTAGE PAR LIEN BLUETOOTH",
                                                   "en": "BLUETOOTH NETWORKING"}
    assert len(by_number(records, "EP2400812A1").citations) == 6


def test_family_of_eleven_members_across_offices():
    records = _read("patent_client__tests__fixtures__epo__family_publication_docdb_EP.2906782.A2_.xml.gz",
                    "epo-ops-family")
    assert [r.pub_number for r in records] == [
        "EP2906782A2", "EP2906782A4", "CA2887530A1", "CN104968889A", "RU2015117646A", "US20140102795A1",
        "US9291047B2", "US20160245070A1", "US10047600B2", "WO2014059282A2", "WO2014059282A3"]
    assert {r.family_id for r in records} == {"50474376"}
    assert by_number(records, "EP2906782A4").doc_type == "search-report"


def test_legal_events_of_a_family_member():
    (d,) = _read("epo-ops__get_legal__response.xml.gz", "epo-ops-legal")
    assert d.pub_number == "EP2400812A1" and d.family_id == "43088294"
    assert len(d.legal_events) == 69
    codes = [e.code for e in d.legal_events]
    assert codes[:3] == ["AK", "AX", "17P"] and codes.count("PG25") == 32 and codes.count("REG") == 13
    exam = next(e for e in d.legal_events if e.code == "17P")
    assert exam.date == dt.date(2012, 7, 18) and exam.office == "EP" and exam.source == "INPADOC"
    assert exam.description == "REQUEST FOR EXAMINATION FILED (Effective DATE: 20120606)"
    lapse_bg = [e for e in d.legal_events if e.code == "PG25" and "Ref Country Code: BG" in e.description]
    assert len(lapse_bg) == 1 and lapse_bg[0].date == dt.date(2020, 5, 1)
    assert lapse_bg[0].description.startswith("LAPSED IN A CONTRACTING STATE")


def test_family_with_legal_events_per_member():
    records = _read("epo-ops__get_family_with_legal__response.xml.gz", "epo-ops-legal")
    assert [r.pub_number for r in records] == EP2400812_FAMILY
    counts = {r.pub_number: len(r.legal_events) for r in records}
    assert counts == {"EP2400812A1": 69, "EP2400812B1": 0, "CA2744162A1": 1, "US20120057518A1": 5,
                      "US9648662B2": 0}
    ca = by_number(records, "CA2744162A1").legal_events[0]
    assert (ca.code, ca.description, ca.date, ca.office) == ("FZDE", "DISCONTINUED (Effective DATE: 20170623)", dt.date(2017, 8, 6), "CA")
    us = by_number(records, "US20120057518A1").legal_events
    assert [e.code for e in us] == ["AS", "STCF", "MAFP", "MAFP", "FEPP"]
    assert us[0].date == dt.date(2011, 11, 14) and "9SOLUTIONS OY" in us[0].description


def test_legal_response_of_a_us_patent():
    (d,) = _read("patent_client___async__epo__ops__legal__fixtures__example_3.xml.gz", "epo-ops-legal")
    assert d.pub_number == "US10465445B2" and d.family_id == "51258319"
    assert d.app_number == "US15919370"
    assert len(d.legal_events) == 14 and d.legal_events[0].code == "AS"
