"""Events from USPTO event sources attached to an application, on both backends.

No application of the sample grants (``uspto/grant_xml_v4x``) appears in the event sources, so
the timeline is shown on the store: application 13842218 appears both in an assignment search
response and in two PEDS responses.
"""

import datetime as dt

from tests.conftest import data_path

ASSIGNMENTS = "uspto/assignment_xml/patent_client__tests__fixtures__uspto_assignment__c6216221a4a1a8529e22fdfbe4380037-50-0-.xml.gz"
PEDS = "uspto/peds_json/patent_client__1399ce32a8e308eea86a4cf14147d09b.json.gz"
PEDS_OTHER_RESPONSE = "uspto/peds_json/patent_client__4eadd5975093d9fd98e3d224f50bf291.json.gz"
PTAB = "uspto/ptab_json/patent_client__PtabTrialManager-1e5000c737dd5f89ec693537246c6fad.json.gz"
PEDS_SMARTFLASH = "uspto/peds_json/patent_client__192384b93a6ae368296cf48f685ee41b.json.gz"


def test_events_of_one_application_in_date_order(hub):
    report = hub.ingest([data_path(ASSIGNMENTS), data_path(PEDS)])
    assert not report.quarantined
    events = hub.store.events_for(["US13842218"])
    assert len(events) == 43  # 39 PEDS transactions + the PEDS summary + 3 recorded assignments
    dates = [e.date for e in events]
    assert None not in dates and dates == sorted(dates)
    assert {(e.event_type, e.code) for e in events if e.date == dt.date(2013, 3, 15)} == {
        ("prosecution", "BIB"), ("prosecution", "IEXX"), ("prosecution", "APPERMS")}
    timeline = [(e.date, e.event_type, e.code) for e in events]
    assert [t for t in timeline if t[1] == "assignment"] == [
        (dt.date(2015, 8, 20), "assignment", "assignment"),
        (dt.date(2015, 8, 20), "assignment", "change-of-name"),
        (dt.date(2016, 1, 6), "assignment", "assignment"),
    ]
    # the inventors' assignment was recorded between the restriction reply and the rejection
    at = timeline.index((dt.date(2016, 1, 6), "assignment", "assignment"))
    assert timeline[at + 1][0] == dt.date(2016, 1, 22) and timeline[at + 1][2] == "C.AD"
    assert (dt.date(2016, 6, 16), "prosecution", "CTNF") in timeline
    assert timeline[-1][0] == dt.date(2017, 1, 12)
    # the events also answer for the publication they name (kind-less for the assignment data)
    assert [e.code for e in hub.store.events_for([], ["US20130216623A1"])] == ["BIB"]
    assert len(hub.store.events_for([], ["US20130216623"])) == 3


def test_reingest_and_another_response_add_no_events(hub):
    hub.ingest([data_path(ASSIGNMENTS), data_path(PEDS)])
    total = hub.stats()["totals"]["events"]
    assert total == 12 + 40  # 12 (assignment, application) pairs, 40 PEDS events
    forced = hub.ingest([data_path(ASSIGNMENTS), data_path(PEDS)], force=True)
    assert forced.inserted == 0 and forced.unchanged == 52
    # the same application answered to another query (other queryId, QTime, lastUpdatedTimestamp)
    other = hub.ingest([data_path(PEDS_OTHER_RESPONSE)])
    assert other.inserted == 0 and other.unchanged == 40
    assert hub.stats()["totals"]["events"] == total
    assert len(hub.store.events_for(["US13842218"])) == 43


def test_trial_and_prosecution_meet_on_the_challenged_patent(hub):
    hub.ingest([data_path(PTAB), data_path(PEDS_SMARTFLASH)])
    events = hub.store.events_for(["US12943872"])
    trial = [e for e in events if e.event_type == "trial"]
    assert [(e.code, e.date, e.details["trial_number"]) for e in trial] == [
        ("CBM", dt.date(2014, 3, 28), "CBM2014-00102")]
    # the trial and the PEDS summary both name patent 8,118,221
    assert {e.event_type for e in hub.store.events_for([], ["US8118221"])} == {"trial", "prosecution"}
    assert events[0].date == dt.date(2010, 11, 10)  # filing: BIB and IEXX
