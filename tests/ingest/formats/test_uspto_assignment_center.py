"""USPTO Assignment Center API patent assignment search, in the VCR cassettes of
``ownership/uspto_patent_assignment_cassettes`` (3,291 recordings) and as a plain response."""

import datetime as dt
import gzip
from collections import Counter

import pytest
import yaml

from iprhub.errors import ParseError
from tests.conftest import data_path
from tests.formats_helpers import read_file

FOLDER = "ownership/uspto_patent_assignment_cassettes"
CASSETTE = "patent-client-agents__tests_uspto_assignments_test_client_py_TestSearchLive_"
CONVEYANCE_FILTER = f"{FOLDER}/{CASSETTE}test_search_with_conveyance_filter.yaml.gz"
EXECUTED_BETWEEN = f"{FOLDER}/{CASSETTE}test_search_with_executed_between.yaml.gz"


def test_security_interest_search_cassette():
    _, events, rejected, _ = read_file(data_path(CONVEYANCE_FILTER), "uspto-assignment-center")
    assert rejected == []
    assert [(e.app_key, e.pub_number, e.code, e.transfer.reel_frame) for e in events] == [
        ("US16226643", "US10477185", "release", "047966/0839"),
        ("US10354509", "US7068768", "correction", "033897/0744"),
        ("US13070157", "US8800931", "security-interest", "028201/0309"),
        ("US11890313", "US7656053", "security-interest", "026679/0019"),
        ("US61369935", None, "security-interest", "026602/0979"),
        ("US10675233", "US8011742", "release", "025059/0511"),
        ("US11890313", "US7656053", "security-interest", "022318/0762"),
        ("US09738010", "US7142536", "security-interest", "015797/0798"),
    ]
    kite = events[2]
    assert kite.date == dt.date(2012, 5, 11) and kite.transfer.recorded_date is None  # the API gives none
    assert kite.transfer.conveyance == "SECURITY AGREEMENT"
    assert [(a.name, a.executed) for a in kite.transfer.assignors] == [("MAKANI POWER, INC.", dt.date(2012, 5, 11))]
    assert [p.name for p in kite.transfer.assignees] == ["GOOGLE VENTURES 2012, L.P."]
    (covered,) = kite.transfer.properties
    assert covered.title == "Planform Configuration for Stability of a Powered Kite and a System and Method for Use of Same"
    assert (covered.app_key, covered.patent_number, covered.pub_number) == ("US13070157", "US8800931", "US20110260462")
    assert (covered.filing_date, covered.publication_date, covered.patent_date) == (
        dt.date(2011, 3, 23), dt.date(2011, 10, 27), dt.date(2014, 8, 12))
    assert events[0].provenance[0].position == "interaction 1, record 1"


def test_every_recording_of_the_cassettes():
    events = [e for path in sorted(data_path(FOLDER).iterdir()) for e in read_file(path, "uspto-assignment-center")[1]]
    recordings = {e.transfer.reel_frame: e.transfer.conveyance_type for e in events}
    assert (len(events), len(recordings)) == (3326, 3291)
    assert Counter(recordings.values()) == {
        "assignment": 3151,  # 3,147 of assignor's interest + 3 nunc pro tunc + 1 confirmatory
        "change-of-name": 71,  # 58 changes of name + 13 entity conversions
        "correction": 57,
        "security-interest": 6,  # 5 security agreements + 1 lien
        "merger": 3,
        "release": 2,
        "other": 1,  # "ENTITY CONVEYANCE"
    }
    # PCT applications named only by their PCT number are keyed as PCT applications
    assert Counter(e.app_key[:2] for e in events) == {"US": 2995, "WO": 331}
    pct = next(e for e in events if e.transfer.reel_frame == "070600/0919")
    assert pct.app_key == "WO2024US047195" and pct.transfer.properties[0].filing_date == dt.date(2024, 9, 18)


def test_no_date_marker_and_a_plain_response(tmp_path):
    cassette = yaml.safe_load(gzip.decompress(data_path(EXECUTED_BETWEEN).read_bytes()))
    plain = tmp_path / "search.json"
    plain.write_text(cassette["interactions"][0]["response"]["body"]["string"])
    _, from_plain, rejected, _ = read_file(plain, "uspto-assignment-center")
    _, from_cassette, _, _ = read_file(data_path(EXECUTED_BETWEEN))
    assert rejected == [] and len(from_plain) == 1000
    assert [e.identity() for e in from_plain] == [e.identity() for e in from_cassette[:1000]]
    assert from_plain[12].provenance[0].position == "record 13"
    reduced = from_plain[12]  # issueDate "01/01/1": the API's "no date"
    assert reduced.transfer.properties[0].title == "MANAGING REDUCED-CAPABILITY USER EQUIPMENT"
    assert reduced.transfer.properties[0].patent_date is None and reduced.app_key == "US19509220"


def test_a_broken_cassette_or_body_names_the_file_and_interaction(tmp_path):
    raw = gzip.decompress(data_path(CONVEYANCE_FILTER).read_bytes())
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(raw + b"\n- {unclosed")
    with pytest.raises(ParseError) as err:
        read_file(broken, "uspto-assignment-center")
    assert (err.value.file, err.value.position) == (str(broken), "file")
    assert err.value.message.startswith("not a readable YAML cassette")
    cassette = yaml.safe_load(raw)
    cassette["interactions"][0]["response"]["body"]["string"] = '{"status": "Success", "successResponse": {"data": ['
    truncated = tmp_path / "truncated.yaml"
    truncated.write_text(yaml.safe_dump(cassette))  # keys sorted: it starts with "interactions:"
    with pytest.raises(ParseError) as err:
        read_file(truncated, "uspto-assignment-center")
    assert (err.value.file, err.value.position) == (str(truncated), "interaction 1")
    assert err.value.message.startswith("not valid JSON")


def test_cassette_assignments_are_stored(hub):
    report = hub.ingest([data_path(CONVEYANCE_FILTER)])
    assert report.quarantined == [] and report.inserted == 8
    assert [e.transfer.reel_frame for e in hub.store.events_for(["US11890313"])] == ["022318/0762", "026679/0019"]
