"""Attorneys and firms named only in a correspondence address become agent parties (USPTO XML
v4.x and pap v1.x applications, ODP records) on real files."""

from iprhub.ingest.formats._uspto_text import correspondence_parties
from iprhub.model.common import Party
from tests.conftest import data_path
from tests.formats_helpers import read_file

APPS = "uspto/application_xml"
PAP = "uspto/application_xml_pap_v1x"


def _agents(doc):
    return [(p.role, p.name, p.country, p.address, p.sequence) for p in doc.parties if p.role in ("agent", "correspondent")]


def test_v4_application_correspondence_names_attorney_and_firm():
    _, (doc,), _, _ = read_file(data_path(f"{APPS}/PatentPublicData__US20050004437A1.xml.gz"), "uspto-xml")
    assert _agents(doc) == [("agent", "David E. Bruhn, Esq.", "US", "Minneapolis, MN", 1),
                            ("agent", "DORSEY & WHITNEY LLP", "US", "Minneapolis, MN", 2)]
    assert doc.parties[-1].normalized_name == "DORSEY WHITNEY"
    _, (doc,), _, _ = read_file(data_path(f"{APPS}/go-uspto__v4-0-A1.xml.gz"), "uspto-xml")
    assert _agents(doc) == [("agent", "SCHWEITZER CORNMAN GROSS & BONDELL LLP", "US", "NEW YORK, NY", 1)]


def test_pap_application_correspondence_is_the_agent():
    _, (doc,), _, _ = read_file(data_path(f"{PAP}/PatentPublicData__US20010000044A1.xml.gz"), "uspto-pap")
    assert _agents(doc) == [("agent", "Neal Cohen", "US", "Newport Beach, California", 1)]
    _, (doc,), _, _ = read_file(data_path(f"{PAP}/go-uspto__v1-5-A1_1.xml.gz"), "uspto-pap")
    assert _agents(doc) == [("agent", "MARSHALL, O'TOOLE, GERSTEIN, MURRAY & BORUN", "US", "CHICAGO, IL", 1)]


def test_odp_correspondence_address_is_the_firm_of_record():
    _, events, _, _ = read_file(data_path("uspto/odp_json/patent_client__odp_biblio.json.gz"), "uspto-odp-json")
    (bib,) = [e for e in events if e.code == "BIB"]
    assert _agents(bib) == [
        ("agent", "FISH & RICHARDSON P.C. (BO)", "US", "P.O. BOX 1022, MINNEAPOLIS, MN, 55440-1022", 1)]


def test_a_correspondent_who_is_an_inventor_or_beside_an_agent_stays_correspondent():
    _, (doc,), _, _ = read_file(data_path(f"{APPS}/go-uspto__v4-0-A1.xml.gz"))
    inventor = next(p for p in doc.parties if p.role == "inventor")
    assert inventor.name == "Goldkind, Tina"
    writing_herself = Party(role="correspondent", name="TINA GOLDKIND", normalized_name="TINA GOLDKIND")
    assert [p.role for p in correspondence_parties([writing_herself], doc.parties)] == ["correspondent"]
    firm = next(p for p in doc.parties if p.role == "agent")
    assert [p.role for p in correspondence_parties([firm.model_copy(update={"role": "correspondent"})],
                                                   [*doc.parties])] == ["correspondent"]  # an agent is named
