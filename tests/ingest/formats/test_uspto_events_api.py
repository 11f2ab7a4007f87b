"""USPTO ODP patent API, PTAB API and Global Dossier JSON on real responses."""

import datetime as dt
import gzip
import json

from tests.conftest import data_path
from tests.formats_helpers import read_file


def odp(name):
    _, records, rejected, _ = read_file(data_path(f"uspto/odp_json/patent_client__odp_{name}.json.gz"),
                                        "uspto-odp-json")
    return records, rejected


def test_odp_application_record_maps_every_part():
    records, rejected = odp("application")
    assert not rejected
    assert {e.app_key for e in records} == {"US15123456"}
    (bib,) = [e for e in records if e.code == "BIB"]
    assert bib.details["title"] == "TONGUE RETRACTORS FOR FRENOTOMIES"
    assert bib.date == dt.date(2016, 9, 2) and bib.pub_number == "US20170071586A1"
    assert bib.details["status"] == "Abandoned -- Failure to Respond to an Office Action"
    assert "A61B17/24" in bib.details["cpc"]
    assert [(p.role, p.name) for p in bib.parties] == [
        ("applicant", "The General Hospital Corporation"), ("inventor", "Marvin Wang"),
        ("agent", "FISH & RICHARDSON P.C. (BO)")]
    transactions = [e for e in records if e.event_type == "prosecution" and e.details.get("relation") is None
                    and e.code != "BIB"]
    assert len(transactions) == 46
    assert (transactions[0].date, transactions[0].code, transactions[0].description) == (
        dt.date(2016, 9, 2), "IEXX", "Initial Exam Team nn")
    (assignment,) = [e for e in records if e.event_type == "assignment"]
    transfer = assignment.transfer
    assert assignment.date == dt.date(2018, 10, 25) and transfer.reel_frame == "047305/0442"
    assert (assignment.code, transfer.received_date, transfer.pages) == ("assignment", dt.date(2018, 10, 25), 4)
    assert [(a.name, a.executed) for a in transfer.assignors] == [("WANG, MARVIN", dt.date(2018, 9, 23))]
    assert [(p.name, p.address) for p in transfer.assignees] == [
        ("THE GENERAL HOSPITAL CORPORATION", "55 FRUIT STREET, BOSTON, MA, 02114")]
    assert transfer.correspondent == "J. P. FASSE" and transfer.properties[0].app_key == "US15123456"
    assert assignment.details == {}
    nst = next(e for e in records if e.code == "NST")
    assert nst.description == "15123456 is a National Stage Entry of PCT/US15/27322"
    assert nst.details["parent"] == "WO2015US027322"


def test_odp_continuity_names_its_application_through_its_relations():
    records, rejected = odp("continuity")
    assert not rejected
    assert [(e.app_key, e.code, e.date) for e in records] == [
        ("US15123456", "NST", dt.date(2015, 4, 22)),
        ("US15123456", "PRO", dt.date(2014, 4, 22)),
        ("US15123456", "CON", dt.date(2018, 9, 13)),
    ]
    assert records[2].details["child"] == "US16132008"


def test_odp_records_without_application_number_are_quarantined_with_reason():
    for name, part in (("adjustment", "patent term adjustment"), ("assignment", "assignments"),
                       ("attorney", "attorneys of record"), ("foreign_priority", "foreign priorities"),
                       ("transactions", "transactions")):
        records, rejected = odp(name)
        assert records == [], name
        (r,) = rejected
        assert r.position == "record 1" and "applicationNumberText" in r.reason and part in r.reason


def test_odp_documents_search_and_biblio():
    records, _ = odp("documents")
    assert len(records) == 117 and {e.event_type for e in records} == {"dossier"}
    first = records[0]
    assert (first.app_key, first.date, first.code) == ("US16330077", dt.date(2023, 3, 27), "RCEX")
    assert first.description == "Request for Continued Examination (RCE)"
    assert first.details == {"document_id": "LFR7FKSMXBLUEX1", "direction": "INCOMING", "formats": ["PDF"], "pages": 3}
    search, _ = odp("search")
    assert len(search) == 25 and {e.code for e in search} == {"BIB"}
    assert (search[0].app_key, search[0].date) == ("US90019421", dt.date(2024, 2, 15))
    biblio, _ = odp("biblio")
    assert [(e.app_key, e.code, e.details["title"]) for e in biblio] == [
        ("US15123456", "BIB", "TONGUE RETRACTORS FOR FRENOTOMIES")]


def ptab(name):
    _, records, rejected, _ = read_file(data_path(f"uspto/ptab_json/patent_client__{name}.json.gz"), "uspto-ptab-json")
    return records, rejected


def test_ptab_trials_attach_to_the_challenged_patents_application():
    (cbm,), _ = ptab("PtabTrialManager-1e5000c737dd5f89ec693537246c6fad")
    assert (cbm.app_key, cbm.pub_number, cbm.event_type, cbm.code) == ("US12943872", "US8118221", "trial", "CBM")
    assert cbm.date == dt.date(2014, 3, 28)
    assert cbm.details["trial_number"] == "CBM2014-00102" and cbm.details["status"] == "FWD Entered"
    assert cbm.details["institution_decision_date"] == "2014-09-30"
    assert [(p.role, p.name) for p in cbm.parties] == [("other", "Apple Inc."), ("owner", "Smartflash LLC")]
    owner_search, _ = ptab("PtabTrialManager-682826897b0a9fcb2d92f5bca4fb0e06")
    assert [e.details["trial_number"] for e in owner_search] == ["IPR2016-00831", "IPR2016-00832", "IPR2016-00833"]
    assert owner_search[2].app_key == "US09089931" and owner_search[2].pub_number == "US6103599"
    (single,), _ = ptab("PtabTrialManager-444bf0358d6af86efd071812d032eaec")
    assert single.identity() == owner_search[0].identity()  # the same trial from two queries


def test_ptab_documents_naming_only_a_trial_are_quarantined():
    records, rejected = ptab("PtabDocumentManager-617393ed664ed39a8997ce9300243acf")
    assert records == [] and len(rejected) == 25
    assert {(r.record_id, r.reason) for r in rejected} == {(
        "IPR2016-00832", "PTAB record of IPR2016-00832 names neither the application nor the challenged patent; "
        "nothing to attach it to [field applicationNumber]")}


def _trial_without_application(tmp_path):
    """The real CBM2014-00102 trial response with its applicationNumber left out."""
    raw = gzip.decompress(data_path(
        "uspto/ptab_json/patent_client__PtabTrialManager-1e5000c737dd5f89ec693537246c6fad.json.gz").read_bytes())
    response = json.loads(raw)
    del response["results"][0]["applicationNumber"]
    path = tmp_path / "trial-without-application.json"
    path.write_text(json.dumps(response))
    return path


def test_ptab_trial_naming_a_patent_but_no_application_is_kept(tmp_path):
    _, (trial,), rejected, _ = read_file(_trial_without_application(tmp_path), "uspto-ptab-json")
    assert not rejected
    assert (trial.app_key, trial.pub_number, trial.code, trial.date) == ("", "US8118221", "CBM", dt.date(2014, 3, 28))
    assert trial.details["trial_number"] == "CBM2014-00102"


def test_store_keeps_a_trial_without_application(hub, tmp_path):
    report = hub.ingest([_trial_without_application(tmp_path)])
    assert report.quarantined == [] and report.inserted == 1
    (stored,) = hub.store.events_for([""], ["US8118221"])
    assert (stored.app_key, stored.pub_number, stored.details["trial_number"]) == ("", "US8118221", "CBM2014-00102")


def test_ptab_new_api_proceeding_and_document():
    (proceeding,), _ = ptab("proceeding_input")
    assert (proceeding.app_key, proceeding.pub_number, proceeding.code) == ("US08976228", "US6059576", "IPR")
    assert proceeding.date == dt.date(2021, 10, 15)
    assert proceeding.details["decision_date"] == "2023-08-30"
    assert proceeding.details["status"] == "Final Written Decision - Appealed"
    (document,), _ = ptab("documents_input")
    assert document.date == dt.date(2023, 10, 30) and document.app_key == "US08976228"
    assert document.description == "IPR2022-00037: Petitioners Notice of Appeal"
    assert document.details["document_category"] == "NOTICE"


def test_global_dossier_family_and_document_list():
    _, family, rejected, _ = read_file(data_path("uspto/global_dossier_json/patent_client__app.json.gz"),
                                       "uspto-global-dossier-json")
    assert not rejected
    assert [(e.app_key, e.date, e.pub_number) for e in family] == [
        ("JP2017187096", dt.date(2017, 9, 27), "JP6768620B2"),
        ("US16123456", dt.date(2018, 9, 6), "US10902286B2"),
        ("US17130468", dt.date(2020, 12, 22), "US20210110206A1"),
    ]
    assert family[0].details["publications"] == [
        {"number": "JP2019061579A", "date": "2019-04-18"}, {"number": "JP6768620B2", "date": "2020-10-14"}]
    assert family[2].details["priority_claims"] == ["US16123456", "US17130468", "JP2017187096"]
    assert {e.details["dossier_of"] for e in family} == {"US16123456"}

    _, docs, _, _ = read_file(data_path("uspto/global_dossier_json/patent_client__doc_list.json.gz"))
    assert len(docs) == 25 and {e.app_key for e in docs} == {"JP2017187096"}
    (bib,) = [e for e in docs if e.code == "BIB"]
    assert [p.name for p in bib.parties] == ["FUJIFILM CORP.", "TAIYO, NAKAJIMA & KATO from Patent Attorney Law"]
    refusal = next(e for e in docs if e.code == "A131")
    assert refusal.date == dt.date(2020, 7, 21)
    assert refusal.description == "Notice of Reasons for Refusal (TRANSLATED)"
    assert refusal.details["office_action"] is True
    assert sum(bool(e.details.get("office_action")) for e in docs) == 2
