"""USPTO Office Action APIs (citations, rejections, full text) on real responses."""

import datetime as dt

from iprhub.ingest.formats.uspto_office_action import reference_number
from tests.conftest import data_path
from tests.formats_helpers import read_file

FOLDER = "uspto/office_action_json"


def read(kind):
    fmt, records, rejected, _ = read_file(data_path(f"{FOLDER}/patent_client__{kind}_sample_input.json.gz"),
                                          "uspto-office-action-json")
    assert not rejected
    return records


def cited(records, app_key, number):
    return [e for e in records if e.app_key == app_key and e.references and e.references[0].number == number]


def test_citations_are_normalised_prior_art_judgments():
    records = read("citation")
    assert len(records) == 52
    (e,) = cited(records, "US13288548", "US7751013")
    assert e.event_type == "office-action" and e.code == "103"
    assert e.references[0].category == "103" and e.references[0].cited_by == "examiner"
    assert e.details["action_id"] == "I1HY8UBZPXXIFW4"
    (anticipation,) = cited(records, "US15989750", "US20110203015")
    assert anticipation.references[0].category == "102"
    # "Sen; Souvik US 10520997 B2": named in the action text, not on the examiner's form
    (named,) = cited(records, "US15669293", "US10520997")
    assert named.details["reference_identifier"] == "Sen; Souvik US 10520997 B2"
    assert named.references[0].cited_by == "examiner" and named.details["examiner_cited"] is False
    # applicant-cited (IDS), considered by the examiner, no legal ground
    (ids,) = cited(records, "US15669293", "US20160079766")
    assert ids.references[0].cited_by == "applicant" and ids.references[0].category is None and ids.code is None
    # the same reference relied on in two actions of one application stays two judgments
    assert len(cited(records, "US15669293", "US20170093172")) == 2
    numbers = [e.references[0].number for e in records]
    assert all(n.startswith("US") for n in numbers) and len(numbers) == 52
    assert sum(e.references[0].category == "103" for e in records) == 15


def test_reference_number_spellings():
    assert reference_number("7751013", "7751013") == "US7751013"
    assert reference_number("20150115879", "20150115879") == "US20150115879"
    # YYYY + serial written without the serial's leading zero: US 2016/0111686
    assert reference_number("2016111686", "2016111686") == "US20160111686"
    assert reference_number("JP 2005-123456 A", "2005123456") == "JP2005123456"
    assert reference_number("EP 1234567 A1", "1234567") == "EP1234567"
    assert reference_number("Kim et al. (US Publication 2006/0065429)", "20060065429") == "US20060065429"
    assert reference_number("D801104", None) == "USD801104"
    assert reference_number("Smith, Journal of Things", None) is None


def test_rejection_paragraphs_with_action_flags():
    records = read("rejection")
    assert len(records) == 81
    action = [e for e in records if e.details["action_id"] == "J16J8QVURXEAPX0"]
    e = next(e for e in action if e.details.get("paragraph") == "Non-Statutory-other")
    assert e.app_key == "US14146331" and e.date == dt.date(2017, 4, 10) and e.code == "CTNF"
    assert e.details["legal_section"] == "101" and e.details["action_type"] == "rejected"
    assert e.details["claims"] == [1, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21]
    assert e.details["rejections"] == {"101": True, "102": False, "103": True, "112": True,
                                       "double_patenting": False, "objection": False}
    assert e.details["cited_103_max"] == 4
    assert e.description == "Non-Final Rejection: claims 1, 3-8, 10-15, 17-21 rejected under 35 U.S.C. 101"
    final = [e for e in records if e.code == "CTFR"]
    assert len(final) == 25 and all(e.description.startswith("Final Rejection") for e in final)


def test_action_full_text_with_rejection_sections():
    records = read("fulltext")
    assert len(records) == 71
    (e,) = [e for e in records if e.app_key == "US16879906"]
    assert e.code == "CTNF" and e.date == dt.date(2022, 2, 16)
    assert e.description == "Non-Final Rejection: Electrical Current Connector"
    assert e.details["rejection_sections"]["102"].startswith(
        "Claims 1, 2, 4-7, 9-10, and 20 are rejected under 35 U.S.C. 102(a)(1) as being anticipated by "
        "Sheldon et al. (7513782).")
    assert set(e.details["rejection_sections"]) == {"102", "103", "112"}
    assert "DETAILED ACTION" in e.details["body_text"]
    assert e.details["claims_total"] == 20 and e.details["independent_claims"] == 3
    (allowance,) = [e for e in records if e.app_key == "US29595954"]
    assert allowance.code == "NOA" and allowance.pub_number == "USD801104"
    assert allowance.date == dt.date(2017, 7, 6)
    assert sum(e.code == "NOA" for e in records) == 11
