"""WIPO ST.96 example instances: patent publication, design, trademark, geographical indication."""

import datetime as dt

from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

ST96 = "wipo/st96_example_instances"


def test_patent_publication_bibliography_citations_and_claims():
    fmt, records, rejected, _ = read_file(data_path(f"{ST96}/PatentStandardization__PatentPublication_Example.xml.gz"),
                                          "wipo-st96-xml")
    assert not rejected
    d = by_number(records, "US8936998B2")
    assert d.doc_type == "grant" and d.lang == "en"
    assert d.pub_date == dt.date(2015, 1, 20)
    assert d.app_number == "US13797521" and d.app_date == dt.date(2013, 3, 12)
    assert d.title() == "Manufcaturing method for room-temperature substrate bonding"  # sic, as published
    (prio,) = d.priorities
    assert (prio.country, prio.number, prio.date, prio.kind) == ("JP", "2007-290922", dt.date(2007, 11, 8), "national")
    ipc = [c for c in d.classifications if c.scheme == "IPC"]
    assert len(ipc) == 6 and ipc[0].symbol == "H01L 21/30" and ipc[0].first and ipc[0].version == "2006.01"
    assert (ipc[-1].symbol, ipc[-1].value, ipc[-1].version) == ("H01L 31/0203", "N", "2014.01")
    cpc = [c for c in d.classifications if c.scheme == "CPC"]
    assert len(cpc) == 26 and cpc[0].symbol == "H01L 21/2007" and cpc[0].first
    assert "H01L 2224/83099" in [c.symbol for c in cpc]
    # 17 patent and 13 non-patent references, cited by applicant or examiner
    assert len(d.citations) == 17 and len(d.npl_citations) == 13
    by_num = {c.number: c for c in d.citations}
    assert by_num["US20040235266"].cited_by == "examiner" and by_num["US20040235266"].name == "Tong"
    assert by_num["US6054363"].cited_by == "applicant" and by_num["US6054363"].date == "2000-04"
    # JP era-year numbers: 63-101085 (1988, Showa 63), 6-166550 (1994, Heisei 6), 2000-56265
    assert {"JPS63101085", "JPH06166550", "JPH10200079", "JP2000056265"} <= set(by_num)
    assert d.npl_citations[0].cited_by == "examiner" and d.npl_citations[0].text.startswith("Gary S. May")
    assert d.claim_count() == 10
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[2].depends_on == [1] and claims[3].depends_on == [2] and claims[6].depends_on == [1]
    assert claims[8].depends_on == [] and claims[10].depends_on == [9]
    assert claims[1].text.startswith("1. A device manufacture method, comprising: sputtering a first surface")
    assert [p.name for p in d.parties_by_role("assignee")] == [
        "Mitsubishi Heavy Industries, Ltd.", "National Institute of Advanced Industrial Science and Technology"]
    assert [p.name for p in d.parties_by_role("examiner")] == ["Jackson, Jerome", "Budd, Paul"]
    assert len(d.parties_by_role("inventor")) == 5 and d.parties_by_role("inventor")[0].name == "Utsumi, Jun"
    assert d.parties_by_role("agent")[0].name == "Birch, Stewart, Kolasch & Birch, LLP"
    related = {r.relation: r for r in d.related}
    assert related["division-parent"].number == "US12741916"
    assert related["pct-application"].number == "PCT/JP2008/068544"
    assert related["related-publication"].number == "US20130213561"
    assert d.abstract().startswith("A device is provided with: a first substrate mainly containing silicon dioxide")
    assert d.descriptions[0].text.startswith("This application is a Divisional of co-pending U.S. patent application")
    assert d.provenance[0].format_version == "V6_0"


def test_design_application_is_a_design_document_with_locarno_class():
    _, records, rejected, _ = read_file(data_path(f"{ST96}/PatentStandardization__DesignApplication_Example.xml.gz"))
    assert not rejected
    (d,) = records
    assert d.pub_number == "XXD0123456" and d.doc_type == "design"  # office XX: an illustrative example
    assert d.pub_date == dt.date(2019, 1, 29)
    assert d.app_number == "XX35503842" and d.app_date == dt.date(2017, 8, 29)
    assert d.title() == "Chair"
    (loc,) = d.classifications
    assert (loc.scheme, loc.symbol, loc.version) == ("LOCARNO", "06-01", "11")
    assert d.claims[0].claims[0].text == "The ornamental design for a chair, as shown and described."
    assert d.descriptions[0].text.startswith("1. Chair [seat]\n1.1 is a perspective view;")
    (prio,) = d.priorities
    assert (prio.country, prio.number, prio.date) == ("WO", "DM/096824", dt.date(2017, 3, 31))
    assert [p.name for p in d.parties_by_role("inventor")] == ["Francis, Emma", "Altova, Jeannette", "Ho, Manuel"]
    assert d.parties_by_role("applicant")[0].name == "HARPER Inc."
    assert d.parties_by_role("examiner")[0].name == "Jane Doe"
    assert [c.number for c in d.citations][:2] == ["USD5584709", "USD5653108"] and len(d.citations) == 5
    assert d.related[0].relation == "registration" and d.related[0].number == "XX123456"
    assert d.legal_events[0].description == "Transmit Statement of Grant to I.B. (Hague)"
    assert d.legal_events[0].date == dt.date(2019, 1, 31)


def test_trademark_application_example():
    _, records, rejected, _ = read_file(data_path(f"{ST96}/PatentStandardization__TrademarkApplication_Example.xml.gz"))
    assert not rejected
    (tm,) = records
    assert tm.key == "US/87035559" and tm.reg_number == "5169753"
    assert tm.mark_text == "LANYI" and tm.mark_script == "Latn"
    assert tm.mark_type == "combined"  # MarkFeatureCode 3: design plus words
    assert tm.app_date == dt.date(2016, 5, 12) and tm.reg_date == dt.date(2017, 3, 28)
    assert tm.pub_date == dt.date(2017, 1, 10) and tm.status_date == dt.date(2017, 3, 28)
    (nice,) = tm.nice_classes
    assert nice.number == 9 and nice.goods_services[0].text.startswith("Audio cables; Bags for cameras")
    owner = tm.parties[0]
    assert owner.name == "Shenzhen Fengniao E-Commerce Co.,Ltd" and owner.country == "CN"
    assert [e.code for e in tm.events][:2] == ["R.PRA", "NPUBE"] and len(tm.events) == 17


def test_geographical_indication_is_quarantined_with_reason():
    _, records, rejected, _ = read_file(data_path(f"{ST96}/PatentStandardization__GIApplication_Example.xml.gz"))
    assert records == []
    (rej,) = rejected
    assert rej.reason.startswith("geographical indication applications are not stored")
    assert "IG 18-002" in rej.reason and "Tapisserie d'Aubusson" in rej.reason


def test_whole_folder_matches_manifest_count():
    paths = sorted(data_path(ST96).iterdir())
    assert len(paths) == 4  # MANIFEST: 4 files, 1 document each
    stored = rejected = 0
    for path in paths:
        _, records, rej, _ = read_file(path, "wipo-st96-xml")
        stored += len(records)
        rejected += len(rej)
    assert (stored, rejected) == (3, 1)
