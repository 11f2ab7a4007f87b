"""USPTO JSON and text document sources on real files: PPUBS JSON, the claims TSV, IFW XML4IP."""

import datetime as dt

from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

PPUBS = "uspto/ppubs_json"
IFW = "uspto/ifw_xml4ip"


# -- PPUBS ---------------------------------------------------------------------------------------

def test_ppubs_full_text_grant():
    fmt, records, rejected, _ = read_file(data_path(f"{PPUBS}/patent_client__public_search_doc.json.gz"),
                                          "uspto-ppubs")
    assert not rejected
    assert len(records) == 22  # MANIFEST: 22 document objects
    d = by_number(records, "US11556547B2")
    assert d.doc_type == "grant" and d.pub_date == dt.date(2023, 1, 17)
    assert d.app_number == "US17197933" and d.app_date == dt.date(2021, 3, 10)
    assert d.title() == ("Determination apparatus, determination method, and non-transitory computer "
                         "readable storage medium")
    assert d.abstract().startswith("A determination device according to the present application has an acquisition")
    assert d.descriptions[0].text.startswith("CROSS-REFERENCE TO RELATED APPLICATIONS (1) The present application")
    assert d.claim_count() == 14  # numberOfClaims "14"
    claims = {c.num: c for c in d.claims[0].claims}
    assert claims[1].text.startswith("A determination device comprising: a processor configured to")
    assert claims[2].depends_on == [1] and claims[3].depends_on == [2] and claims[4].depends_on == [2]
    us = [c for c in d.citations if c.country == "US"]
    assert len(us) == 13 and sum(c.cited_by == "examiner" for c in us) == 13
    assert (us[0].number, us[0].kind, us[0].date, us[0].name) == ("US6757670", "B1", "2004-06", "Inohara")
    jp = [(c.number, c.kind, c.cited_by) for c in d.citations if c.country == "JP"]
    assert jp == [("JP2011118759", "A", "applicant"), ("JP2014006757", "A", "applicant"),
                  ("JP2019053519", "A", "applicant")]
    assert [n.cited_by for n in d.npl_citations] == ["applicant", "applicant"]
    assert d.npl_citations[0].text == ("Office Action dated Aug. 31, 2021 from counterpart JP Patent Application "
                                       "No. 2020-050222, 4 pages.")
    assert [(p.country, p.number, p.date) for p in d.priorities] == [("JP", "2020-050222", dt.date(2020, 3, 19))]
    ipc = [(c.symbol, c.first) for c in d.classifications if c.scheme == "IPC"]
    assert ipc == [("G06F 16/2457", True), ("G06F 16/248", False)]
    cpc_first = [c.symbol for c in d.classifications if c.scheme == "CPC" and c.first]
    assert cpc_first == ["G06F 16/24575"]
    assert [(p.name, p.country) for p in d.parties_by_role("inventor")] == [
        ("Tsubouchi, Kota", "JP"), ("Yamaguchi, Shuji", "JP"), ("Taguchi, Hiroaki", "JP")]
    assert [p.name for p in d.parties_by_role("assignee")] == ["Yahoo Japan Corporation"]
    assert [p.name for p in d.parties_by_role("examiner")] == ["Casanova, Jorge A"]
    assert [(r.relation, r.number, r.date) for r in d.related] == \
        [("related-publication", "US20210357416A1", dt.date(2021, 11, 18))]


def test_ppubs_applications_old_and_scanned_documents():
    _, records, _, _ = read_file(data_path(f"{PPUBS}/patent_client__public_search_doc.json.gz"))
    pub = by_number(records, "US20230008865A1")
    assert pub.doc_type == "application" and pub.title() == "METHOD AND SYSTEM FOR VOLUME CONTROL"
    assert pub.claim_count() == 20 and pub.claims[0].claims[1].depends_on == [1]
    assert [(r.relation, r.number) for r in pub.related] == [("us-provisional-application", "US63220928")]
    lidar = by_number(records, "US20230007979A1")
    assert [(p.country, p.number) for p in lidar.priorities] == [("EP", "19214065.5")]
    assert [(r.relation, r.number, r.date) for r in lidar.related] == \
        [("pct-application", "PCT/EP2020/084287", dt.date(2020, 12, 2))]
    old = by_number(records, "US6103599A")
    assert old.claim_count() == 28 and old.claims[0].claims[1].depends_on == [1]
    assert len(old.citations) == 37  # 33 US references and 4 foreign ones in the older spelling
    ep = next(c for c in old.citations if c.country == "EP")
    assert (ep.number, ep.date) == ("EP0379828", "1989-12")
    assert [c.symbol for c in old.classifications if c.scheme == "USPC"][:2] == ["438/459", "438/770"]
    assert len(old.npl_citations) == 4
    # scanned (USOCR) documents: the placeholder title is not a title
    assert by_number(records, "USPP3823P").doc_type == "plant"
    assert by_number(records, "USRE28436E").doc_type == "reissue"
    assert by_number(records, "UST949002I4").doc_type == "other"
    assert by_number(records, "USPP3823P").titles == []
    reissue = by_number(records, "USRE28436E")  # claims 10 and 15 were cancelled by the reissue
    assert [c.num for c in reissue.claims[0].claims] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18]
    assert {c.num: c.depends_on for c in reissue.claims[0].claims}[2] == [1]  # OCR: "ofclaim 1further"


def test_ppubs_search_results():
    fmt, records, rejected, _ = read_file(data_path(f"{PPUBS}/patent_client__public_search_biblio.json.gz"),
                                          "uspto-ppubs")
    assert not rejected
    assert len(records) == 129  # MANIFEST: 129 records
    assert {r.pub_date for r in records} == {dt.date(2023, 10, 31)}
    d = by_number(records, "US11803561B1")
    assert d.title() == "Approximation query"
    assert d.app_number == "US14231597" and d.app_date == dt.date(2014, 3, 31)
    assert [p.name for p in d.parties_by_role("inventor")] == ["Hurst, William Nathan John"]  # "… et al."
    assert [p.name for p in d.parties_by_role("examiner")] == ["Pillips, III, Albert M", "Mincey, Jeramine A"]
    assert [(c.scheme, c.symbol) for c in d.classifications] == [
        ("IPC", "G06F 16/2458"), ("IPC", "G06F 16/31"), ("CPC", "G06F 16/313"), ("CPC", "G06F 16/2462")]
    assert len(d.citations) == 35 and d.citations[0].number == "US5826261"
    assert d.citations[-1].number == "US20150227624" and d.citations[0].cited_by == "unknown"
    assert d.claims == [] and d.abstracts == []


# -- claims TSV ----------------------------------------------------------------------------------

def test_claims_tsv_rows_become_dossier_events():
    fmt, records, rejected, _ = read_file(
        data_path("uspto/claims_tsv/IPStreetSemanticSearchValidation__single_claim.tsv.gz"), "uspto-claims-tsv")
    assert not rejected
    assert len(records) == 280  # MANIFEST: 280 rows
    first = records[0]
    assert first.app_key == "US13915223"
    assert (first.event_type, first.code, first.description) == ("dossier", "CLM", "independent claim")
    assert first.details["claim"].startswith(
        "An Internet-based system for implementing massive groupware applications, comprising:")
    assert first.provenance[0].position == "line 1"
    assert records[2].app_key == "US13978867"
    assert records[2].details["claim"].startswith("A method consisting of the steps of: receiving, by a processor")
    assert len({r.app_key for r in records}) == 280


# -- IFW XML4IP ----------------------------------------------------------------------------------

def test_ifw_claims_document_with_amendment_status():
    fmt, records, rejected, _ = read_file(
        data_path(f"{IFW}/PatentPublicData__12993548.2013-05-30.HHC6R88MPXXIFW3.CLM.xml.gz"), "uspto-ifw")
    assert not rejected and len(records) == 1
    e = records[0]
    assert (e.app_key, e.event_type, e.code, e.date) == ("US12993548", "dossier", "CLM", dt.date(2013, 5, 30))
    claims = e.details["claims"]
    assert len(claims) == 17  # ClaimTotalQuantity 17; the "IN THE CLAIMS" header pseudo-claim is dropped
    assert claims[0]["num"] == 1 and claims[0]["status"] == "currently amended"
    assert claims[0]["type"] == "independent" and claims[0]["depends_on"] == []
    assert claims[0]["text"].startswith("An adhesive tape having a carrier comprising a film")
    assert claims[1]["depends_on"] == [1] and claims[1]["status"] == "previously presented"
    assert e.details["pages"] == 3 and e.details["complete"] is True


def test_ifw_claims_without_page_furniture():
    _, records, _, _ = read_file(data_path(f"{IFW}/PatentPublicData__13962724.2013-08-08.HK4I4RXSPXXIFW3.CLM.xml.gz"))
    e = records[0]
    claims = {c["num"]: c for c in e.details["claims"]}
    assert len(claims) == 22
    assert claims[4]["depends_on"] == [3]
    assert "KIRBY Reference Number" not in claims[4]["text"]  # page footer inside the claim
    assert claims[4]["text"].endswith("does not support the frame assembly receiving the load.")
    assert claims[22]["text"].startswith("A method of operating a hitch assembly of a vehicle")


def test_ifw_specification_and_abstract_documents():
    all_records = []
    for name in ("13962724.2013-08-08.HK4I4RXKPXXIFW3.SPEC", "13962724.2013-08-08.HK4I4RXZPXXIFW3.ABST",
                 "14522151.2015-01-05.I4N0F56YPXXIFW2.ABST"):
        fmt, records, rejected, _ = read_file(data_path(f"{IFW}/PatentPublicData__{name}.xml.gz"), "uspto-ifw")
        assert not rejected and len(records) == 1
        all_records.extend(records)
    spec, abst, abst2 = all_records
    assert (spec.code, spec.date, spec.app_key) == ("SPEC", dt.date(2013, 8, 8), "US13962724")
    assert spec.details["text"].startswith("APPARATUS INCLUDING POWERED-ACTUATOR ASSEMBLY FOR MOVING LOAD")
    assert spec.details["pages"] == 19
    assert abst.code == "ABST" and abst.details["text"] == (
        "ABSTRACT An apparatus for use with a vehicle having a hitch assembly is disclosed. The apparatus "
        "includes a frame assembly configured to be load bearing. The frame assembly is also configured to "
        "facilitate secured connection with the hitch assembly of the vehicle. The apparatus also includes a "
        "powered-actuator assembly configured to be powered by a power source. The powered- actuator assembly "
        "is also configured to move the frame assembly relative to the hitch assembly of the vehicle in such "
        "a way as to facilitate secured connection between the frame assembly and the hitch assembly.")
    assert (abst2.app_key, abst2.date) == ("US14522151", dt.date(2015, 1, 5))


def test_ifw_folder_lands_in_the_store_as_events(hub):
    report = hub.ingest([data_path(IFW)])
    assert not report.quarantined
    assert report.by_format["uspto-ifw"]["files"] == 12 and report.by_format["uspto-ifw"]["events"] == 12
    events = hub.store.events_for(["US13962724"])
    assert sorted((e.date, e.code) for e in events) == [
        (dt.date(2013, 8, 8), "ABST"), (dt.date(2013, 8, 8), "CLM"), (dt.date(2013, 8, 8), "SPEC"),
        (dt.date(2014, 11, 18), "ABST"), (dt.date(2014, 11, 18), "CLM")]
    amended = next(e for e in events if e.code == "CLM" and e.date == dt.date(2014, 11, 18))
    assert amended.details["claims"][0]["status"] == "currently amended"


# -- detection and bad records -------------------------------------------------------------------

MINE = {
    "uspto-patdoc": "uspto/grant_xml_v25_pg/", "uspto-pap": "uspto/application_xml_pap_v1x/",
    "uspto-aps": "uspto/grant_aps_text/", "uspto-brs": "uspto/brs_text/", "uspto-ppubs": "uspto/ppubs_json/",
    "uspto-claims-tsv": "uspto/claims_tsv/", "uspto-ifw": "uspto/ifw_xml4ip/",
}


def test_each_reader_claims_its_own_files_and_no_others():
    from iprhub.ingest.formats import get_format
    from iprhub.ingest.formats.base import make_head
    from iprhub.ingest.sources import iter_sources

    readers = [get_format(name) for name in MINE]
    root = data_path("uspto").parent
    claimed: dict[str, set[str]] = {name: set() for name in MINE}
    for source in iter_sources([root]):
        with source.open() as stream:
            head = make_head(stream.read(65536), source.name)
        rel = source.name.split(str(root) + "/", 1)[1]
        for fmt in readers:
            if fmt.sniff(head):
                claimed[fmt.name].add(rel)
    for name, folder in MINE.items():
        assert claimed[name], name
        assert all(rel.startswith(folder) for rel in claimed[name]), (name, sorted(claimed[name])[:5])
    assert len(claimed["uspto-ifw"]) == 12 and len(claimed["uspto-patdoc"]) == 6
    # standalone sequence listings are not patent documents: none of these readers takes them
    assert not any(rel.startswith("uspto/sequence_listing_xml/") for c in claimed.values() for rel in c)


def test_bad_rows_and_records_are_rejected_one_by_one(tmp_path):
    tsv = tmp_path / "claims.tsv"
    tsv.write_text("13915223\tA lamp comprising a base and a bulb held by the base, the bulb being LED.\n"
                   "garbage line without a tab\n"
                   "13696208\tA system comprising a first access point and a second access point.\n")
    fmt, records, rejected, _ = read_file(tsv, "uspto-claims-tsv")
    assert [r.app_key for r in records] == ["US13915223", "US13696208"]
    assert [r.position for r in rejected] == ["line 2"]

    ppubs = tmp_path / "ppubs.json"
    ppubs.write_text('[{"guid": "US-1234567-B1", "compositeId": "x", "datePublished": "2023-02-30T00:00:00Z"},'
                     ' {"guid": "US-7654321-B2", "compositeId": "y", "datePublished": "2023-01-17T00:00:00Z",'
                     '  "inventionTitle": "Lamp"}]')
    fmt, records, rejected, _ = read_file(ppubs, "uspto-ppubs")
    assert [r.pub_number for r in records] == ["US7654321B2"] and records[0].title() == "Lamp"
    assert rejected[0].position == "record 1" and "datePublished" in rejected[0].reason
