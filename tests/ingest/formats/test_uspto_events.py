"""USPTO event sources, whole folders: every file detected, records counted against MANIFEST.md."""

import collections

import pytest

from tests.conftest import data_path
from tests.formats_helpers import read_file


def manifest_counts(folder: str) -> dict[str, int]:
    """file name -> documents/records, from the shared data's MANIFEST table rows."""
    counts = {}
    for line in data_path("MANIFEST.md").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| uspto/{folder}/"):
            cols = [c.strip() for c in line.split("|")]
            counts[cols[1].rsplit("/", 1)[1]] = int(cols[3])
    return counts


def read_folder(folder: str, fmt: str):
    """file name -> (events, rejected) for every file of a folder, each detected as ``fmt``."""
    out = {}
    for path in sorted(data_path(f"uspto/{folder}").iterdir()):
        _, records, rejected, _ = read_file(path, fmt)
        out[path.name] = (records, rejected)
    return out


def test_assignment_folder_one_record_per_doc_one_event_per_application():
    expected = manifest_counts("assignment_xml")
    got = read_folder("assignment_xml", "uspto-assignment-xml")
    assert len(expected) == 12 and sum(expected.values()) == 165
    assert set(got) == set(expected)
    for name, (events, rejected) in got.items():
        assert not rejected, name
        assert len({e.provenance[0].position for e in events}) == expected[name], name
        assert {e.event_type for e in events} == {"assignment"}
        # within one response every (assignment, application) pair is a distinct event
        assert len({e.identity() for e in events}) == len(events), name
    assert sum(len(events) for events, _ in got.values()) == 665  # applNum entries over the 165 records


def test_office_action_folder_counts():
    expected = manifest_counts("office_action_json")
    got = read_folder("office_action_json", "uspto-office-action-json")
    assert sum(expected.values()) == 204
    for name, (events, rejected) in got.items():
        assert not rejected and len(events) == expected[name], name
        assert {e.event_type for e in events} == {"office-action"}
        assert len({e.identity() for e in events}) == len(events), name


def test_peds_folder_one_bib_event_per_application_record():
    expected = manifest_counts("peds_json")
    got = read_folder("peds_json", "uspto-peds-json")
    assert len(expected) == 77 and sum(expected.values()) == 690
    assert set(got) == set(expected)
    codes = collections.Counter()
    for name, (events, rejected) in got.items():
        assert not rejected, name
        assert sum(e.code == "BIB" for e in events) == expected[name], name
        codes.update("BIB" if e.code == "BIB" else "transaction" for e in events)
    assert codes == {"BIB": 690, "transaction": 27381}  # "recordDate" entries in the 77 files


@pytest.mark.parametrize("folder, fmt", [
    ("odp_json", "uspto-odp-json"),
    ("ptab_json", "uspto-ptab-json"),
    ("global_dossier_json", "uspto-global-dossier-json"),
])
def test_api_response_folders_every_response_read(folder, fmt):
    expected = manifest_counts(folder)
    got = read_folder(folder, fmt)
    assert set(got) == set(expected) and set(expected.values()) == {1}
    for name, (events, rejected) in got.items():
        # a response either yields events or says why its records cannot be attached
        assert events or rejected, name
        assert all(r.reason for r in rejected)
