"""The dossier: per-office citations from the search reports, office actions from the USPTO Office
Action API records, PANORAMA examiner decisions, the merged citation list. Expected values read from
the source files (JSON records, XML citation lists)."""

from __future__ import annotations

import pytest

from iprhub.errors import NotFound
from tests.examination.conftest import FAMILY_FILES, make_hub

OA = "uspto/office_action_json/"


@pytest.fixture(scope="module")
def dossier_hub(tmp_path_factory):
    home = tmp_path_factory.mktemp("dossier")
    biblio = [f"epo/ops_xml/patent_client__tests__fixtures__epo__published-data_{n}_biblio.xml.gz" for n in (
        "application_docdb_EP.13844704.A", "publication_docdb_CN.104968889.A", "publication_docdb_US.10047600.B2",
        "publication_docdb_US.9291047.B2", "publication_docdb_WO.2014059282.A2")]
    hub = make_hub(f"sqlite:///{home}/d.db", home, FAMILY_FILES + biblio + [
        OA + "patent_client__citation_sample_input.json.gz", OA + "patent_client__rejection_sample_input.json.gz"])
    yield hub
    hub.close()


def test_family_dossier_per_office(dossier_hub):
    d = dossier_hub.examination.dossier("EP2906782A2")
    assert [o.office for o in d.offices] == ["CA", "CN", "EP", "RU", "US", "WO"]
    us = next(o for o in d.offices if o.office == "US")
    assert us.applications == ["US14052000", "US15044813"]
    assert us.granted == ["US10047600B2", "US9291047B2"]
    ep = next(o for o in d.offices if o.office == "EP")
    # EP 2906782 A2/A4 search report: US 2003/0236627 (X) among others
    assert any(c.number == "US20030236627" and c.categories == ["X"] for c in ep.citations)
    merged = {m.number: m for m in d.merged_citations}
    assert merged["US20030236627"].offices == {"CN": ["X"], "EP": ["X"], "US": []}
    assert d.merged_citations[0].number == "US20030236627"  # the one cited by most offices first
    dates = [e.date for e in d.timeline if e.date]
    assert dates == sorted(dates) and any(e.kind == "grant" for e in d.timeline)


def test_legal_events_once_each_on_the_timeline(dossier_hub):
    d = dossier_hub.examination.dossier("EP2400812B1")
    ep = next(o for o in d.offices if o.office == "EP")
    assert ep.status and ep.status == dossier_hub.application("EP10167109").status  # the latest event's
    keys = [(e.date, e.office, e.kind, e.code, e.description) for e in d.timeline]
    assert len(keys) == len(set(keys))
    # INPADOC legal event 17P of EP 2400812 (given by the A1 and the B1 records and the register): shown once
    assert sum(1 for e in d.timeline if e.code == "17P") == 1
    assert str(next(e.date for e in d.timeline if e.code == "17P")) == "2012-07-18"


def test_office_actions_with_rejections_and_references(dossier_hub):
    d = dossier_hub.examination.dossier("US 15/989,508")
    [us] = d.offices
    [action] = us.office_actions
    assert action.action_id == "K4EGPKUPRXEAPX2" and action.sections == ["103"]
    assert sorted(r.number for r in action.references) == ["US6213559", "US6244665"]
    # 13 references in the citation records of this application, each once in the merged list
    assert len(d.merged_citations) == 13
    assert {m.number: m.offices for m in d.merged_citations}["US6213559"] == {"US": ["103"]}
    rej = dossier_hub.examination.dossier("US14146331").offices[0].office_actions[0]
    assert (str(rej.date), rej.code, rej.sections) == ("2017-04-10", "CTNF", ["101", "103", "112"])


def test_panorama_examiner_decisions(dossier_hub):
    d = dossier_hub.examination.dossier("US 15/091,542")
    [us] = d.offices
    [rec] = us.examiner_records
    assert rec.examiner == "NGUYEN, PHUONGCHAU BA" and rec.patent_number == "US9888523"
    assert len(rec.decisions) == 19 and all(c.rejected for c in rec.decisions)
    c13 = next(c for c in rec.decisions if c.claim == 13)
    assert c13.sections == ["103"] and c13.references == ["US20050025220", "US20150036514"]
    assert c13.paragraphs == ["165", "178"]
    c1 = rec.decisions[0]
    assert c1.sections == ["102"] and c1.paragraphs == ["8", "31", "34", "65", "66"]
    assert {m.number for m in d.merged_citations} == {"US20050025220", "US20150036514"}


def test_dossier_out_of_time_is_partial(dossier_hub):
    from iprhub.limits import Deadline

    d = dossier_hub.examination.dossier("EP2906782A2", deadline=Deadline.after(0))
    assert d.partial and d.warnings and "time limit" in d.warnings[0]


def test_examination_begun_where_an_office_action_is_stored(dossier_hub):
    from iprhub.examination.pph import _examination_begun

    assert _examination_begun(dossier_hub, "US14146331") is True  # a non-final rejection is on record
    assert _examination_begun(dossier_hub, "US14052000") is None  # nothing stored: unknown


def test_unknown_number(dossier_hub):
    with pytest.raises(NotFound):
        dossier_hub.examination.dossier("US 99/999,999")
