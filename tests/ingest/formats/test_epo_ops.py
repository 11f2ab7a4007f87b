"""EPO OPS published-data responses on real recorded files: biblio, full text, search, inquiries, numbers."""

import datetime as dt

from tests.conftest import DATA, data_path
from tests.formats_helpers import by_number, read_file

OPS = "epo/ops_xml"


def _read(name: str, fmt: str):
    _, records, rejected, _ = read_file(data_path(f"{OPS}/{name}"), fmt)
    assert not rejected
    return records


def test_biblio_response_bibliography_parties_and_search_report():
    (d,) = _read("epo-ops__get_biblio__response.xml.gz", "epo-ops-biblio")
    assert d.pub_number == "EP2400812A1" and d.family_id == "43088294"
    assert d.pub_date == dt.date(2011, 12, 28)
    assert d.app_number == "EP10167109" and d.app_date == dt.date(2010, 6, 24)
    assert {t.lang: t.text for t in d.titles} == {
        "de": "BLUETOOTH-VERNETZUNG", "fr": "MISE EN RÉSEAU BLUETOOTH", "en": "BLUETOOTH NETWORKING"}
    assert d.abstract("en").startswith("An apparatus enabling establishment of a Bluetooth mesh network")
    assert [(p.country, p.number, p.date, p.kind) for p in d.priorities] == [
        ("EP", "10167109", dt.date(2010, 6, 24), "regional")]
    # epodoc and original spellings of the same parties: one each, original spelling, epodoc country
    assert [(p.role, p.name, p.country) for p in d.parties] == [
        ("applicant", "9SOLUTIONS OY", "FI"), ("inventor", "HERRALA, SAMI", "FI"),
        ("inventor", "KYLMAENEN, JARI", "FI"), ("inventor", "NIEMI, JAAKKO", "FI")]
    assert [(c.number, c.kind, c.categories) for c in d.citations] == [
        ("WO2002054790", "A2", ["A"]), ("US20030060222", "A1", ["A"]), ("WO2003067954", "A2", ["A"]),
        ("US20040097263", "A1", ["A"]), ("US20040136338", "A1", ["Y", "A"]), ("EP1542377", "A2", ["Y", "A"])]
    assert {(c.phase, c.cited_by, c.office) for c in d.citations} == {("SEA", "examiner", "EP")}
    assert d.citations[0].name == "IBM [US], et al" and d.citations[0].date == "2002-07-11"
    assert [(c.scheme, c.symbol) for c in d.classifications] == [
        ("IPC", "H04W 84/20"), ("CPC", "H04W 84/20"), ("CPC", "H04W 88/04")]


def test_multiple_and_full_cycle_responses_hold_several_documents():
    records = _read("epo-ops__get_biblio_multiple__response.xml.gz", "epo-ops-biblio")
    assert [r.pub_number for r in records] == ["EP2400812A1", "EP2533477A1", "EP2533477B1"]
    assert by_number(records, "EP2533477B1").family_id == "44533794"
    records = _read("epo-ops__get_abstract_multiple__response.xml.gz", "epo-ops-biblio")
    assert [r.pub_number for r in records] == ["EP2400812A1", "EP2533477A1", "EP2533477B1"]
    records = _read("epo-ops__get_full_cycle_multiple__response.xml.gz", "epo-ops-biblio")
    assert [r.pub_number for r in records] == ["EP2400812A1", "EP2400812B1", "EP2533477A1", "EP2533477B1"]


def test_biblio_of_other_offices_us_application_number_and_isr_categories():
    (us,) = _read("patent_client___async__epo__ops__published__test__biblio_example_4.xml.gz", "epo-ops-biblio")
    assert us.pub_number == "US20120116137A1" and us.family_id == "46020268"
    assert us.app_number == "US12942680"  # original 12/942,680, not DOCDB's serial+year spelling
    assert us.title("en").startswith("SINGLE LOOP MULTISTAGE")
    (wo,) = _read("patent_client__tests__fixtures__epo__published-data_application_docdb_US.2016015853.W_biblio.xml.gz",
                  "epo-ops-biblio")
    assert wo.pub_number == "WO2016123588A1" and wo.app_number == "US2016015853"
    assert {a.lang for a in wo.abstracts} == {"en", "fr"}
    first = wo.citations[0]
    assert (first.number, first.categories, first.phase) == ("US20140240140", ["X", "Y", "A"], "ISR")
    assert len(wo.citations) == 13


def test_claims_response_one_claim_text_per_claim():
    (d,) = _read("epo-ops__get_claims__response.xml.gz", "epo-ops-fulltext")
    assert d.pub_number == "EP2400812A1"
    (claims,) = d.claims
    assert claims.lang == "en" and len(claims.claims) == 15
    by_num = {c.num: c for c in claims.claims}
    assert by_num[1].text.startswith("A communication device (100) comprising:")
    assert by_num[2].depends_on == [1] and by_num[4].depends_on == [2, 3]
    assert by_num[15].text.startswith("A computer program product embodied on a distribution medium")


def test_claims_response_all_claims_in_one_claim_text():
    (d,) = _read("patent_client___async__epo__ops__published__test__claims_example_2.xml.gz", "epo-ops-fulltext")
    assert d.pub_number == "WO2009085664A2"
    claims = d.claims[0].claims
    assert [c.num for c in claims] == list(range(1, 21))
    assert claims[0].text.startswith("A computer-implemented method comprising: maintaining metadata")
    assert claims[1].depends_on == [1] and claims[19].depends_on == [14]
    (ca,) = _read("patent_client__tests__fixtures__epo__published-data_publication_docdb_CA.2944968.A1_claims.xml.gz",
                  "epo-ops-fulltext")
    assert ca.pub_number == "CA2944968A1" and ca.claim_count() == 21
    assert ca.claims[0].claims[0].text.startswith("A fracturing system comprising: a turbine generator")


def test_description_response():
    (d,) = _read("epo-ops__get_description__response.xml.gz", "epo-ops-fulltext")
    assert d.pub_number == "EP2400812A1"
    assert d.descriptions[0].lang == "en"
    assert d.descriptions[0].text.startswith("Field [0001] The invention relates to the field of wireless networking")


def test_search_results_carry_family_ids():
    records = _read("patent_client___async__epo__ops__published__test__search_example.xml.gz", "epo-ops-search")
    assert len(records) == 15  # MANIFEST: 15
    assert (records[0].pub_number, records[0].family_id) == ("US20210381337A1", "40674565")
    assert (records[1].pub_number, records[1].family_id) == ("WO2020086066A1", "70331881")
    for name in ("patent_client__tests__fixtures__epo__published-data_search4323a9ad5250bcd2c47c085a57969a71.xml.gz",
                 "patent_client__tests__fixtures__epo__published-data_searchbed7da9e69104aaf3f7b1b39e033a650.xml.gz"):
        records = _read(name, "epo-ops-search")
        assert len(records) == 100 and all(r.family_id for r in records)  # MANIFEST: 100 each


def test_inquiries_name_the_subject_and_its_equivalents():
    (d,) = _read("epo-ops__get_published_equivalents__response.xml.gz", "epo-ops-inquiry")
    assert d.pub_number == "EP2400812A1"
    assert [(r.relation, r.number) for r in d.related] == [("equivalent", "US20120057518"),
                                                           ("equivalent", "CA2744162")]
    (d,) = _read("epo-ops__get_fulltext__response.xml.gz", "epo-ops-inquiry")
    assert d.pub_number == "EP2400812A1" and d.claims == [] and d.related == []
    (d,) = _read("patent_client__tests__fixtures__epo__published-data_publication_docdb_CA.2944968.A1_images.xml.gz",
                 "epo-ops-inquiry")
    assert d.pub_number == "CA2944968A1"


def test_number_conversions_are_recognised_and_yield_nothing(sqlite_hub):
    files = sorted(p for p in (DATA / OPS).glob("*.xml.gz") if "number" in p.name)
    assert len(files) == 9
    for path in files:
        fmt, records, rejected, _ = read_file(path, "epo-ops-number")
        assert records == [] and rejected == []
    report = sqlite_hub.ingest(files)
    assert {f.status for f in report.files} == {"done"}
    assert report.inserted == 0 and not report.quarantined
