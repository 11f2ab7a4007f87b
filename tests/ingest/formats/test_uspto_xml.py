"""USPTO full-text XML v4.x on real files."""

import datetime as dt

from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

GRANTS = "uspto/grant_xml_v4x"


def test_v45_grant_bibliography_claims_citations():
    fmt, records, rejected, _ = read_file(data_path(f"{GRANTS}/PatentPublicData__US08927118.xml.gz"), "uspto-xml")
    assert not rejected
    d = by_number(records, "US8927118B2")
    assert d.doc_type == "grant"
    assert d.pub_date == dt.date(2015, 1, 6)
    assert d.app_number == "US13349377" and d.app_date == dt.date(2012, 1, 12)
    assert d.title().startswith("Material for organic electroluminescence device")
    assert d.claim_count() == 45
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[1].depends_on == [] and claims[5].depends_on == [1] and claims[9].depends_on == [5]
    assert len(d.citations) == 76
    assert d.citations[0].number == "US5843607" and d.citations[0].date == "1998-12"
    assert d.citations[0].cited_by == "applicant"
    ipc = [c.symbol for c in d.classifications if c.scheme == "IPC"]
    assert ipc[0] == "H05B 33/14" and "C07D 495/04" in ipc
    assert any(c.scheme == "CPC" and c.symbol == "C07D 493/04" and c.first for c in d.classifications)
    assert d.priorities[0].country == "JP" and d.priorities[0].date == dt.date(2008, 6, 5)
    inventors = d.parties_by_role("inventor")
    assert inventors and inventors[0].country == "JP"
    assert d.provenance[0].format_version == "v4.5 2014-04-03"


def test_v40_grant_with_edition7_ipc_and_applicant_inventor():
    _, records, _, _ = read_file(data_path(f"{GRANTS}/PatentPublicData__US06859910.xml.gz"))
    d = by_number(records, "US6859910B2")
    assert [c.symbol for c in d.classifications if c.scheme == "IPC"][:2] == ["G06F 15/00", "G06F 17/00"]
    assert d.parties_by_role("inventor")[0].name == "Croy, John Charles"
    assert {c.cited_by for c in d.citations} == {"examiner"}
    assert d.claim_count() == 2 and d.claims[0].claims[1].depends_on == [1]


def test_weekly_file_with_sequence_listing_and_design():
    _, records, rejected, _ = read_file(data_path(f"{GRANTS}/PatentsView-DB__ipg060103.small.xml.gz"))
    assert not rejected
    assert len(records) == 18  # 20 documents in the file; the 2 sequence listings are not patents
    design = by_number(records, "USD513434S1")
    assert design.doc_type == "design" and design.title() == "Electric fan"
    assert any(c.scheme == "LOCARNO" for c in design.classifications)
    milking = by_number(records, "US6981466B2")
    assert {c.cited_by for c in milking.citations} <= {"examiner", "other", "applicant"}
    assert milking.priorities[0].country == "EP" and milking.priorities[0].number == "03250605"


def test_indented_concatenated_declarations_split():
    _, records, rejected, _ = read_file(data_path(f"{GRANTS}/go-uspto__test.xml.gz"))
    assert not rejected
    assert sorted(r.pub_number for r in records) == ["US11147202B2", "US11147203B2"]


def test_application_v46():
    _, records, rejected, _ = read_file(
        data_path("uspto/application_xml/go-uspto__US20220240350A1-20220728.XML.gz"), "uspto-xml")
    assert not rejected
    d = records[0]
    assert d.pub_number == "US20220240350A1" and d.doc_type == "application"
    assert d.pub_date == dt.date(2022, 7, 28)
    assert d.claim_count() > 0 and d.abstract()


def _uspc(doc):
    return [(c.symbol, c.first) for c in doc.classifications if c.scheme == "USPC"]


def test_us_classes_of_grants_and_applications():
    _, records, _, _ = read_file(data_path(f"{GRANTS}/PatentPublicData__US07272630.xml.gz"))
    assert _uspc(records[0]) == [("709/203", True), ("709/201", False), ("709/219", False), ("715/739", False)]
    # the cited documents' own US classes (714  4, 370352 …) are theirs, not the grant's
    _, records, _, _ = read_file(data_path(f"{GRANTS}/PatentPublicData__US08930553.xml.gz"))
    assert _uspc(records[0]) == [("709/228", True)]
    _, weekly, _, _ = read_file(data_path(f"{GRANTS}/PatentsView-DB__ipg060103.small.xml.gz"))
    assert _uspc(by_number(weekly, "USD513434S1")) == [("D23/379", True)]
    assert _uspc(by_number(weekly, "US6981466B2")) == [("119/14.02", True), ("119/14.17", False)]
    # applications spell classes 3+3+3: 600300000 = 600/300, 002001000 = 2/1
    _, (app,), _, _ = read_file(data_path("uspto/application_xml/PatentPublicData__US20050004437A1.xml.gz"))
    assert _uspc(app) == [("600/300", True), ("128/905", False), ("345/952", False)]
    _, (garment,), _, _ = read_file(data_path("uspto/application_xml/PatentsView-DB__ipa061228.one.xml.gz"))
    assert _uspc(garment) == [("2/1", True), ("426/104", False)]


def test_us_classes_across_the_v4_files():
    docs = [d for folder in (GRANTS, "uspto/application_xml") for path in sorted(data_path(folder).iterdir())
            for d in read_file(path, "uspto-xml")[1]]
    with_uspc = [d for d in docs if _uspc(d)]
    assert (len(docs), len(with_uspc), sum(len(_uspc(d)) for d in docs)) == (351, 340, 864)
    assert all(sum(first for _, first in _uspc(d)) == 1 for d in with_uspc)  # one main class each
    # USPC left the front page in 2015: the documents without are the later ones
    assert sorted(d.pub_number for d in docs if not _uspc(d)) == [
        "US11147202B2", "US11147203B2", "US12207575B2", "US20210045410A1", "US20210048778A1", "US20210049351A1",
        "US20210267109A1", "US20220159901A1", "US20220240350A1", "US20230080311A1", "US9358892B1"]
