"""USPTO legacy full text on real files: PATDOC ST.32 grants, pap v1.x applications, APS, BRS."""

import datetime as dt

from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

PG = "uspto/grant_xml_v25_pg"
PAP = "uspto/application_xml_pap_v1x"


# -- PATDOC ST.32 v2.4 / v2.5 ---------------------------------------------------------------------

def test_patdoc_grant_bibliography_claims_citations():
    fmt, records, rejected, _ = read_file(data_path(f"{PG}/go-uspto__v2-5-B2.xml.gz"), "uspto-patdoc")
    assert not rejected and len(records) == 1
    d = by_number(records, "US6530116B2")
    assert d.doc_type == "grant" and d.kind == "B2"
    assert d.pub_date == dt.date(2003, 3, 11)
    assert d.app_number == "US09782496" and d.app_date == dt.date(2001, 2, 13)
    assert d.title() == "Vacuum cleaner with muffled detachable blower exhaust"
    assert d.abstract().startswith("A vacuum cleaner includes a housing having a housing passage")
    assert d.descriptions[0].text.startswith("FIELD OF THE INVENTION The present invention is directed")
    # B577 says 20 claims; claim 4 refers to claim 3 through CLREF
    assert d.claim_count() == 20
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[1].text.startswith("A vacuum cleaner comprising: a housing having")
    assert claims[1].depends_on == [] and claims[4].depends_on == [3]
    assert claims[2].text.startswith("The vacuum cleaner according to claim 1, wherein")
    # 33 cited patents (7 CITED-BY-EXAMINER, 26 CITED-BY-OTHER) and 4 literature references
    assert len(d.citations) == 33
    assert sum(c.cited_by == "examiner" for c in d.citations) == 7
    first = d.citations[0]
    assert (first.number, first.kind, first.date, first.name, first.cited_by) == \
        ("US2276844", "A", "1942-03", "Holm-Hansen", "other")
    dolan = next(c for c in d.citations if c.number == "US2884185")
    assert dolan.cited_by == "examiner" and dolan.office == "US"
    assert len(d.npl_citations) == 4
    assert d.npl_citations[0].text.startswith("Owner's Manual, Hoover Wet/Dry Vac")
    ipc = [c for c in d.classifications if c.scheme == "IPC"]
    assert [(c.symbol, c.version, c.first) for c in ipc] == [("A47L 5/14", "7", True)]
    uspc = [c.symbol for c in d.classifications if c.scheme == "USPC"]
    assert uspc == ["15/328", "15/327.6", "15/326", "15/412"]
    inventors = d.parties_by_role("inventor")
    assert [p.name for p in inventors] == ["Berfield, Robert C.", "Griffin, Ronald", "Seasholtz, Craig"]
    assert inventors[0].country == "US" and inventors[0].address == "Jersey Shore, PA"
    assert [p.name for p in d.parties_by_role("assignee")] == ["Shop Vac Corporation"]
    assert [p.name for p in d.parties_by_role("examiner")] == ["Snider, Theresa T."]
    assert [(r.relation, r.number, r.date) for r in d.related] == \
        [("related-publication", "US20020108205A1", dt.date(2002, 8, 15))]
    assert d.provenance[0].format == "uspto-patdoc" and d.provenance[0].format_version == "2.5"


def test_patdoc_priorities_agent_entities_and_foreign_citations():
    _, records, rejected, _ = read_file(data_path(f"{PG}/PatentPublicData__US06337117.xml.gz"))
    assert not rejected
    d = by_number(records, "US6337117B1")
    assert [(p.country, p.number, p.date) for p in d.priorities] == [
        ("JP", "10-186098", dt.date(1998, 7, 1)), ("JP", "10-252239", dt.date(1998, 9, 7)),
        ("JP", "10-261333", dt.date(1998, 9, 16)), ("JP", "10-326339", dt.date(1998, 11, 17))]
    assert d.title() == "Optical memory device" and d.claim_count() == 39
    assert [c.symbol for c in d.classifications if c.scheme == "USPC"][:2] == ["428/64.1", "428/64.4"]
    assert [c.symbol for c in d.classifications if c.scheme == "IPC"] == ["B32B 3/02"]
    assert [p.name for p in d.parties_by_role("agent")] == ["Oblon, Spivak, McClelland, Maier & Neustadt, P.C."]
    assert d.parties_by_role("assignee")[0].country == "JP"
    # ISO 8879 Greek entities (&lgr;) left unresolved by the parser become letters
    assert "wavelength λ1" in d.descriptions[0].text and "&lgr;" not in d.descriptions[0].text

    _, records, _, _ = read_file(data_path(f"{PG}/go-uspto__v2-5-B1.xml.gz"))
    d = by_number(records, "US6334226B1")
    foreign = {c.number: c for c in d.citations if c.country != "US"}
    assert foreign["DE3502953"].date == "1985-10" and foreign["DE3502953"].cited_by == "examiner"
    assert foreign["JP10168960"].cited_by == "other"
    assert [(r.relation, r.number) for r in d.related] == \
        [("pct-application", "PCT/JP98/04545"), ("pct-publication", "WO99/20849")]
    assert len(d.parties_by_role("examiner")) == 2  # primary (B746) and assistant (B747)


def test_patdoc_v24_design_with_locarno():
    fmt, records, rejected, _ = read_file(data_path(f"{PG}/PatentPublicData__USD435854S1.xml.gz"))
    assert fmt == "uspto-patdoc" and not rejected
    d = by_number(records, "USD435854S")  # v2.4 designs carry kind "S"
    assert d.doc_type == "design" and d.pub_date == dt.date(2001, 1, 2)
    assert d.app_number == "US29116510" and d.title() == "Disc cartridge"
    assert [(c.scheme, c.symbol, c.version) for c in d.classifications] == \
        [("LOCARNO", "1402", "7"), ("USPC", "D14/480", None)]
    assert len(d.citations) == 10 and {c.cited_by for c in d.citations} == {"examiner"}
    assert d.citations[0].number == "USD271298" and d.citations[0].date == "1983-11"
    assert [p.name for p in d.parties_by_role("assignee")] == \
        ["Hitachi Maxell, Ltd.", "Sanyo Electric Co.,Ltd.", "Olympus Optical Co., Ltd."]
    assert len(d.parties_by_role("inventor")) == 8
    assert d.claims[0].claims[0].text == "The ornamental design for a disc cartridge, as shown and described."
    assert d.provenance[0].format_version == "2.4"


def test_patdoc_weekly_file_all_70_documents():
    _, records, rejected, _ = read_file(data_path(f"{PG}/patentprocessor__pg020507hundred.xml.gz"), "uspto-patdoc")
    assert not rejected
    assert len(records) == 70  # MANIFEST: 70 of the 100 documents of pg020507
    assert len({r.pub_number for r in records}) == 70
    assert {r.pub_date for r in records} == {dt.date(2002, 5, 7)}
    garment = by_number(records, "USD456588S1")
    assert garment.doc_type == "design" and garment.title() == "Garment"
    assert [(p.country, p.number, p.date) for p in garment.priorities] == [("GB", "2090948", dt.date(2000, 3, 2))]
    assert [p.name for p in garment.parties_by_role("agent")] == ["Akin, Gump, Strauss, Hauer & Feld, L.L.P."]
    assert [n.cited_by for n in garment.npl_citations] == ["other", "other", "other", "examiner"]
    assert "item “B” full suite" in garment.npl_citations[1].text
    chair = by_number(records, "USD456627S1")
    assert [(r.relation, r.number) for r in chair.related] == \
        [("division", "US29144860"), ("continuation", "US29123873")]
    hat = by_number(records, "USD456595S1")
    assert [(r.relation, r.number, r.date) for r in hat.related] == \
        [("us-provisional-application", "US60256447", dt.date(2000, 12, 18))]


# -- pap v1.5 / v1.6 ------------------------------------------------------------------------------

def test_pap_v15_application():
    fmt, records, rejected, _ = read_file(data_path(f"{PAP}/PatentPublicData__US20010009014A1.xml.gz"), "uspto-pap")
    assert not rejected
    d = by_number(records, "US20010009014A1")
    assert d.doc_type == "application" and d.pub_date == dt.date(2001, 7, 19)
    assert d.app_number == "US09777392" and d.app_date == dt.date(2001, 2, 5)
    assert d.title() == "Facilitating real-time, multi-point communications over the internet"
    assert d.abstract().startswith("Methods and apparatus are described for facilitating a first conference")
    assert d.claim_count() == 55
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[1].text.startswith("A method for facilitating communication between a plurality of clients")
    assert claims[3].depends_on == [2] and claims[9].depends_on == [8]
    assert [(c.scheme, c.symbol, c.first) for c in d.classifications] == [
        ("IPC", "G06F 15/16", True), ("USPC", "709/204", True), ("USPC", "709/227", False)]
    assert d.classifications[0].version == "7"
    assert [(p.role, p.name, p.country) for p in d.parties] == [
        ("inventor", "Savage III, James A.", "US"), ("inventor", "Muller, Sophie", "US"),
        ("agent", "Cooley Godward LLP", "US")]  # named only as the correspondence address
    assert [(r.relation, r.number, r.date) for r in d.related] == [
        ("division", "US09432885", dt.date(1999, 11, 2)),
        ("continuation-in-part", "US09312927", dt.date(1999, 5, 17)),
        ("us-provisional-application", "US60128037", dt.date(1999, 4, 6))]
    assert d.provenance[0].format_version == "v1.5"


def test_pap_xhtml_doctype_variant_and_v16():
    fmt, records, rejected, _ = read_file(data_path(f"{PAP}/PatentPublicData__US20010000044A1.xml.gz"))
    assert fmt == "uspto-pap" and not rejected
    d = by_number(records, "US20010000044A1")
    assert d.title() == ("Systems and Methods For Transacting Business Over A Global Communications Network "
                         "Such As The Internet")
    assert d.app_number == "US09342866" and d.app_date == dt.date(1999, 6, 29)
    assert d.claim_count() == 21
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[4].depends_on == [3]  # no markup: read from "The method of claim 3"
    assert d.parties_by_role("inventor")[0].name == "Lin, Wayne W"
    assert [c.symbol for c in d.classifications] == ["G06F 17/60", "705/26", "705/37"]

    _, records, rejected, _ = read_file(data_path(f"{PAP}/PatentsView-DB__pa040101.two.xml.gz"))
    d = by_number(records, "US20040000002A1")
    assert d.provenance[0].format_version == "v1.6"
    assert d.title() == "Garment for preventing muscle strain"
    assert [(p.name, p.role) for p in d.parties_by_role("assignee")] == [("Hill-Rom Services, Inc.", "assignee")]
    assert [(r.relation, r.number) for r in d.related] == [("continuation", "US09919271")]


def test_pap_foreign_priority_and_greek_entities():
    _, records, rejected, _ = read_file(data_path(f"{PAP}/go-uspto__v1-5-A1_2.xml.gz"))
    assert not rejected
    d = by_number(records, "US20010000002A1")
    assert [(p.country, p.number, p.date) for p in d.priorities] == [("DE", "197 33 454", dt.date(1997, 8, 2))]
    assert [c.symbol for c in d.classifications if c.scheme == "IPC"] == ["D21C 11/12"]
    assert d.claim_count() == 33
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[2].depends_on == [] and claims[3].depends_on == [2]
    assert "the change speed ΔFG/Δt or the relative change speed" in d.descriptions[0].text
    assert [p.country for p in d.parties_by_role("inventor")] == ["DE", "DE", "DE", "DE"]


# -- APS Green Book ------------------------------------------------------------------------------

APS = "uspto/grant_aps_text"


def test_aps_green_book_grant():
    fmt, records, rejected, _ = read_file(data_path(f"{APS}/PatentPublicData__US03932709.greenbook.gz"), "uspto-aps")
    assert not rejected and len(records) == 1
    d = by_number(records, "US3932709A")  # WKU 039327094: the last digit is a check digit
    assert d.doc_type == "grant" and d.pub_date == dt.date(1976, 1, 13)
    assert d.app_number == "US05449155" and d.app_date == dt.date(1974, 3, 7)  # SRC 5, APN 449155 + check digit
    assert d.title() == "Electronic business telephone"
    assert d.abstract().startswith("An electronic business telephone for the transmission and receipt of voice")
    assert d.descriptions[0].text.startswith("CROSS REFERENCE TO RELATED APPLICATION This application is a")
    assert d.claim_count() == 17  # NCL 17
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[1].text.startswith("An electronic communications terminal comprising: a. keyboard means")
    assert claims[2].depends_on == [1] and claims[13].depends_on == [12] and claims[14].depends_on == []
    assert [(c.scheme, c.symbol, c.first) for c in d.classifications][:3] == [
        ("IPC", "H04M 11/00", True), ("USPC", "179/90K", True), ("USPC", "179/2DD", False)]
    assert len(d.citations) == 9
    assert (d.citations[0].number, d.citations[0].date, d.citations[0].name) == ("US3518629", "1970-06", "Frankel")
    assert [(p.role, p.name, p.country) for p in d.parties if p.role in ("inventor", "assignee")] == [
        ("inventor", "Hoff, Don G.", "US"), ("inventor", "Young, Patrick", "US"),
        ("assignee", "General Teletronics Incorporated", "US")]
    assert [p.name for p in d.parties_by_role("agent")] == ["Flehr, Hohbach, Test, Albritton & Herbert"]
    assert [p.name for p in d.parties_by_role("examiner")] == ["Claffy, Kathleen H.", "Stellar, George G."]
    assert [(r.relation, r.number, r.date) for r in d.related] == \
        [("continuation-in-part", "US351745", dt.date(1973, 4, 16))]


def test_aps_priority_pct_and_foreign_inventors():
    _, records, rejected, _ = read_file(data_path(f"{APS}/PatentPublicData__US04347903.greenbook.gz"))
    assert not rejected
    d = by_number(records, "US4347903A")
    assert d.app_number == "US06192529" and d.title() == "Electronic reading balance"
    assert [(p.country, p.number, p.date) for p in d.priorities] == [("JP", "53/84696", dt.date(1978, 7, 10))]
    assert [c.symbol for c in d.classifications if c.scheme == "IPC"] == ["G01G 19/04", "G01G 23/10", "G06F 7/28"]
    assert [c.symbol for c in d.classifications if c.scheme == "USPC"] == ["177/25", "177/185", "364/734"]
    inventors = d.parties_by_role("inventor")
    assert len(inventors) == 8 and {p.country for p in inventors} == {"JP"}  # CNT "JPX"
    assert d.parties_by_role("examiner")[0].name == "Miller, Jr., George H."
    assert [(r.relation, r.number, r.date) for r in d.related] == [
        ("pct-application", "PCT/JP79/00178", dt.date(1979, 7, 5)),
        ("pct-publication", "WO80/00272", dt.date(1980, 2, 21))]
    assert d.claim_count() == 3 and d.claims[0].claims[2].depends_on == [1]


# -- BRS text ------------------------------------------------------------------------------------

def test_brs_records_bibliography_citations_claims():
    fmt, records, rejected, _ = read_file(data_path("uspto/brs_text/PatentPublicData__css_brs_sample.txt.gz"),
                                          "uspto-brs")
    assert not rejected
    assert [r.pub_number for r in records] == \
        ["US9204581B2", "US9204583B2", "US9204584B2", "US9204585B2", "US9204586B2"]  # MANIFEST: 5 records
    assert [r.claim_count() for r in records] == [20, 18, 17, 20, 16]  # the NCL field of each record
    d = records[0]
    assert d.pub_date == dt.date(2015, 12, 1)
    assert d.app_number == "US13676098" and d.app_date == dt.date(2012, 11, 14)
    assert d.title() == "Method for performing chip level electromagnetic interference reduction, and associated apparatus"
    assert d.abstract().startswith("A method for performing chip level electromagnetic interference (EMI) reduction")
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[3].depends_on == [2] and claims[11].depends_on == []
    us = [c for c in d.citations if c.country == "US"]
    assert len(us) == 6 and {c.cited_by for c in us} == {"examiner"}
    assert (us[0].number, us[0].kind, us[0].date, us[0].name) == \
        ("US20030169838", "A1", "2003-09", "Greenstreet et al.")
    foreign = [(c.number, c.cited_by) for c in d.citations if c.country != "US"]
    assert foreign[0] == ("CN1402605", "examiner") and foreign[1] == ("CN1760783", "applicant")
    assert len(foreign) == 5
    assert [n.cited_by for n in d.npl_citations] == ["applicant"]
    assert d.npl_citations[0].text.startswith('"International Search Report" mailed on Feb. 28, 2013')
    assert [(c.scheme, c.symbol, c.first, c.version) for c in d.classifications] == [
        ("IPC", "H05K 9/00", True, "2006.01"), ("CPC", "H05K 9/0066", True, "2013.01")]
    assert [(p.role, p.name, p.country) for p in d.parties if p.role in ("applicant", "inventor")] == [
        ("applicant", "MEDIATEK INC.", "TW"), ("inventor", "Yu, Long-Kun", "TW"), ("inventor", "Deng, Kuo-Liang", "TW")]
    assert [p.name for p in d.parties_by_role("examiner")] == ["Wagner, Jenny L", "McFadden, Michael P"]
    assert [(r.relation, r.number, r.date) for r in d.related] == [
        ("us-provisional-application", "US61559247", dt.date(2011, 11, 14)),
        ("related-publication", "US20130120958A1", dt.date(2013, 5, 16))]
    kr = records[1]
    assert [(p.country, p.number, p.date) for p in kr.priorities] == [("KR", "10-2011-0055402", dt.date(2011, 6, 9))]
    assert [(r.relation, r.number) for r in records[3].related][:2] == \
        [("continuation", "US13624697"), ("division", "US11090958")]
    assert records[3].provenance[0].position == "doc 4 (line 2051)"


# -- through the store ---------------------------------------------------------------------------

def test_legacy_files_land_in_the_store(hub):
    report = hub.ingest([data_path(f"{PG}/patentprocessor__pg020507hundred.xml.gz"),
                         data_path(f"{APS}/PatentPublicData__US04347903.greenbook.gz")])
    assert not report.quarantined
    assert report.by_format["uspto-patdoc"]["documents"] == 70
    assert report.by_format["uspto-aps"]["documents"] == 1
    garment = hub.document("USD456588S1")
    assert garment.title() == "Garment" and garment.priorities[0].country == "GB"
    assert len(garment.citations) == 11 and garment.provenance[0].format == "uspto-patdoc"
    balance = hub.document("US 4,347,903")
    assert balance.pub_number == "US4347903A" and balance.app_date == dt.date(1980, 3, 10)
    assert hub.stats()["totals"]["documents"] == 71


def test_one_bad_document_in_a_weekly_file_is_rejected_alone(tmp_path):
    import gzip

    data = gzip.open(data_path(f"{PG}/patentprocessor__pg020507hundred.xml.gz")).read()
    docs = data.split(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert len(docs) == 71  # an empty head, then 70 documents
    docs[3] = docs[3].replace(b"<B140><DATE><PDAT>20020507", b"<B140><DATE><PDAT>20020230", 1)
    docs[5] = docs[5].replace(b"</SDOBI>", b"</SDOBX>", 1)
    broken = tmp_path / "pg020507-broken.xml"
    broken.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>'.join(docs))
    fmt, records, rejected, _ = read_file(broken, "uspto-patdoc")
    assert len(records) == 68
    assert [r.position.split(" (")[0] for r in rejected] == ["doc 3", "doc 5"]
    assert "B140" in rejected[0].reason and "not well-formed" in rejected[1].reason

    aps = gzip.open(data_path(f"{APS}/PatentPublicData__US04347903.greenbook.gz")).read()
    two = tmp_path / "two.aps"
    two.write_bytes(aps.replace(b"ISD  19820907", b"ISD  19821332") + aps)
    fmt, records, rejected, _ = read_file(two, "uspto-aps")
    assert [r.pub_number for r in records] == ["US4347903A"]
    assert rejected[0].position == "doc 1 (line 1)" and "ISD" in rejected[0].reason


def test_fixed_width_class_spellings():
    from iprhub.ingest.formats._uspto_text import ipc7_symbol, uspc_symbol

    # spellings as they occur in the PATDOC and APS files above
    assert [uspc_symbol(v) for v in (" 15328", " 153276", "2063081", "428 641", "D14480", "D 2731", "179 90K",
                                     "340172.5", "  2  215", "DIG. 8", "600300000", "002001000", "430270100")] == \
        ["15/328", "15/327.6", "206/308.1", "428/64.1", "D14/480", "D2/731", "179/90K", "340/172.5", "2/2.15", None,
         "600/300", "2/1", "430/270.1"]
    assert [ipc7_symbol(v) for v in ("A47L  514", "H04M 1100", "G06F  728", "E03C 104", "H01L 218238")] == \
        ["A47L 5/14", "H04M 11/00", "G06F 7/28", "E03C 1/04", "H01L 21/8238"]
