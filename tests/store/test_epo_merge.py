"""One publication (EP2400812) from several EPO OPS responses, merged in the store on both backends.

The shared data holds no publication that arrives both from DOCDB / EP full text and from OPS
(the set keeps each document once), so the cross-format merge is exercised with OPS services.
"""

import datetime as dt

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

OPS = "epo/ops_xml"
RESPONSES = [
    "epo-ops__get_biblio__response.xml.gz",  # bibliography, abstract, search report
    "epo-ops__get_claims__response.xml.gz",  # claims
    "epo-ops__get_description__response.xml.gz",  # description
    "epo-ops__get_legal__response.xml.gz",  # INPADOC legal events
    "epo-ops__get_register_biblio__response.xml.gz",  # register: agent, designated states, statuses
    "epo-ops__get_register_events__response.xml.gz",  # register: dossier events
]


def _paths(order):
    return [data_path(f"{OPS}/{name}") for name in order]


def test_ops_responses_merge_field_by_field(hub):
    report = hub.ingest(_paths(RESPONSES))
    assert not report.quarantined
    assert {f.status for f in report.files} == {"done"}
    assert "EP2400812A1" in report.merged
    d = hub.document("EP 2400812 A1")
    assert d.pub_date == dt.date(2011, 12, 28) and d.app_number == "EP10167109"
    assert d.family_id == "43088294"
    assert {t.lang for t in d.titles} == {"de", "en", "fr"}
    assert d.abstract("en").startswith("An apparatus enabling establishment of a Bluetooth mesh network")
    assert d.claim_count() == 15 and d.claims[0].lang == "en"
    assert d.descriptions[0].text.startswith("Field [0001] The invention relates to the field of wireless")
    assert len(d.legal_events) == 69
    assert len(d.designated_states) == 37  # only the register response names them
    assert [p.name for p in d.parties_by_role("agent")] == ["Kolster Oy Ab"]
    # the search report arrives from biblio and register: the same six citations once
    assert len(d.citations) == 6
    fs = d.field_sources
    assert fs["claims"] == "epo-ops-fulltext" and fs["descriptions"] == "epo-ops-fulltext"
    assert fs["abstracts"] == "epo-ops-biblio" and fs["legal_events"] == "epo-ops-legal"
    assert fs["designated_states"] == "epo-ops-register" and fs["parties.agent"] == "epo-ops-register"
    assert fs["titles"] in {"epo-ops-biblio", "epo-ops-register"}
    assert fs["family_id"] in {"epo-ops-biblio", "epo-ops-legal"}
    assert {p.format for p in d.provenance} == {"epo-ops-biblio", "epo-ops-fulltext", "epo-ops-legal",
                                                "epo-ops-register"}
    assert len(d.provenance) == 5  # biblio, claims, description, legal, register
    # the granted B1 comes from the register response only; events attach to the application
    assert hub.document("EP2400812B1").pub_date == dt.date(2019, 11, 27)
    view = hub.document_view("EP2400812A1")
    events = view.events
    assert len(events) == 4 + 55  # register statuses (by application) + dossier events (by publication)
    assert {e.app_key for e in events} == {"EP10167109", "EP2400812"}


def test_reingest_changes_nothing(hub):
    hub.ingest(_paths(RESPONSES))
    before = hub.document("EP2400812A1")
    stats = hub.stats()
    again = hub.ingest(_paths(RESPONSES), force=True)
    assert again.inserted == 0 and again.updated == 0 and not again.quarantined
    assert hub.document("EP2400812A1") == before
    assert hub.stats() == stats


def test_ingest_order_does_not_change_the_record(hub, tmp_path):
    hub.ingest(_paths(RESPONSES))
    forward = hub.document("EP2400812A1")
    # the reverse order, one file at a time, into a second store (SQLite), compared with the first
    other_home = tmp_path / "reverse"
    other_home.mkdir()
    with Hub(Settings(home=other_home, database_url=f"sqlite:///{other_home}/iprhub.db", workers=1)) as other:
        for path in reversed(_paths(RESPONSES)):
            other.ingest([path])
        backward = other.document("EP2400812A1")
    assert backward.model_dump() == forward.model_dump()
