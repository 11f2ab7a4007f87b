"""EPO DOCDB exchange XML on real files (one-record files and a delivery with many records)."""

import datetime as dt

from iprhub.ingest.formats import detect
from iprhub.ingest.formats.base import make_head
from iprhub.ingest.sources import iter_sources
from tests.conftest import DATA, data_path
from tests.formats_helpers import by_number, read_file

DOCDB = "epo/docdb_xml"


def test_delivery_file_streams_all_records():
    fmt, records, rejected, _ = read_file(data_path(f"{DOCDB}/go-epo-bdds__DE-backfile.xml.gz"), "epo-docdb-xml")
    assert not rejected
    assert [r.pub_number for r in records] == [f"DE{n}B" for n in range(1258188, 1258198)]  # MANIFEST: 10
    d = by_number(records, "DE1258188B")
    assert d.family_id == "6979546" and d.doc_type == "grant"
    assert d.pub_date == dt.date(1968, 1, 4)
    assert d.app_number == "DEB0077613" and d.app_date == dt.date(1964, 7, 10)
    assert d.title("de") == "Kraftstoffeinspritzpumpe fuer mehrzylindrige Brennkraftmaschinen"
    # one version of each party, original (docdba) spelling
    assert [(p.role, p.name) for p in d.parties] == [
        ("applicant", "ROBERT BOSCH G.M.B.H."), ("inventor", "KNAPP DIPL.-PHYS. DR. HEINRICH"),
        ("inventor", "HEISER DIPL.-ING. JOACHIM")]
    assert [(c.number, c.kind, c.phase, c.cited_by, c.office) for c in d.citations] == [
        ("DE814968", "C", "SEA", "examiner", "DE"), ("DE1156606", "B", "SEA", "examiner", "DE"),
        ("DE1734877", "U", "SEA", "examiner", "DE"), ("FR1343388", "A", "SEA", "examiner", "DE")]
    assert d.citations[3].name == "BRITISH LEYLAND MOTOR CORP"
    ipc = [c.symbol for c in d.classifications if c.scheme == "IPC"]
    assert ipc == ["F02M 41/12", "F02M 59/34", "F02M 59/36"]
    cpc = {c.symbol: c.first for c in d.classifications if c.scheme == "CPC"}
    assert cpc == {"F02M 59/34": True, "F02M 41/125": False, "F02M 59/36": False, "F02M 2700/1358": False}
    assert d.priorities[0].country == "DE" and d.priorities[0].number == "B0077613"
    bertin = by_number(records, "DE1258192B")
    assert bertin.parties_by_role("applicant")[0].name == "SOCIETE BERTIN & CIE."
    assert len(bertin.citations) == 10
    assert records[0].provenance[0].format_version == "2.5.9"


def test_single_record_without_namespace_edition7_ipc_and_pct_priority():
    _, records, rejected, _ = read_file(data_path(f"{DOCDB}/go-epo-bdds__AP-1206-A_302101161.xml.gz"),
                                        "epo-docdb-xml")
    assert not rejected and len(records) == 1
    d = records[0]
    assert d.pub_number == "AP1206A" and d.family_id == "22179393" and d.lang == "en"
    assert d.pub_date == dt.date(2003, 9, 18)
    assert d.app_number == "AP2000001988" and d.app_date == dt.date(1998, 8, 4)
    assert d.title("en") == "Enteric coated pharmaceutical composition and method of manufacturing."
    assert d.abstract("en").startswith("A high drug load enteric coated pharmaceutical composition")
    assert [(p.country, p.number, p.date, p.kind) for p in d.priorities] == [
        ("US", "8359798", dt.date(1998, 5, 22), None), ("US", "9816128", dt.date(1998, 8, 4), "international")]
    assert [(p.name, p.country) for p in d.parties_by_role("applicant")] == [("BRISTOL-MYERS SQUIBB COMPANY", "US")]
    assert [p.name for p in d.parties_by_role("inventor")] == ["ULLAR Ismat", "WILEY Gary J"]
    # 18 IPCR symbols (the edition-7 main class A61K 9/16 is one of them, marked first) + 8 CPC
    assert len([c for c in d.classifications if c.scheme == "IPC"]) == 18
    assert len([c for c in d.classifications if c.scheme == "CPC"]) == 8
    assert next(c for c in d.classifications if c.scheme == "IPC" and c.symbol == "A61K 9/16").first
    assert [(c.number, c.kind, c.date, c.phase) for c in d.citations] == [
        ("US5556839", "A", "1996-09-17", "SEA"), ("US5510114", "A", "1996-04-23", "SEA"),
        ("US5326570", "A", "1994-07-05", "SEA")]


def test_docdb_entities_and_undeclared_prefix_with_isr_and_applicant_citations():
    # the file names DOCDB entities (&SACUTE;) without a DOCTYPE and uses exch: without declaring it
    _, records, rejected, _ = read_file(data_path(f"{DOCDB}/go-epo-bdds__WO-2022259205-A1_544370561.xml.gz"),
                                        "epo-docdb-xml")
    assert not rejected and len(records) == 1
    d = records[0]
    assert d.pub_number == "WO2022259205A1" and d.family_id == "82558028"
    assert d.app_number == "IB2022055385" and d.app_date == dt.date(2022, 6, 9)
    assert d.title("en") == "SELF-EMULSIFYING COMPOSITION, PRODUCTION METHODS AND USES THEREOF"
    assert d.title("fr") == "COMPOSITION AUTO-ÉMULSIFIANTE, SES PROCÉDÉS DE PRODUCTION ET SES UTILISATIONS"
    assert {a.lang for a in d.abstracts} == {"en", "fr"}
    assert [(p.country, p.number, p.date) for p in d.priorities] == [("PT", "11728321", dt.date(2021, 6, 11))]
    assert d.parties_by_role("applicant")[0].name == "UNIVERSIDADE DA BEIRA INTERIOR"
    inventors = d.parties_by_role("inventor")
    assert len(inventors) == 8 and inventors[0].name == "OLIVEIRA DOS SANTOS, Adriana"
    assert inventors[0].country == "PT"
    assert [(c.number, c.categories, c.phase, c.office) for c in d.citations] == [
        ("CN102908333", ["Y"], "ISR", "EP"), ("WO2005013972", ["Y"], "ISR", "EP"),
        ("WO2013147452", ["Y"], "ISR", "EP"), ("WO2021005101", ["Y"], "ISR", "EP")]
    isr_npl = [n for n in d.npl_citations if n.phase == "ISR"]
    app_npl = [n for n in d.npl_citations if n.phase == "APP"]
    assert len(isr_npl) == 8 and len(app_npl) == 11
    assert {n.cited_by for n in app_npl} == {"applicant"}
    # <category>XY</category>: X and Y; the other search-report documents are Y
    assert [n.categories for n in isr_npl] == [["X", "Y"]] + [["Y"]] * 7
    assert any("CZAJKOWSKA-KOŚNIK" in n.text for n in isr_npl)
    assert first_cpc(d) == "A61K 9/1075"
    assert "BW" in d.designated_states and "AP" not in d.designated_states


def first_cpc(d):
    return next(c.symbol for c in d.classifications if c.scheme == "CPC" and c.first)


def test_docdb_and_ops_readers_do_not_claim_each_others_files():
    for folder, allowed in (("epo/docdb_xml", {"epo-docdb-xml"}), ("epo/ops_xml", None)):
        for source in iter_sources([DATA / folder]):
            with source.open() as stream:
                fmt = detect(make_head(stream.read(65536), source.name))
            assert fmt is not None, source.name
            if allowed:
                assert fmt.name in allowed, source.name
            else:
                assert fmt.name.startswith("epo-ops-"), source.name
