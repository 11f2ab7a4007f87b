"""USPTO Patent Assignment Search XML on real responses."""

import datetime as dt

from tests.conftest import data_path
from tests.formats_helpers import read_file

FOLDER = "uspto/assignment_xml"
CLEARSIDE = f"{FOLDER}/patent_client__tests__fixtures__uspto_assignment__c6216221a4a1a8529e22fdfbe4380037-50-0-.xml.gz"
BOREALIS = f"{FOLDER}/patent_client__tests__fixtures__uspto_assignment__7b36785d93664d14ae76b0d33c7bfd75-50-0-.xml.gz"
BY_PATENT = f"{FOLDER}/patent_client__tests__fixtures__uspto_assignment__29415c198d5fbeed360b03f23c436d59-50-0-.xml.gz"
BY_APPLICATION = f"{FOLDER}/patent_client__tests__fixtures__uspto_assignment__d1be91677fd1669cd2a36098c8d5aea1-50-0-.xml.gz"
LATER_SNAPSHOT = f"{FOLDER}/patent_client__patent_client___async__uspto__assignment__fixtures__assignment_3.xml.gz"


def events_of(records, app_key, reel_frame=None):
    return [e for e in records if e.app_key == app_key and (reel_frame is None or e.details["reel_frame"] == reel_frame)]


def test_one_event_per_covered_application_with_parties_and_dates():
    fmt, records, rejected, _ = read_file(data_path(CLEARSIDE), "uspto-assignment-xml")
    assert not rejected
    assert len(records) == 12  # 3 records covering 5 + 5 + 2 applications
    first_record = [e for e in records if e.details["reel_frame"] == "036385/0377"]
    assert [e.app_key for e in first_record] == ["US11709941", "US13842218", "US13842288", "US13273775", "US14821310"]
    (e,) = events_of(records, "US13842218", "036385/0377")
    assert e.event_type == "assignment" and e.date == dt.date(2015, 8, 20)
    assert e.code == "ASSIGNMENT"
    assert e.description == "ASSIGNMENT OF ASSIGNORS INTEREST (SEE DOCUMENT FOR DETAILS)."
    assert e.pub_number == "US20130216623"  # no patent yet: the publication
    (assignor,) = [p for p in e.parties if p.role == "other"]
    assert assignor.name == "ISCI HOLDINGS INC. F/K/A/ ISCIENCE INTERVENTIONAL CORPORATION"
    assert e.details["assignors"] == [{"name": assignor.name, "execution_date": "2015-03-24"}]
    (assignee,) = [p for p in e.parties if p.role == "assignee"]
    assert assignee.name == "CLEARSIDE BIOMEDICAL, INC." and assignee.normalized_name == "CLEARSIDE BIOMEDICAL"
    assert assignee.address == "1220 OLD ALPHARETTA ROAD, SUITE 300, ALPHARETTA, GEORGIA, 30005"
    assert e.details["title"] == "APPARATUS AND FORMULATIONS FOR SUPRACHORIDAL DRUG DELIVERY"
    assert e.details["filing_date"] == "2013-03-15" and e.details["pages"] == 7
    (renamed,) = events_of(records, "US13842218", "036408/0010")
    assert renamed.code == "CHANGE OF NAME" and renamed.details["assignees"] == ["ISCI HOLDINGS INC."]
    (inventors,) = events_of(records, "US13842218", "037418/0226")
    assert inventors.date == dt.date(2016, 1, 6)
    assert [p.name for p in inventors.parties if p.role == "other"] == [
        "YAMAMOTO, RONALD", "CONSTON, STANLEY R.", "SIERRA, DAVID"]
    assert {a["execution_date"] for a in inventors.details["assignors"]} == {"2007-04-24"}


def test_patent_number_foreign_assignee_and_several_execution_dates():
    _, records, _, _ = read_file(data_path(BY_PATENT))
    (e,) = events_of(records, "US14190982", "032861/0806")
    assert e.pub_number == "US8789601" and e.details["patent_date"] == "2014-07-29"
    assert e.details["publication_number"] == "US20140174717"
    assert e.details["assignors"] == [
        {"name": "BROUSSARD, JOEL", "execution_date": "2014-05-09"},
        {"name": "MCPHERSON, JEFF", "execution_date": "2014-02-24"},
        {"name": "KURTZ, ROBERT", "execution_date": "2014-02-24"},
    ]
    security = [e for e in records if e.details["reel_frame"] == "048041/0605"]
    assert len(security) == 35 and {e.code for e in security} == {"SECURITY INTEREST"}
    assert {p.name for p in security[0].parties if p.role == "assignee"} == {"PIPER JAFFRAY FINANCE, LLC"}

    _, borealis, _, _ = read_file(data_path(BOREALIS))
    (b,) = events_of(borealis, "US16061920")
    assert b.date == dt.date(2018, 11, 7) and b.details["reel_frame"] == "047438/0130"
    assert b.pub_number == "US20180370202"
    (owner,) = [p for p in b.parties if p.role == "assignee"]
    assert owner.name == "BOREALIS AG" and owner.country == "AT"
    assert b.parties[0].name == "NIEDERSÜSS, PETER" and b.details["assignors"][1]["execution_date"] == "2018-10-03"


def test_response_metadata_does_not_enter_events():
    # the same two records answered to two queries (QTime and fq differ)
    _, by_patent, _, _ = read_file(data_path(BY_PATENT))
    _, by_application, _, _ = read_file(data_path(BY_APPLICATION))
    assert {e.identity() for e in by_patent} == {e.identity() for e in by_application}
    # a later snapshot of reel 048041/0605 (lastUpdateDate 2021-11-23 instead of 2019-02-21)
    _, later, _, _ = read_file(data_path(LATER_SNAPSHOT))
    (old,) = events_of(by_patent, "US13679689", "048041/0605")
    (new,) = events_of(later, "US13679689", "048041/0605")
    assert old.provenance[0].content_hash != new.provenance[0].content_hash
    assert old.identity() == new.identity()
    # where a patent issued between the snapshots the event does change: it names the patent
    (before,) = events_of(by_patent, "US15294349", "048041/0605")
    (after,) = events_of(later, "US15294349", "048041/0605")
    assert (before.pub_number, after.pub_number) == ("US20170028368", "US10232332")
