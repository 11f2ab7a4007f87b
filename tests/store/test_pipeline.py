"""The ingest pipeline end to end on both backends: idempotence, merge, quarantine."""

import gzip
import shutil

from tests.conftest import data_path

GRANT = "uspto/grant_xml_v4x/PatentsView-DB__ipg060103.small.xml.gz"


def test_ingest_then_reingest_changes_nothing(hub, tmp_path):
    report = hub.ingest([data_path(GRANT)])
    assert report.inserted == 18 and not report.quarantined
    before = hub.stats()
    again = hub.ingest([data_path(GRANT)])
    assert again.inserted == 0
    assert again.files[0].status == "skipped"
    forced = hub.ingest([data_path(GRANT)], force=True)
    assert forced.inserted == 0 and forced.updated == 0 and forced.unchanged == 18
    assert hub.stats() == before
    d = hub.document("US 6,981,466 B2")
    assert d.title() == "Milking"
    assert hub.document("US6981466").pub_number == "US6981466B2"


def test_same_document_in_two_files_is_stored_once(hub, tmp_path):
    src = data_path(GRANT)
    copy = tmp_path / "copy.xml"
    with gzip.open(src, "rb") as f, copy.open("wb") as out:
        shutil.copyfileobj(f, out)
    hub.ingest([src])
    report = hub.ingest([copy])
    assert report.inserted == 0 and report.unchanged == 18
    assert hub.stats().totals["documents"] == 18
