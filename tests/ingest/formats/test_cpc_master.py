"""USPTO CPC Master Classification File on the real sample."""

import datetime as dt
import gzip
import io

from iprhub.ingest.formats import get_format
from iprhub.ingest.formats.base import ReadContext, Rejected
from tests.conftest import data_path
from tests.formats_helpers import read_file

MCF = "classification/cpc/PatentPublicData__cpcMaster.xml.gz"


def test_grant_record_as_partial_document():
    fmt, records, rejected, titles = read_file(data_path(MCF), "uspto-cpc-master")
    assert not rejected and not titles
    (doc,) = records
    assert (doc.pub_number, doc.country, doc.doc_number, doc.kind) == ("US9400000B2", "US", "9400000", "B2")
    assert doc.doc_type == "grant" and doc.pub_date == dt.date(2016, 7, 26)
    assert doc.app_number == "US13897484"
    assert [c.symbol for c in doc.classifications] == [
        "F04D 29/703", "F04D 17/08", "F04D 25/06", "F04D 25/0613", "F04D 25/08",
        "F04D 29/403", "F04D 29/4206", "F04D 29/4213", "F04D 29/4226"]
    main = doc.classifications[0]
    assert main.first and main.scheme == "CPC" and main.value == "I" and main.version == "2013.01"
    assert not any(c.first for c in doc.classifications[1:])
    assert doc.provenance[0].format == "uspto-cpc-master"
    assert doc.provenance[0].position == "record 1 (line 8)"
    assert not doc.titles and not doc.claims


def test_bad_record_is_rejected_and_the_next_kept():
    data = gzip.decompress(data_path(MCF).read_bytes())
    start = data.index(b"<uspat:CPCMasterClassificationRecord>")
    end = data.index(b"</uspat:CPCMasterClassificationRecord>") + len(b"</uspat:CPCMasterClassificationRecord>")
    broken = data[start:end].replace(b"<pat:PatentNumber>9400000</pat:PatentNumber>", b"")
    items = list(get_format("uspto-cpc-master").read(
        io.BytesIO(data[:start] + broken + b"\n" + data[start:]), ReadContext(source="x", format="uspto-cpc-master")))
    assert isinstance(items[0], Rejected) and items[0].position.startswith("record 1")
    assert "PatentNumber" in items[0].reason
    assert items[1].pub_number == "US9400000B2"


def test_stored_and_viewed_with_cpc_titles(hub):
    hub.ingest([data_path(MCF), data_path("classification/cpc/CPCTitleList202208/cpc-section-F_20220801.txt.gz")])
    view = hub.document_view("US 9,400,000 B2")
    assert view.document.classifications[0].symbol == "F04D 29/703"
    assert view.class_titles["CPC:F04D 29/703"] == "{specially for fans, e.g. fan guards}"
    assert view.class_titles["CPC:F04D 17/08"] == "Centrifugal pumps"
