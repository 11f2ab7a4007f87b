"""USPTO PEDS search JSON on real responses."""

import datetime as dt

import pytest

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import api_date, us_app_key, us_pub_number
from tests.conftest import data_path
from tests.formats_helpers import read_file

FOLDER = "uspto/peds_json"
CLEARSIDE = f"{FOLDER}/patent_client__1399ce32a8e308eea86a4cf14147d09b.json.gz"
CLEARSIDE_AGAIN = f"{FOLDER}/patent_client__4eadd5975093d9fd98e3d224f50bf291.json.gz"
PIPE_TRAILER = f"{FOLDER}/patent_client__060a521b167e2ee6db31bd2e37e2f379.json.gz"
SMARTFLASH = f"{FOLDER}/patent_client__192384b93a6ae368296cf48f685ee41b.json.gz"


def test_transactions_and_bibliographic_summary():
    fmt, records, rejected, _ = read_file(data_path(CLEARSIDE), "uspto-peds-json")
    assert not rejected
    assert len(records) == 40  # 39 transactions + BIB
    (bib,) = [e for e in records if e.code == "BIB"]
    assert bib.app_key == "US13842218" and bib.event_type == "prosecution"
    assert bib.date == dt.date(2013, 3, 15) and bib.pub_number == "US20130216623A1"
    assert bib.details["title"] == "APPARATUS AND FORMULATIONS FOR SUPRACHORIDAL DRUG DELIVERY"
    assert bib.details["status"] == "Abandoned -- Failure to Respond to an Office Action"
    assert bib.details["status_date"] == "2017-01-06"
    assert [p.name for p in bib.parties if p.role == "inventor"] == [
        "Yamamoto, Ronald", "Conston, Stanley R.", "Sierra, David"]
    (applicant,) = [p for p in bib.parties if p.role == "applicant"]
    assert applicant.name == "Clearside Biomedical, Inc." and applicant.country == "US"
    assert [p.name for p in bib.parties if p.role == "examiner"] == ["TCHERKASSKAYA, OLGA V"]
    assert [(c["relation"], c["application"]) for c in bib.details["continuity"]] == [
        ("parent", "US11709941"), ("parent", "US60776903"), ("child", "US15398538")]
    tx = {(e.date, e.code): e for e in records if e.code != "BIB"}
    assert tx[(dt.date(2016, 6, 16), "CTNF")].description == "Non-Final Rejection"
    assert tx[(dt.date(2017, 1, 6), "ABN2")].description == "Aband. for Failure to Respond to O. A."
    assert tx[(dt.date(2013, 3, 15), "IEXX")].description == "Initial Exam Team nn"
    assert all(e.pub_number is None and e.app_key == "US13842218" for e in tx.values())
    # two identical e-mail notifications on 2016-01-25 stay two events
    mails = [e for e in records if e.code == "EML_NTR" and e.date == dt.date(2016, 1, 25)]
    assert [e.details for e in mails] == [{}, {"occurrence": 2}]
    assert len({e.identity() for e in records}) == 40


def test_patent_number_parties_and_pct_parent():
    _, records, _, _ = read_file(data_path(PIPE_TRAILER))
    assert sum(e.code == "BIB" for e in records) == 20
    bib = next(e for e in records if e.code == "BIB" and e.app_key == "US15337110")
    assert bib.details["title"] == "PIPE DEPLOYMENT TRAILER" and bib.date == dt.date(2016, 10, 28)
    assert bib.pub_number == "US20170292337A1" and bib.details["publication_date"] == "2017-10-12"
    assert [p.name for p in bib.parties if p.role == "applicant"] == ["TRINITY BAY EQUIPMENT HOLDINGS, LLC"]
    assert bib.details["continuity"][0]["application"] == "WO2016US026673"  # PCT/US2016/026673
    first = next(e for e in records if e.app_key == "US15337110" and e.code != "BIB")
    assert (first.date, first.code, first.description) == (dt.date(2019, 3, 12), "IFEE", "Issue Fee Payment Received")
    assert sum(e.app_key == "US15337110" and e.code != "BIB" for e in records) == 48

    _, smartflash, _, _ = read_file(data_path(SMARTFLASH))
    bib = next(e for e in smartflash if e.code == "BIB" and e.app_key == "US12943872")
    assert bib.pub_number == "US8118221" and bib.details["patent_date"] == "2012-02-21"
    assert bib.details["publication_number"] == "US20110066525A1"
    assert bib.details["title"] == "DATA STORAGE AND ACCESS SYSTEMS"


def test_same_application_from_two_responses_gives_identical_events():
    # the responses differ in queryId, QTime, indexLastUpdatedDate and the record's lastUpdatedTimestamp
    _, a, _, _ = read_file(data_path(CLEARSIDE))
    _, b, _, _ = read_file(data_path(CLEARSIDE_AGAIN))
    assert a[0].provenance[0].content_hash != b[0].provenance[0].content_hash
    assert [e.identity() for e in a] == [e.identity() for e in b]


def test_application_numbers_dates_and_publication_numbers():
    assert us_app_key("13842218") == "US13842218"
    assert us_app_key("09/026,118") == "US09026118"
    assert us_app_key("PCT/US15/27322") == "WO2015US027322"
    assert us_app_key("PCT/US2016/026673") == "WO2016US026673"
    assert us_app_key("PCTUS0703986") == "WO2007US003986"  # two-digit year, no separators
    with pytest.raises(ParseError) as err:
        us_app_key("n/a", "applId")
    assert err.value.field == "applId"
    assert api_date("2019-03-12 00:00:00", "f") == dt.date(2019, 3, 12)
    assert api_date("2019-03-13T00:00:000Z", "f") == dt.date(2019, 3, 13)
    assert api_date("0001-01-01T00:00:00Z", "f") is None and api_date("NULL", "f") is None
    assert api_date(1506470400000, "f") == dt.date(2017, 9, 27)
    with pytest.raises(ParseError):
        api_date("02-30-2020", "documentFilingDate")
    assert us_pub_number("D801104") == "USD801104"
    assert us_pub_number("US 2017-0071586 A1") == "US20170071586A1"
    assert us_pub_number("null") is None
