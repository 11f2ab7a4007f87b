"""EP publication-server full text (ep-patent-document) on real files."""

import datetime as dt

import pytest

from iprhub.ingest.formats._docdb import claim_dependencies
from tests.conftest import DATA, data_path
from tests.formats_helpers import read_file

EP = "epo/ep_fulltext_xml"


def _one(name: str):
    fmt, records, rejected, _ = read_file(data_path(f"{EP}/{name}"), "ep-fulltext-xml")
    assert not rejected
    assert len(records) == 1
    return records[0]


def test_whole_folder_one_record_per_file_as_manifest_counts():
    files = sorted((DATA / EP).glob("*.xml.gz"))
    assert len(files) == 48  # MANIFEST: 48 files, 48 documents
    numbers = set()
    for path in files:
        _, records, rejected, _ = read_file(path, "ep-fulltext-xml")
        assert not rejected, path.name
        assert len(records) == 1, path.name
        numbers.add(records[0].pub_number)
    assert len(numbers) == 48


def test_v151_granted_patent_bibliography_claims_in_three_languages():
    d = _one("go-epo-eps__EP01976162B1.xml.gz")
    assert d.pub_number == "EP1316073B1" and d.doc_type == "grant"
    assert d.pub_date == dt.date(2022, 12, 14)
    assert d.app_number == "EP01976162" and d.app_date == dt.date(2001, 8, 29)
    assert d.lang == "en"
    assert d.title("de") == "VORRICHTUNG ZUR PRÜFUNG VON BEGLAUBIGTEN DOKUMENTEN"
    assert d.title("en") == "A CERTIFIED PAPER DISCRIMINATING APPARATUS"
    assert d.title("fr") == "APPAREIL DE DISCRIMINATION DE PAPIERS CERTIFIES"
    assert {cs.lang: len(cs.claims) for cs in d.claims} == {"en": 8, "de": 8, "fr": 8}
    en = {c.num: c for c in next(cs for cs in d.claims if cs.lang == "en").claims}
    assert en[2].text.startswith("Method according to claim 1") and en[2].depends_on == [1]
    assert en[3].depends_on == [2]
    fr = {c.num: c for c in next(cs for cs in d.claims if cs.lang == "fr").claims}
    assert fr[3].text.startswith("Procédé selon la revendication 2") and fr[3].depends_on == [2]
    assert [(p.country, p.number, p.date) for p in d.priorities] == [
        ("JP", "2000263764", dt.date(2000, 8, 31)), ("JP", "2000263765", dt.date(2000, 8, 31))]
    proprietors = d.parties_by_role("assignee")  # B731 proprietor of the patent
    assert [(p.name, p.country) for p in proprietors] == [("Bundesdruckerei GmbH", "DE")]
    assert len(d.parties_by_role("inventor")) == 5
    assert d.parties_by_role("agent")[0].name == "Maser, Jochen"
    ipc = [c for c in d.classifications if c.scheme == "IPC"]
    assert [(c.symbol, c.first, c.value, c.version) for c in ipc] == [("G07D 7/00", True, "I", "2016.01")]
    assert {c.symbol: c.first for c in d.classifications if c.scheme == "CPC"} == {"G07D 7/12": False,
                                                                                  "G07D 7/128": True}
    assert len(d.designated_states) == 20 and "TR" in d.designated_states
    # B561 front-page citations (examiner) and the applicant's reference list
    front = [(c.number, c.kind) for c in d.citations if c.cited_by == "examiner"]
    assert front == [("DE19708543", "A"), ("US5719948", "A")]
    applicant = [(c.number, c.kind, c.phase) for c in d.citations if c.cited_by == "applicant"]
    assert applicant == [("DE19708543", "A1", "APP"), ("US5719984", "A", "APP")]
    assert {(r.relation, r.number) for r in d.related} == {("pct-application", "EP2001009936"),
                                                           ("pct-publication", "WO2002019278")}
    assert d.provenance[0].format_version == "ep-patent-document-v1-5-1"
    assert len(d.descriptions) == 1 and d.descriptions[0].lang == "en"


def test_v10_application_with_abstract_and_image_only_search_report():
    d = _one("PatentStandardization__EP05255002A1.xml.gz")
    assert d.pub_number == "EP1667425A1" and d.doc_type == "application"
    assert d.pub_date == dt.date(2006, 6, 7)
    assert d.title("en") == "Image forming method and image forming apparatus"
    assert d.title("de") == "Bilderzeugungsverfahren und -apparat"
    assert d.abstract("en").startswith("An image with sufficient gray-scale representation and high resolution")
    assert d.claim_count() == 9
    assert d.priorities[0].country == "JP" and d.priorities[0].number == "2004351438"
    assert d.priorities[0].date == dt.date(2004, 12, 3)
    assert d.parties_by_role("applicant")[0].name == "Wedg Co. Ltd"
    assert [c.symbol for c in d.classifications] == ["H04N 1/40"]
    # the search report is published as page images only: no citations to read
    assert d.citations == [] and d.npl_citations == []


def test_b2_after_opposition_citations_opponent_and_dependencies():
    d = _one("go-epo-eps__EP10809927B2.xml.gz")
    assert d.pub_number == "EP2361995B2" and d.doc_type == "grant"
    examiner = [(c.number, c.kind) for c in d.citations if c.cited_by == "examiner"]
    assert examiner == [("EP2071044", "A1"), ("DE2148722", "A1"), ("JPH08246101", "A"), ("JP2003293086", "A"),
                        ("JP2004346424", "A"), ("JP2006057127", "A"), ("US5658400", "A"), ("US6556945", "B1")]
    assert len([c for c in d.citations if c.phase == "APP"]) == 5
    assert len(d.npl_citations) == 3 and d.npl_citations[0].text.startswith("YUKITAKA MURAKAMI ET AL.")
    assert [(p.name, p.country) for p in d.parties_by_role("other")] == [("voestalpine Schienen GmbH", "AT")]
    en = {c.num: c for c in next(cs for cs in d.claims if cs.lang == "en").claims}
    assert en[3].text.startswith("The pearlite rail (10) according to claim 1 or 2") and en[3].depends_on == [1, 2]
    assert d.title("en") == "PEARLITE RAIL"
    assert "C22C 38/00" in [c.symbol for c in d.classifications if c.scheme == "IPC" and c.first]


def test_b561_number_spellings_wo_two_digit_years_and_reissue():
    d = _one("go-epo-eps__EP03721225B2.xml.gz")
    examiner = [c.number for c in d.citations if c.cited_by == "examiner"]
    assert len(examiner) == 14
    assert examiner[:4] == ["WO2000020705", "WO2000066856", "WO1997047834", "WO2003025307"]
    assert "DE29618318" in examiner and "SE0201225" in examiner
    assert len([c for c in d.citations if c.phase == "APP"]) == 6
    assert [(p.name, p.country) for p in d.parties_by_role("other")] == [("Spanolux SA", "BE")]
    d = _one("go-epo-eps__EP13196195B2.xml.gz")
    assert "USRE36154" in [c.number for c in d.citations]
    assert [(r.relation, r.number, r.date) for r in d.related] == [
        ("parent-application", "EP12184383", dt.date(2012, 9, 14))]


def test_bulletin_version_on_one_line_and_old_ipc():
    d = _one("go-epo-eps__EP04715346A1.xml.gz")  # dtd-version ep-bulletin-v1-0, declaration and root on one line
    assert d.pub_number == "EP1605745A1" and d.lang == "fr"
    assert d.title("fr") == "DISPOSITIF POUR LE REMPLISSAGE DES TROUS DE CAROTTAGE D'UNE PELOUSE"
    assert [(c.symbol, c.version) for c in d.classifications] == [("A01B 45/00", "7")]
    assert d.parties_by_role("applicant")[0].name == "Cuadrado, Jean-Claude"
    assert d.claims == [] and d.provenance[0].format_version == "ep-bulletin-v1-0"
    d = _one("go-epo-eps__EP02019404A2.xml.gz")
    assert d.lang == "de" and [c.symbol for c in d.classifications] == ["G06F 17/60"]
    assert d.claim_count() == 19


def test_1978_document_without_declaration():
    d = _one("go-epo-eps__EP78100007A1.xml.gz")
    assert d.pub_number == "EP0000002A1" and d.pub_date == dt.date(1978, 12, 20)
    assert d.title("de") == "Tetrahydrofuran-Derivate, Verfahren zu ihrer Herstellung sowie ihre Verwendung als Herbizide."
    assert [(c.symbol, c.first) for c in d.classifications] == [
        ("C07D 307/12", True), ("C07D 407/12", False), ("C07D 307/42", False), ("A01N 43/08", False)]
    assert d.parties_by_role("applicant")[0].name == "BAYER AG"
    assert len(d.parties_by_role("inventor")) == 4


def test_reference_list_non_patent_literature_is_the_applicants():
    d = _one("go-epo-eps__EP09305478A1.xml.gz")
    assert d.lang == "fr" and d.citations == []
    assert len(d.npl_citations) == 1
    npl = d.npl_citations[0]
    assert npl.cited_by == "applicant" and npl.phase == "APP"
    assert "Excimer ablation of ITO on flexible substrates" in npl.text


@pytest.mark.parametrize(("text", "num", "expected"), [
    ("The device of claim 2 or 3, wherein", 4, [2, 3]),
    ("Verfahren nach einem der Ansprüche 1 bis 3, dadurch", 5, [1, 2, 3]),
    ("Procédé selon l'une quelconque des revendications 1 à 4", 6, [1, 2, 3, 4]),
    ("A method comprising steps 1 to 3", 5, []),
    ("Apparatus according to claim 7", 3, []),  # forward references are not dependencies
])
def test_claim_dependencies_from_wording(text, num, expected):
    assert claim_dependencies(text, num) == expected
