"""EPO OPS European Patent Register responses on real recorded files."""

import datetime as dt

from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentDocument
from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

OPS = "epo/ops_xml"


def _read(name: str):
    _, records, rejected, _ = read_file(data_path(f"{OPS}/{name}"), "epo-ops-register")
    assert not rejected
    docs = [r for r in records if isinstance(r, PatentDocument)]
    events = [r for r in records if isinstance(r, ApplicationEvent)]
    assert len(docs) + len(events) == len(records)
    return docs, events


def test_register_biblio_current_version_per_publication_and_statuses():
    docs, events = _read("epo-ops__get_register_biblio__response.xml.gz")
    assert [d.pub_number for d in docs] == ["EP2400812A1", "EP2400812B1"]
    b1 = by_number(docs, "EP2400812B1")
    assert b1.pub_date == dt.date(2019, 11, 27) and b1.lang == "en"
    assert b1.app_number == "EP10167109" and b1.app_date == dt.date(2010, 6, 24)
    # the current applicant/agent (2019), not the older versions kept in the register history
    assert [(p.role, p.name, p.country) for p in b1.parties] == [
        ("applicant", "9Solutions Oy", "FI"), ("inventor", "Herrala, Sami", "FI"),
        ("inventor", "Kylmänen, Jari", "FI"), ("inventor", "Niemi, Jaakko", "FI"), ("agent", "Kolster Oy Ab", "FI")]
    assert b1.parties[0].address == "Elektroniikkatie 2, 90590 Oulu"
    assert {t.lang: t.text for t in b1.titles} == {"de": "BLUETOOTH-VERNETZUNG", "en": "BLUETOOTH NETWORKING",
                                                   "fr": "MISE EN RÉSEAU BLUETOOTH"}
    assert [(c.symbol, c.first) for c in b1.classifications] == [("H04W 84/20", True), ("H04W 88/04", False)]
    assert len(b1.designated_states) == 37 and b1.designated_states[0] == "AL"
    assert [(c.number, c.categories) for c in b1.citations][4:] == [("US20040136338", ["Y", "A"]),
                                                                     ("EP1542377", ["Y", "A"])]
    assert {(c.phase, c.office) for c in b1.citations} == {("SEA", "EP")}
    assert [(e.app_key, e.pub_number, e.event_type, e.code, e.date) for e in events] == [
        ("EP10167109", "EP2400812", "legal", "7", dt.date(2020, 10, 2)),
        ("EP10167109", "EP2400812", "legal", "8", dt.date(2019, 10, 25)),
        ("EP10167109", "EP2400812", "legal", "12", dt.date(2019, 6, 26)),
        ("EP10167109", "EP2400812", "legal", "14", dt.date(2017, 2, 3))]
    assert events[1].description == "The patent has been granted"


def test_register_biblio_of_a_euro_pct_case():
    docs, events = _read("patent_client__epo__ops__register__test__biblio.xml.gz")
    assert [d.pub_number for d in docs] == ["EP3000000A1", "EP3000000B1"]
    d = docs[0]
    assert d.app_number == "EP14735465" and d.lang == "de"
    assert d.parties_by_role("applicant")[0].name == "Trumpf Werkzeugmaschinen GmbH + Co. KG"
    assert [(p.country, p.number, p.date) for p in d.priorities] == [("DE", "201310211960", dt.date(2013, 6, 24))]
    assert {(r.relation, r.number) for r in d.related} == {("pct-application", "EP2014001597"),
                                                           ("pct-publication", "WO2014206532")}
    assert [(c.number, c.phase) for c in d.citations] == [("US20050228534", "ISR"), ("US20070225847", "ISR")]
    assert len(d.npl_citations) == 4 and d.npl_citations[0].text.startswith("- CHOONG N F ET AL")
    assert [e.code for e in events] == ["7", "8", "12"]


def test_register_events_keyed_by_the_queried_publication():
    docs, events = _read("epo-ops__get_register_events__response.xml.gz")
    assert docs == [] and len(events) == 55
    # no application number in an events response: the queried publication keys the events;
    # the statuses (repeated in every register response) come from responses naming the application
    assert {(e.app_key, e.pub_number, e.event_type) for e in events} == {("EP2400812", "EP2400812", "legal")}
    first = events[0]
    assert (first.date, first.code, first.description) == (
        dt.date(2022, 7, 8), "0009250", "Lapse of the patent in a contracting state")
    assert first.details == {"gazette": "2022/32", "id": "EVT_434577438"}
    assert sum(e.description == "Lapse of the patent in a contracting state" for e in events) == 22
    _, events = _read("patent_client__epo__ops__register__test__events.xml.gz")
    assert len(events) == 32 and {e.pub_number for e in events} == {"EP1000000"}


def test_register_procedural_steps_are_prosecution_events():
    docs, events = _read("epo-ops__get_register_procedural_steps__response.xml.gz")
    assert docs == [] and len(events) == 19
    assert {e.event_type for e in events} == {"prosecution"}
    assert [e.code for e in events].count("RFEE") == 8
    fee = events[0]
    assert (fee.code, fee.description, fee.date) == ("RFEE", "Renewal fee payment", dt.date(2012, 6, 20))
    assert fee.details == {"year": "03", "date:date_of_payment": "20120620"}
    exam = next(e for e in events if e.code == "EXRE")
    assert exam.description == "Communication from the examining division" and exam.date == dt.date(2017, 2, 1)
    assert exam.details["phase"] == "examination" and exam.details["time_limit"] == "04 months"
    _, events = _read("patent_client__tests__fixtures__epo__register_publication_epodoc_EP.3221665.A1_procedural-steps.xml.gz")
    assert len(events) == 11 and {e.pub_number for e in events} == {"EP3221665"}


def test_register_search_hits():
    docs, events = _read("patent_client__epo__ops__register__test__search.xml.gz")
    assert len(docs) == 25 and events == []  # MANIFEST: 25 (search statuses are empty placeholders)
    ep = by_number(docs, "EP4088907")  # the register names search hits without kind code
    assert ep.app_number == "EP22178181" and ep.pub_date == dt.date(2022, 11, 16)
    assert ep.title("en") == "PROCESS AND DEVICE FOR MANUFACTURING OF PLASTIC CONTAINERS"
    assert ep.parties_by_role("applicant")[0].name == "KHS GmbH"
    assert [c.symbol for c in ep.classifications] == ["B29C 49/78"]
    # Euro-PCT cases without an EP publication yet: the WO publication, EP application as related
    wo = [d for d in docs if d.country == "WO"]
    assert len(wo) == 18 and all(d.app_number is None for d in wo)
    assert all(r.relation == "regional-phase-application" for d in wo for r in d.related)
    docs, _ = _read("epo-ops__search_register__response.xml.gz")
    assert [d.pub_number for d in docs] == ["EP4636834", "EP4636935", "EP4636907", "EP4636913", "EP4636930"]
