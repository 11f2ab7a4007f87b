"""One continuity entry with an impossible date is dropped with a warning, never its record
(PPUBS, PEDS, ODP): real responses with one date spoiled, built in tmp_path."""

import datetime as dt
import gzip
import json

from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

PPUBS = "uspto/ppubs_json/patent_client__public_search_doc.json.gz"
PEDS = "uspto/peds_json/patent_client__060a521b167e2ee6db31bd2e37e2f379.json.gz"
ODP = "uspto/odp_json/patent_client__odp_application.json.gz"


def _spoiled(tmp_path, rel, spoil):
    data = json.loads(gzip.decompress(data_path(rel).read_bytes()))
    spoil(data)
    path = tmp_path / rel.rsplit("/", 1)[1].removesuffix(".gz")
    path.write_text(json.dumps(data))
    return path


def _ppubs_with_bad_continuity_date(tmp_path):
    def spoil(records):
        (rec,) = [r for r in records if r["guid"] == "US-11554372-B1"]
        assert rec["continuityData"] == [
            "continuation parent-doc US PCT/US2021/041988 20210716 PENDING child-doc US 17546565\n<br />"]
        rec["continuityData"] = [rec["continuityData"][0].replace("20210716", "20211316")]
    return _spoiled(tmp_path, PPUBS, spoil)


def test_ppubs_record_with_a_bad_continuity_date_is_kept_without_that_entry(tmp_path):
    _, records, rejected, _ = read_file(_ppubs_with_bad_continuity_date(tmp_path), "uspto-ppubs")
    _, originals, _, _ = read_file(data_path(PPUBS))
    assert rejected == [] and len(records) == len(originals) == 22
    doc = by_number(records, "US11554372B1")
    assert doc.related == []
    assert doc.provenance[0].warnings == [
        "continuity entry dropped (invalid date '20211316'): "
        "continuation parent-doc US PCT/US2021/041988 20211316 PENDING child-doc US 17546565"]
    original = by_number(originals, "US11554372B1")
    assert doc.claims == original.claims and doc.title() == original.title()
    assert all(not d.provenance[0].warnings for d in records if d is not doc)


def test_the_warning_is_stored_and_counted_by_the_ingest_summary(hub, tmp_path):
    report = hub.ingest([_ppubs_with_bad_continuity_date(tmp_path)])
    assert report.quarantined == []
    assert report.to_dict()["by_format"]["uspto-ppubs"] == {"files": 1, "documents": 22, "warnings": 1}
    stored = hub.store.get_document("US11554372B1")
    assert stored.related == [] and stored.provenance[0].warnings[0].startswith("continuity entry dropped")


def test_peds_bad_continuity_date_drops_that_entry_from_the_summary(tmp_path):
    def spoil(data):
        (doc,) = [d for d in data["queryResults"]["searchResponse"]["response"]["docs"] if d["applId"] == "16167474"]
        assert doc["parentContinuity"][0]["filingDate"] == "10-24-2016"
        doc["parentContinuity"][0]["filingDate"] = "10-34-2016"
    _, events, rejected, _ = read_file(_spoiled(tmp_path, PEDS, spoil), "uspto-peds-json")
    _, originals, _, _ = read_file(data_path(PEDS))
    assert rejected == [] and len(events) == len(originals)
    (bib,) = [e for e in events if e.app_key == "US16167474" and e.code == "BIB"]
    (before,) = [e for e in originals if e.app_key == "US16167474" and e.code == "BIB"]
    assert bib.details["continuity"] == before.details["continuity"][1:]
    assert bib.provenance[0].warnings == [
        "parentContinuity entry 1 dropped: invalid date '2016-10-34' [field parentContinuity/filingDate]"]
    assert sum(len(e.provenance[0].warnings) for e in events) == 1  # the summary only, not every event


def test_odp_bad_continuity_date_drops_that_event(tmp_path):
    def spoil(data):
        national_stage, provisional = data["patentBag"][0]["continuityBag"]["parentContinuityBag"]
        assert (national_stage["filingDate"], provisional["filingDate"]) == ("2015-04-23", "2014-04-23")
        national_stage["filingDate"] = "2015-04-31"
    _, events, rejected, _ = read_file(_spoiled(tmp_path, ODP, spoil), "uspto-odp-json")
    _, originals, _, _ = read_file(data_path(ODP))
    assert rejected == []
    related = {"NST", "PRO", "CON"}
    assert [(e.code, e.date) for e in originals if e.code in related] == [
        ("NST", dt.date(2015, 4, 23)), ("PRO", dt.date(2014, 4, 23)), ("CON", dt.date(2018, 9, 14))]
    assert [(e.code, e.date) for e in events if e.code in related] == [
        ("PRO", dt.date(2014, 4, 23)), ("CON", dt.date(2018, 9, 14))]
    assert len(events) == len(originals) - 1
    assert events[0].code == "BIB" and events[0].provenance[0].warnings == [
        "parentContinuityBag entry 1 dropped: invalid date '2015-04-31' [field parentContinuityBag/filingDate]"]
    assert events[0].date == dt.date(2016, 9, 2)
